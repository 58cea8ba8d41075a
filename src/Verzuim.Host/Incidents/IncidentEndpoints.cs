using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Verzuim.Cases.Incidents;
using Verzuim.Host.Audit;
using Verzuim.Host.Auth;
using Verzuim.Host.Cases;
using Verzuim.Host.Privacy;
using Verzuim.Workflows.Management;
using Verzuim.Workflows.Runtime;

namespace Verzuim.Host.Incidents;

/// <summary>Tokens that could not go on, for the operator: the element, the reason, and a retry once the cause is fixed.</summary>
public static partial class IncidentEndpoints
{
    public static IEndpointRouteBuilder MapIncidents(this IEndpointRouteBuilder app)
    {
        var incidents = app.MapGroup("/api/incidents").RequireAuthorization(Policies.Incidents).WithTags("Incidenten");

        incidents.MapGet("/", async (bool? opgelost, IIncidentQueries incidentQueries, ICaseQueries cases, CaseAccess access, CancellationToken ct) =>
        {
            var found = await incidentQueries.ListAsync(opgelost == true, 1000, ct);
            var instances = (await cases.InstancesAsync(found.Select(i => i.InstanceId).ToList(), ct)).ToDictionary(i => i.Id);
            var rows = found.Where(i => instances.ContainsKey(i.InstanceId)).Select(i => new { Incident = i, Instance = instances[i.InstanceId] }).ToList();
            // the reason may quote a medical value of the case (a failing condition over it): redacted for this role
            var parentIds = rows.Select(r => r.Instance.ParentInstanceId).OfType<Guid>().Distinct().ToList();
            var parents = (await cases.InstancesAsync(parentIds, ct)).ToDictionary(c => c.Id, c => c.Variables);
            return rows.Select(r => new
            {
                id = r.Incident.Id, caseId = r.Instance.ParentInstanceId ?? r.Instance.Id, instanceId = r.Instance.Id, model = r.Instance.ProcessId,
                versie = r.Instance.DefinitionVersion, schoolId = r.Instance.SchoolId, elementId = r.Incident.ElementId,
                reden = access.Readable(r.Incident.Reason, Variables(r.Instance.Variables),
                    r.Instance.ParentInstanceId is { } parent ? Variables(parents.GetValueOrDefault(parent)) : null),
                op = r.Incident.CreatedAt, opgelostOp = r.Incident.ResolvedAt,
            }).ToList();
        }).WithSummary("Incidenten (standaard de open)");

        incidents.MapPost("/{id:guid}/retry", async (Guid id, [FromBody] RetryRequest? body, WorkflowEngine engine, IncidentWork work, IIncidentQueries incidentQueries,
            AuditLog audit, CancellationToken ct) =>
        {
            var incident = await incidentQueries.FindAsync(id, ct) ?? throw new KeyNotFoundException($"Incident {id} bestaat niet.");
            if (incident.ResolvedAt is not null) throw new InvalidOperationException("Dit incident is al opgelost.");
            var variables = body?.Variabelen;
            if (variables is { Count: > 0 })
            {
                if (Refusal(variables, engine) is { } refusal)
                {
                    await audit.WriteAsync(AuditLog.IncidentRetried, incident.InstanceId, detail: $"{incident.ElementId}; geweigerd: {refusal}", result: AuditLog.Refused, ct: ct);
                    return Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "De variabelen kloppen niet", detail: refusal);
                }
                FreeTextGuard.Check(variables, _ => false); // no BSN, no diagnosis: the same rule as a task form's text
            }
            // the correction, the retry and the entry commit together (a retry that fails again makes a new incident and keeps
            // the correction, as an operator expects); names only in the entry: the values may be personal, and the case holds them
            await work.RetryAsync(id, variables is { Count: > 0 } ? variables : null, audit.Entry(AuditLog.IncidentRetried, incident.InstanceId,
                detail: variables is { Count: > 0 } ? $"{incident.ElementId}; variabelen: {string.Join(", ", variables.Select(v => v.Key))}" : incident.ElementId), ct);
            return Results.NoContent();
        }).WithSummary("Het token opnieuw proberen, desgewenst na het corrigeren van variabelen ({ variabelen }); een nieuwe fout wordt een nieuw incident");
        return app;
    }

    /// <summary>Why a correction is refused, or null: names that are no identifiers, protected variables, too much.</summary>
    private static string? Refusal(JsonObject variables, WorkflowEngine engine)
    {
        if (variables.Count > MaxVariables) return $"Hoogstens {MaxVariables} variabelen per keer; dit waren er {variables.Count}.";
        if (variables.ToJsonString().Length > MaxJsonLength) return $"De variabelen zijn samen langer dan {MaxJsonLength} tekens.";
        var bad = variables.Select(v => v.Key).Where(name => !Identifier().IsMatch(name)).ToList();
        if (bad.Count > 0) return $"Geen geldige variabelenaam: {string.Join(", ", bad.Select(n => $"'{n}'"))} (letters, cijfers en _, beginnend met een letter).";
        // the same rule as a task form: school, pupil, signals, regie and medical detail are set only by the process itself
        var guarded = variables.Select(v => v.Key).Where(engine.IsProtected).ToList();
        return guarded.Count > 0
            ? $"Beschermde variabele{(guarded.Count == 1 ? "" : "n")} {string.Join(", ", guarded.Select(n => $"'{n}'"))} kan de beheerder niet wijzigen; alleen het proces zelf zet die."
            : null;
    }

    private const int MaxVariables = 50;
    private const int MaxJsonLength = 20_000;

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,63}$")]
    private static partial Regex Identifier();

    private static JsonObject? Variables(string? json) => json is null ? null : JsonNode.Parse(json) as JsonObject;
}

/// <summary>The optional body of a retry: variables to set on the case before the token runs again.</summary>
public sealed record RetryRequest(JsonObject? Variabelen);
