using Verzuim.Host.Audit;
using Verzuim.Host.Auth;
using Verzuim.Workflows.Management;
using Verzuim.Workflows.Migration;
using Verzuim.Workflows.Model;
using Verzuim.Workflows.Runtime;
using Verzuim.Workflows.Stores;

namespace Verzuim.Host.Migrations;

/// <summary>
/// Migrating running cases of a published version to another version of the same process (docs/studio.md, Zaken
/// migreren): propose and check a plan, preview it per case, run it as a durable batch, follow, pause, cancel, retry.
/// For the process owner and the beheerder.
/// </summary>
public static class MigrationEndpoints
{
    /// <summary>At most this many cases in one preview: enough to look at, not a way to read every case.</summary>
    public const int MaxPreviewCases = 100;

    public static IEndpointRouteBuilder MapMigrations(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/definitions/{id:guid}/migrations").RequireAuthorization(Policies.Migrations).WithTags("Migraties");

        group.MapPost("/plan", async (Guid id, PlanRequest? body, WorkflowEngine engine, IDefinitionQueries definitions, CancellationToken ct) =>
        {
            var plan = await PlanAsync(id, body, engine, definitions, ct);
            return await ViewAsync(plan, engine, definitions, ct);
        }).WithSummary("Het migratieplan van deze versie naar een andere (standaard de nieuwste gepubliceerde): zonder mappings het voorstel (zelfde id, zelfde soort), met mappings die gecontroleerd; per timer de regel");

        group.MapPost("/preview", async (Guid id, PreviewRequest body, WorkflowEngine engine, IDefinitionQueries definitions, MigrationBatchRunner runner,
            CancellationToken ct) =>
        {
            var plan = await PlanAsync(id, body, engine, definitions, ct);
            var check = await engine.CheckMigrationPlanAsync(plan, ct);
            if (!check.IsValid) return Refused(check.Problems);
            var cases = await SelectAsync(id, body.Selectie, runner, ct);
            if (cases.Count > MaxPreviewCases)
                throw new BadHttpRequestException($"De voorvertoning toont hooguit {MaxPreviewCases} zaken; er zijn er {cases.Count} gekozen. Kies een school of stap, of minder zaken.", StatusCodes.Status400BadRequest);
            var previews = new List<CasePreviewView>();
            foreach (var caseId in cases) previews.Add(View(await engine.PreviewMigrationAsync(plan, caseId, ct)));
            return Results.Ok(previews);
        }).WithSummary("Per gekozen zaak wat de migratie doet: nieuwe termijnen, welke elementen actief worden, en wat haar weigert");

        group.MapPost("/", async (Guid id, PreviewRequest body, WorkflowEngine engine, IDefinitionQueries definitions, MigrationBatchRunner runner,
            MigrationBatchService service, Caller caller, AuditLog audit, CancellationToken ct) =>
        {
            var plan = await PlanAsync(id, body, engine, definitions, ct);
            var check = await engine.CheckMigrationPlanAsync(plan, ct);
            if (!check.IsValid) return Refused(check.Problems);
            var cases = await SelectAsync(id, body.Selectie, runner, ct);
            if (cases.Count == 0) throw new BadHttpRequestException("Er is geen lopende zaak van deze versie gekozen om te migreren.", StatusCodes.Status400BadRequest);
            var batch = await runner.StartAsync(plan, cases, SelectionText(body.Selectie!, cases.Count), caller.UserName, ct);
            await audit.WriteAsync(AuditLog.MigrationStarted,
                detail: $"{check.ProcessId} v{check.SourceVersion} → v{check.TargetVersion}: {batch.Selection}; migratie {batch.Id}", ct: ct);
            service.Wake();
            return Results.Accepted($"/api/definitions/{id}/migrations/{batch.Id}", await BatchViewAsync(runner, batch, withCases: false, ct));
        }).WithSummary("Migreren: de gekozen zaken (zaken, alle, of school en stap) als duurzame batch, elke zaak in een eigen transactie (202 met de batch)");

        group.MapGet("/", async (Guid id, MigrationBatchRunner runner, CancellationToken ct) =>
        {
            var views = new List<BatchView>();
            foreach (var batch in await runner.Batches.OfDefinitionAsync(id, ct)) views.Add(await BatchViewAsync(runner, batch, withCases: false, ct));
            return views;
        }).WithSummary("De migraties van en naar deze versie, nieuwste eerst, met voortgang");

        group.MapGet("/{batchId:guid}", async (Guid id, Guid batchId, MigrationBatchRunner runner, CancellationToken ct) =>
            await BatchViewAsync(runner, await BatchAsync(id, batchId, runner, ct), withCases: true, ct))
            .WithSummary("Eén migratie met voortgang en per zaak het resultaat (gemigreerd, mislukt met de reden, wachtend)");

        group.MapPost("/{batchId:guid}/pauzeren", (Guid id, Guid batchId, MigrationBatchRunner runner, Caller caller, AuditLog audit, CancellationToken ct) =>
            ChangeAsync(id, batchId, runner, audit, "gepauzeerd", () => runner.PauseAsync(batchId, caller.UserName, ct), "alleen een lopende migratie kan pauzeren", ct))
            .WithSummary("Pauzeren: de zaak die nu migreert maakt af, de rest wacht");

        group.MapPost("/{batchId:guid}/hervatten", async (Guid id, Guid batchId, MigrationBatchRunner runner, MigrationBatchService service, Caller caller,
            AuditLog audit, CancellationToken ct) =>
        {
            var result = await ChangeAsync(id, batchId, runner, audit, "hervat", () => runner.ResumeAsync(batchId, caller.UserName, ct), "alleen een gepauzeerde migratie kan hervatten", ct);
            service.Wake();
            return result;
        }).WithSummary("Hervatten na pauzeren");

        group.MapPost("/{batchId:guid}/annuleren", (Guid id, Guid batchId, MigrationBatchRunner runner, Caller caller, AuditLog audit, CancellationToken ct) =>
            ChangeAsync(id, batchId, runner, audit, "geannuleerd", () => runner.CancelAsync(batchId, caller.UserName, ct), "een afgeronde of geannuleerde migratie kan niet annuleren", ct))
            .WithSummary("Annuleren: gemigreerde zaken blijven gemigreerd, wachtende blijven op hun versie");

        group.MapPost("/{batchId:guid}/opnieuw", async (Guid id, Guid batchId, RetryRequest? body, MigrationBatchRunner runner, MigrationBatchService service,
            Caller caller, AuditLog audit, CancellationToken ct) =>
        {
            var batch = await BatchAsync(id, batchId, runner, ct);
            if (batch.Status == MigrationBatchStatus.Cancelled)
                throw new InvalidOperationException("Deze migratie is geannuleerd; start een nieuwe migratie voor de zaken die nog moeten.");
            var count = await runner.RetryAsync(batchId, body?.Zaken, caller.UserName, ct);
            if (count == 0) throw new InvalidOperationException("Er is geen mislukte zaak (van de gekozen) om opnieuw te proberen.");
            await audit.WriteAsync(AuditLog.MigrationChanged, detail: $"migratie {batchId}: {count} mislukte zaken opnieuw", ct: ct);
            service.Wake();
            return await BatchViewAsync(runner, (await runner.Batches.FindAsync(batchId, ct))!, withCases: false, ct);
        }).WithSummary("Mislukte zaken opnieuw proberen (alle, of { zaken: [...] })");
        app.MapCaseModification();
        return app;
    }

