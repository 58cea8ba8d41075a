using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Verzuim.Cases.Simulation;
using Verzuim.Contracts;
using Verzuim.Host.Api;
using Verzuim.Host.Audit;
using Verzuim.Host.Auth;
using Verzuim.Host.Simulation;
using Verzuim.Workflows.Management;
using Verzuim.Workflows.Parsing;
using Verzuim.Workflows.Stores;
using Verzuim.Workflows.Runtime;
using Verzuim.Workflows.Simulation;

namespace Verzuim.Host.Definitions;

public sealed record VersionView(Guid Id, int Versie, string Status, DateTimeOffset AangemaaktOp, DateTimeOffset? GepubliceerdOp,
    string? GepubliceerdDoor, int LopendeZaken, string? Wijziging);

public sealed record RollbackRequest(string? Notitie);

public sealed record DefinitionView(string ProcessId, string? Naam, IReadOnlyList<VersionView> Versies);

public sealed record SimulationRequest(string? Xml, JsonObject? Scenario);

/// <summary>The process owner's side: check, keep as draft, publish, simulate, and read back every version.</summary>
public static class DefinitionEndpoints
{
    private const int MaxBpmnBytes = 5 * 1024 * 1024;

    public static IEndpointRouteBuilder MapDefinitions(this IEndpointRouteBuilder app)
    {
        var definitions = app.MapGroup("/api/definitions").RequireAuthorization(Policies.Definitions).WithTags("Modellen");

        definitions.MapGet("/", async (IDefinitionQueries queries, CancellationToken ct) =>
        {
            var versions = await queries.VersionsAsync(ct);
            return versions.GroupBy(v => v.ProcessId).OrderBy(g => g.Key).Select(g =>
            {
                var ordered = g.OrderByDescending(v => v.Version).ToList();
                return new DefinitionView(g.Key, ordered.First().Name, ordered.Select(v => new VersionView(v.Id, v.Version, StatusName(v.Status),
                    v.CreatedAt, v.PublishedAt, v.PublishedBy, v.RunningCases, v.ChangeNote)).ToList());
            }).ToList();
        }).Audited(AuditLog.DefinitionsListed).WithSummary("Alle modellen met hun versies (concept, gepubliceerd, vervangen), de wijzigingsnotitie en lopende zaken per versie");

        definitions.MapGet("/{processId}/xml", async (string processId, int? versie, IDefinitionQueries queries, CancellationToken ct) =>
        {
            var xml = await queries.FileAsync(processId, versie, ct)
                ?? throw new KeyNotFoundException(versie is null ? $"Model '{processId}' bestaat niet." : $"Model '{processId}' heeft geen versie {versie}.");
            return Results.Text(xml, "application/xml", Encoding.UTF8);
        }).Audited(AuditLog.DefinitionXmlRead).WithSummary("Het BPMN-bestand: een bepaalde versie, anders het concept, anders de gepubliceerde versie");

        definitions.MapPost("/validate", async (HttpRequest request, WorkflowEngine engine, CancellationToken ct) =>
        {
            var problems = await engine.ValidateAsync(await ReadXmlAsync(request, ct), ct);
            return new { geldig = problems.Count == 0, problemen = problems.Select(ProblemDto.From).ToList() };
        }).WithSummary("De servercontrole van een BPMN-bestand: elk probleem met element en regel");

        definitions.MapPut("/draft", async (HttpRequest request, WorkflowEngine engine, Caller caller, CancellationToken ct) =>
        {
            var xml = await ReadXmlAsync(request, ct);
            var saved = await engine.SaveDraftAsync(xml, caller.UserName, ct);
            var problems = await engine.ValidateAsync(xml, ct);
            return new
            {
                processen = saved.Select(p => new { processId = p.ProcessId, versie = p.Version }),
                problemen = problems.Select(ProblemDto.From).ToList(),
            };
        }).WithSummary("Het bestand bewaren als concept van elk proces erin (mag nog problemen hebben)");

        definitions.MapPost("/", async (HttpRequest request, string? notitie, WorkflowEngine engine, Caller caller, AuditLog audit, CancellationToken ct) =>
        {
            var note = ChangeNote(notitie);
            var xml = await ReadXmlAsync(request, ct);
            var deployed = await engine.DeployAsync(xml, caller.UserName, note, // refuses a model with problems (422 with the list)
                audit.InUnitOfWork<IReadOnlyList<DeployedProcess>>(published => published.Where(d => d.Changed).Select(d =>
                    audit.Entry(AuditLog.DefinitionPublished, detail: $"{d.ProcessId} v{d.Version}{(note is null ? "" : $": {note}")}"))), ct);
            return Results.Created($"/api/definitions/{deployed[0].ProcessId}/xml?versie={deployed[0].Version}",
                deployed.Select(d => new { processId = d.ProcessId, id = d.DefinitionId, versie = d.Version, gewijzigd = d.Changed }).ToList());
        }).WithSummary("Publiceren (?notitie= wat er veranderde en waarom): elk proces in het bestand wordt een nieuwe versie; lopende zaken blijven op hun versie");

        definitions.MapPost("/{processId}/versies/{versie:int}/terugzetten", async (string processId, int versie, RollbackRequest? body,
            WorkflowEngine engine, Caller caller, AuditLog audit, CancellationToken ct) =>
        {
            var note = ChangeNote($"Teruggezet naar v{versie}{(string.IsNullOrWhiteSpace(body?.Notitie) ? "" : $": {body!.Notitie.Trim()}")}");
            var deployed = await engine.RepublishAsync(processId, versie, caller.UserName, note,
                audit.InUnitOfWork<IReadOnlyList<DeployedProcess>>(published => published.Where(d => d.Changed).Select(d =>
                    audit.Entry(AuditLog.DefinitionPublished, detail: $"{processId} v{d.Version}: {note}"))), ct);
            if (!deployed.Changed)
                throw new BadHttpRequestException($"Versie {versie} van '{processId}' is al de gepubliceerde versie.", StatusCodes.Status409Conflict);
            return Results.Created($"/api/definitions/{processId}/xml?versie={deployed.Version}",
                new { processId, id = deployed.DefinitionId, versie = deployed.Version, gewijzigd = true });
        }).WithSummary("Terugzetten: een eerdere versie opnieuw publiceren als nieuwe versie (de geschiedenis blijft; lopende zaken blijven op hun versie)");

        definitions.MapPost("/simulate", async (SimulationRequest body, IDefinitionQueries queries, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(body.Xml)) throw new BadHttpRequestException("Het veld xml (het BPMN-model) ontbreekt.", StatusCodes.Status400BadRequest);
            if (body.Scenario is null) throw new BadHttpRequestException("Het veld scenario ontbreekt.", StatusCodes.Status400BadRequest);
            Scenario scenario;
            try { scenario = body.Scenario.Deserialize<Scenario>(ScenarioRunner.Json) ?? throw new JsonException("leeg scenario"); }
            catch (JsonException e) { throw new ScenarioException($"Het scenario is geen geldig simulatiescenario: verkeerde vorm{ApiErrors.Where(e)}.", e); }
            var called = await CalledProcessesAsync(queries, body.Xml, ct);
            try { return Results.Json(await ScenarioRunner.RunAsync(scenario, body.Xml, called, ContractSimulation.Options, ct), ScenarioRunner.Json); }
            catch (ScenarioException e)
            {
                return Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "De simulatie kan niet draaien", detail: e.Message);
            }
        }).WithSummary("Het concept draaien op een scenario (virtuele tijd, eigen geheugenopslag); aangeroepen processen komen uit de opslag");

        definitions.MapGet("/scenarios", (string? processId, IHostEnvironment environment) => ExampleScenarios.List(environment, processId))
            .WithSummary("Voorbeeldscenario's die met de host meekomen");

        definitions.MapGet("/messages", () => new { inkomend = MessageNames.Inbound, uitgaand = MessageNames.Outbound })
            .WithSummary("De berichtnamen uit de contracten");
        return app;
    }

    private static string StatusName(DefinitionStatus status) => status switch
    {
        DefinitionStatus.Draft => "Concept",
        DefinitionStatus.Published => "Gepubliceerd",
        _ => "Vervangen", // superseded by a newer publication; cases that started on it keep running on it
    };

    private static string? ChangeNote(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        text = text.Trim();
        return text.Length <= DefinitionRecord.MaxChangeNoteLength ? text
            : throw new BadHttpRequestException($"De wijzigingsnotitie is {text.Length} tekens; hooguit {DefinitionRecord.MaxChangeNoteLength}.", StatusCodes.Status400BadRequest);
    }

    /// <summary>
    /// Reads the uploaded file, never more than 5 MB of it: a Content-Length above that is refused before reading, a
    /// chunked body (no length) once it passes the limit (Kestrel's per-request body limit, and a counted read for
    /// servers without one), so an upload cannot fill memory or keep the host busy.
    /// </summary>
    private static async Task<string> ReadXmlAsync(HttpRequest request, CancellationToken ct)
    {
        var type = request.ContentType ?? "";
        if (!type.Contains("xml", StringComparison.OrdinalIgnoreCase))
            throw new BadHttpRequestException("Stuur het BPMN-bestand als application/xml of text/xml.", StatusCodes.Status415UnsupportedMediaType);
        if (request.ContentLength > MaxBpmnBytes) throw TooLarge();
        if (request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = MaxBpmnBytes;
        using var body = new MemoryStream();
        var chunk = new byte[81920];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
            {
                if (body.Length + read > MaxBpmnBytes) throw TooLarge();
                body.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge(); // Kestrel's own refusal, in the service's words
        }
        body.Position = 0;
        using var reader = new StreamReader(body, Encoding.UTF8);
        var xml = await reader.ReadToEndAsync(ct);
        if (string.IsNullOrWhiteSpace(xml)) throw new BadHttpRequestException("Het BPMN-bestand is leeg.", StatusCodes.Status400BadRequest);
        return xml;
    }

    private static BadHttpRequestException TooLarge() =>
        new($"Het bestand is groter dan {MaxBpmnBytes / (1024 * 1024)} MB.", StatusCodes.Status413PayloadTooLarge);

    /// <summary>The published files of processes the model calls but does not contain (e.g. the shared DUO-melding fragment).</summary>
    private static async Task<IReadOnlyList<string>> CalledProcessesAsync(IDefinitionQueries queries, string xml, CancellationToken ct)
    {
        XDocument doc;
        try { doc = XDocument.Parse(xml); }
        catch (System.Xml.XmlException) { return []; } // the runner reports the XML problem
        var own = doc.Descendants(BpmnNamespaces.Model + "process").Select(p => (string?)p.Attribute("id")).ToHashSet();
        var called = doc.Descendants(BpmnNamespaces.Model + "callActivity").Select(c => ((string?)c.Attribute("calledElement"))?.Trim())
            .Where(id => id is not null && !own.Contains(id)).Distinct().ToList();
        if (called.Count == 0) return [];
        var files = new List<string>();
        foreach (var id in called)
        {
            var latest = await queries.PublishedFileAsync(id!, ct);
            if (latest is not null && !files.Contains(latest)) files.Add(latest);
        }
        return files;
    }
}