    // ---- plans ----------------------------------------------------------------------------------------------

    private static async Task<MigrationPlan> PlanAsync(Guid sourceId, PlanRequest? body, WorkflowEngine engine, IDefinitionQueries definitions, CancellationToken ct)
    {
        var versions = await definitions.VersionsAsync(ct);
        var source = versions.FirstOrDefault(v => v.Id == sourceId) ?? throw new KeyNotFoundException($"Versie {sourceId} bestaat niet.");
        if (source.Status == DefinitionStatus.Draft) throw new InvalidOperationException($"Versie {source.Version} van '{source.ProcessId}' is een concept; daarop lopen geen zaken.");
        var targetId = body?.Naar ?? versions.Where(v => v.ProcessId == source.ProcessId && v.Status == DefinitionStatus.Published).MaxBy(v => v.Version)?.Id
            ?? throw new KeyNotFoundException($"'{source.ProcessId}' heeft geen gepubliceerde versie.");
        if (targetId == sourceId)
            throw new InvalidOperationException($"Versie {source.Version} is de nieuwste gepubliceerde versie van '{source.ProcessId}'; publiceer eerst de nieuwe versie, of kies met 'naar' een andere.");
        var proposed = await engine.ProposeMigrationAsync(sourceId, targetId, ct);
        var mappings = body?.Mappings is { } given
            ? given.Select(m => new ElementMapping(Required(m.Van, "van"), Required(m.Naar, "naar"))).ToList()
            : proposed.Mappings;
        var rules = (body?.Timerregels ?? []).Select(r => new TimerOverride(Required(r.Element, "element"), MigrationNames.RuleOf(r.Element, r.Regel))).ToList();
        return proposed with { Mappings = mappings, TimerOverrides = rules };
    }

    private static string Required(string? value, string field) => string.IsNullOrWhiteSpace(value)
        ? throw new BadHttpRequestException($"Een mapping of timerregel mist het veld '{field}'.", StatusCodes.Status400BadRequest)
        : value.Trim();

    private static async Task<PlanView> ViewAsync(MigrationPlan plan, WorkflowEngine engine, IDefinitionQueries definitions, CancellationToken ct)
    {
        var check = await engine.CheckMigrationPlanAsync(plan, ct);
        var source = await engine.ModelAsync(plan.SourceDefinitionId, ct);
        var target = await engine.ModelAsync(plan.TargetDefinitionId, ct);
        var running = (await definitions.VersionsAsync(ct)).FirstOrDefault(v => v.Id == plan.SourceDefinitionId)?.RunningCases ?? 0;
        var targetsMapped = plan.Mappings.Select(m => m.TargetElementId).ToHashSet(StringComparer.Ordinal);
        return new PlanView(check.ProcessId, new(plan.SourceDefinitionId, check.SourceVersion), new(plan.TargetDefinitionId, check.TargetVersion),
            check.IsValid, check.Problems.Select(ProblemView.From).ToList(),
            plan.Mappings.Select(m => new MappingView(m.SourceElementId, source.NodesById.GetValueOrDefault(m.SourceElementId)?.Name, m.TargetElementId,
                target.NodesById.GetValueOrDefault(m.TargetElementId)?.Name, source.NodesById.TryGetValue(m.SourceElementId, out var n) ? n.BpmnType : "?")).ToList(),
            check.Unmapped.Select(id => Element(source.Node(id))).ToList(),
            target.NodesById.Values.Where(n => !targetsMapped.Contains(n.Id)).OrderBy(n => n.Id, StringComparer.Ordinal).Select(Element).ToList(),
            check.Timers.Select(t => new TimerPlanView(t.SourceElementId, t.TargetElementId, t.SourceText, t.TargetText, MigrationNames.Of(t.Rule), t.IsTaskDueDate, t.Explanation)).ToList(),
            running);
    }

    private static ElementView Element(FlowNode node) => new(node.Id, node.Name, node.BpmnType);

    private static IResult Refused(IReadOnlyList<MigrationProblem> problems) => Results.Problem(
        statusCode: StatusCodes.Status422UnprocessableEntity, title: "Het migratieplan is geweigerd",
        detail: string.Join("; ", problems), extensions: new Dictionary<string, object?> { ["problemen"] = problems.Select(ProblemView.From).ToList() });

    // ---- cases ----------------------------------------------------------------------------------------------

    private static async Task<List<Guid>> SelectAsync(Guid sourceId, SelectionDto? selection, MigrationBatchRunner runner, CancellationToken ct)
    {
        if (selection is null)
            throw new BadHttpRequestException("Het veld 'selectie' ontbreekt: { zaken: [...] }, { alle: true } of { school, stap }.", StatusCodes.Status400BadRequest);
        var open = await runner.Batches.OpenCasesAsync(sourceId, selection.School, selection.Stap, ct);
        if (selection.Zaken is { Count: > 0 } chosen)
        {
            var notOpen = chosen.Where(c => !open.Contains(c)).ToList();
            if (notOpen.Count > 0)
                throw new BadHttpRequestException($"Zaak {notOpen[0]} is geen lopende zaak van deze versie{(selection.School ?? selection.Stap) switch { null => "", _ => " binnen de gekozen school en stap" }}.", StatusCodes.Status400BadRequest);
            return [.. chosen.Distinct()];
        }
        if (selection.Alle == true || selection.School is not null || selection.Stap is not null) return open;
        throw new BadHttpRequestException("Kies zaken: { zaken: [...] }, { alle: true } of { school, stap }.", StatusCodes.Status400BadRequest);
    }

    private static string SelectionText(SelectionDto selection, int count) =>
        selection.Zaken is { Count: > 0 } ? $"geselecteerd: {count} zaken"
        : selection.School is null && selection.Stap is null ? $"alle lopende zaken van de versie: {count}"
        : $"{(selection.School is null ? "" : $"school {selection.School}")}{(selection.School is not null && selection.Stap is not null ? ", " : "")}{(selection.Stap is null ? "" : $"stap {selection.Stap}")}: {count} zaken";

    private static CasePreviewView View(CaseMigrationPreview p) => new(p.InstanceId, p.SchoolId, p.Step, p.SourceVersion, p.TargetVersion, p.CanMigrate,
        p.Problems.Select(ProblemView.From).ToList(),
        p.ActiveElements.Select(a => new ActiveView(a.SourceElementId, a.TargetElementId, a.TargetName)).ToList(),
        p.Timers.Select(t => new TimerChangeView(t.SourceElementId, t.TargetElementId, t.OldDue, t.NewDue, t.Rule is { } r ? MigrationNames.Of(r) : null, t.Explanation)).ToList(),
        p.Tasks.Select(t => new TaskChangeView(t.TaskId, t.SourceElementId, t.TargetElementId, t.ClaimedBy, t.OldDue, t.NewDue)).ToList());

    // ---- batches --------------------------------------------------------------------------------------------

    private static async Task<MigrationBatchRecord> BatchAsync(Guid definitionId, Guid batchId, MigrationBatchRunner runner, CancellationToken ct)
    {
        var batch = await runner.Batches.FindAsync(batchId, ct);
        return batch is not null && (batch.SourceDefinitionId == definitionId || batch.TargetDefinitionId == definitionId) ? batch
            : throw new KeyNotFoundException($"Migratie {batchId} bestaat niet bij versie {definitionId}.");
    }

    private static async Task<IResult> ChangeAsync(Guid id, Guid batchId, MigrationBatchRunner runner, AuditLog audit, string what, Func<Task<bool>> change,
        string refusal, CancellationToken ct)
    {
        var batch = await BatchAsync(id, batchId, runner, ct);
        if (!await change())
            throw new InvalidOperationException($"Deze migratie is {MigrationNames.Of(batch.Status).ToLowerInvariant()}; {refusal}.");
        await audit.WriteAsync(AuditLog.MigrationChanged, detail: $"migratie {batchId} {what}", ct: ct);
        return Results.Ok(await BatchViewAsync(runner, (await runner.Batches.FindAsync(batchId, ct))!, withCases: false, ct));
    }

    private static async Task<BatchView> BatchViewAsync(MigrationBatchRunner runner, MigrationBatchRecord batch, bool withCases, CancellationToken ct)
    {
        var cases = await runner.Batches.CasesAsync(batch.Id, ct);
        var progress = new ProgressView(cases.Count, cases.Count(c => c.Status == MigrationCaseStatus.Migrated), cases.Count(c => c.Status == MigrationCaseStatus.Failed),
            cases.Count(c => c.Status == MigrationCaseStatus.Pending));
        return new BatchView(batch.Id, batch.ProcessId, batch.SourceDefinitionId, batch.TargetDefinitionId, batch.Selection, MigrationNames.Of(batch.Status),
            batch.CreatedBy, batch.CreatedAt, batch.ChangedBy, batch.UpdatedAt, progress,
            withCases ? cases.Select(c => new BatchCaseView(c.InstanceId, MigrationNames.Of(c.Status), c.Attempts, c.Error, c.FinishedAt)).ToList() : null);
    }
}
