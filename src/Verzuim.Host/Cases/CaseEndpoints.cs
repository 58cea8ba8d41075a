using System.Text.Json.Nodes;
using Verzuim.Host.Audit;
using Verzuim.Host.Auth;
using Verzuim.Host.Cases.History;
using Verzuim.Host.Cases.Notes;
using Verzuim.Host.Schools;
using Verzuim.Host.Tasks;
using Verzuim.Cases.Attendance;
using Verzuim.Workflows.Management;
using Verzuim.Workflows.Stores;
using Verzuim.Workflows.Runtime;
using Verzuim.Workflows.Time;

namespace Verzuim.Host.Cases;

public sealed record CaseSummary(Guid Id, string Model, string? ModelNaam, int Versie, string? LeerlingId, string? SchoolId, string? Stap,
    string Status, DateTimeOffset GestartOp, DateTimeOffset? BeeindigdOp, DateTimeOffset? VolgendeDeadline, bool Achterstallig,
    string? Regie, int OpenTaken);

/// <param name="Door">Who completed the task (TaskCompleted only): the user, or "systeem:&lt;bericht&gt;" for a message.</param>
public sealed record TimelineEntry(DateTimeOffset At, string Soort, string? ElementId, string? ElementNaam, string? ElementType,
    string? Rol, DateTimeOffset? Deadline, string? Bericht, string? Detail, Guid InstanceId, string? Door = null);

/// <param name="SchooldagenOver">School days after today up to and including the due day, in the school's calendar (0 when due or past).</param>
/// <param name="Voorlopig">Set when the due date is a best estimate past the calendar's holiday data ("termijn voorlopig: ...").</param>
public sealed record Deadline(string ElementId, string? Naam, string Soort, DateTimeOffset Op, int SchooldagenOver, string? Voorlopig);

/// <summary>What the case list's filters offer: only values that occur in the caller's cases.</summary>
public sealed record CaseChoices(IReadOnlyList<Overview.Option> Modellen, IReadOnlyList<string> Stappen, IReadOnlyList<string> Regie);

public sealed record CaseDetail(CaseSummary Zaak, Guid DefinitionId, IReadOnlyList<string> ActieveElementen, IReadOnlyList<string> AfgerondeElementen,
    IReadOnlyList<TimelineEntry> Timeline, JsonObject Variabelen, IReadOnlyList<Deadline> Deadlines, IReadOnlyList<TaskView> Taken,
    JsonNode? Aanwezigheid, SchoolCalendarView? Kalender, DateOnly? EersteVerzuimdag = null)
{
    /// <summary>Every value step, regie and feedback date had, oldest first, with when and who set it.</summary>
    public IReadOnlyList<HistoryEntry> Historie { get; init; } = [];
}

public static class CaseEndpoints
{
    public static IEndpointRouteBuilder MapCases(this IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("/api/cases").RequireAuthorization(Policies.Cases).WithTags("Zaken");

        cases.MapGet("/", async (string? school, string? model, string? stap, bool? achterstallig, string? status, string? leerling, string? regie, int? max,
            CaseAccess access, ICaseQueries queries, CaseReader reader, IClock clock, CancellationToken ct) =>
        {
            var filter = new CaseFilter(access.Scope) { Max = Math.Clamp(max ?? 1000, 1, 10_000) };
            if (!string.IsNullOrWhiteSpace(leerling))
            {
                // part of the pseudonymous pupil id, as staff type it ("4711" finds "L-4711"); never a name or BSN
                var term = leerling.Trim().ToLowerInvariant();
                if (term.Length > 64) throw new BadHttpRequestException($"Zoek op (een deel van) het leerlingnummer, hooguit 64 tekens; dit zijn er {term.Length}.", StatusCodes.Status400BadRequest);
                filter = filter with { BusinessKeyContains = term };
            }
            if (!string.IsNullOrWhiteSpace(school)) filter = filter with { SchoolId = school };
            if (!string.IsNullOrWhiteSpace(model)) filter = filter with { ProcessId = model };
            if (!string.IsNullOrWhiteSpace(stap)) filter = filter with { Step = stap };
            filter = status?.ToLowerInvariant() switch
            {
                null or "" or "open" => filter with { Statuses = [InstanceStatus.Running, InstanceStatus.Incident] },
                "gesloten" => filter with { Statuses = [InstanceStatus.Completed, InstanceStatus.Terminated] },
                "alle" => filter,
                _ => throw new BadHttpRequestException($"Onbekende status '{status}': gebruik open, gesloten of alle.", StatusCodes.Status400BadRequest),
            };
            var summaries = await reader.SummariesAsync(await queries.CasesAsync(filter, ct), clock.UtcNow, ct);
            IEnumerable<CaseSummary> result = summaries;
            if (achterstallig is { } overdue) result = result.Where(s => s.Achterstallig == overdue);
            if (!string.IsNullOrWhiteSpace(regie)) result = result.Where(s => string.Equals(s.Regie, regie.Trim(), StringComparison.OrdinalIgnoreCase));
            return result.ToList();
        }).Audited(AuditLog.CaseListed).WithSummary("Zaken van mijn scholen, met filters op school, model, stap, achterstallig, status, regie en (een deel van) het leerlingnummer");

        cases.MapGet("/keuzes", async (CaseAccess access, ICaseQueries queries, IDefinitionQueries definitions, CancellationToken ct) =>
        {
            var rows = await queries.CasesAsync(new CaseFilter(access.Scope) { Max = int.MaxValue }, ct);
            var names = await definitions.ModelNamesAsync(ct);
            var culture = StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("nl-NL"), System.Globalization.CompareOptions.None);
            return new CaseChoices(
                rows.Select(r => r.ProcessId).Distinct().Select(m => new Overview.Option(m, names.GetValueOrDefault(m))).OrderBy(o => o.Naam ?? o.Id, culture).ToList(),
                rows.Select(r => r.Step).OfType<string>().Distinct().Order(culture).ToList(),
                rows.Select(r => (JsonNode.Parse(r.Variables) as JsonObject)?["regievoerder"] is JsonValue v && v.TryGetValue<string>(out var regie) ? regie.Trim() : null)
                    .OfType<string>().Where(r => r.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).Order(culture).ToList());
        }).WithSummary("De keuzes voor de filters van de zakenlijst: de modellen, stappen en regievoerders die bij de zaken van mijn scholen voorkomen (open en afgesloten)");

        cases.MapGet("/{id:guid}", async (Guid id, CaseAccess access, AuditLog audit, ICaseQueries queries, CaseReader reader, SchoolDirectory schools,
            IClock clock, CancellationToken ct) =>
        {
            var record = await access.CaseAsync(queries, id, ct);
            var detail = await reader.DetailAsync(record, access, schools, clock.UtcNow, ct);
            await audit.WriteAsync(AuditLog.CaseRead, record.Id, record.SchoolId, ct: ct);
            return detail;
        }).WithSummary("Eén zaak: tijdlijn, actieve elementen, variabelen die ik mag zien, deadlines, taken");

        cases.MapGet("/{id:guid}/xml", async (Guid id, CaseAccess access, ICaseQueries queries, IDefinitionQueries definitions, CancellationToken ct) =>
        {
            var record = await access.CaseAsync(queries, id, ct);
            var xml = await definitions.XmlAsync(record.DefinitionId, ct) ?? throw new InvalidOperationException($"Model {record.DefinitionId} ontbreekt.");
            return Results.Text(xml, "application/xml");
        }).Audited(AuditLog.CaseModelRead).WithSummary("Het BPMN-model van de versie waarop de zaak loopt");

        cases.MapGet("/{id:guid}/bevestigingen", async (Guid id, CaseAccess access, ICaseQueries queries, WorkflowEngine engine, CancellationToken ct) =>
        {
            var record = await access.CaseAsync(queries, id, ct);
            // the case's own model and those of the sub-cases it called: tasks sit in either
            var definitions = new[] { record.DefinitionId }.Concat((await queries.ChildrenAsync([record.Id], ct)).Select(i => i.DefinitionId)).Distinct().ToList();
            var confirmations = new Dictionary<string, string>();
            foreach (var definition in definitions)
                foreach (var (element, text) in (await ModelMarks.OfAsync(engine, definition, ct)).Confirmations) confirmations.TryAdd(element, text);
            return confirmations;
        }).WithSummary("Taken van deze zaak die vóór het afronden om bevestiging vragen (verzuim:bevestiging): element-id → vraag");

        cases.MapCaseNotes();
        return app;
    }
}

/// <summary>Reads cases into what people see: step, deadlines, overdue, regie, tasks.</summary>
public sealed class CaseReader(ICaseQueries cases, ITaskQueries tasks, IDefinitionQueries definitions, FirstAbsenceDays firstAbsenceDays, WorkflowEngine engine)
{
    public async Task<List<CaseSummary>> SummariesAsync(IReadOnlyList<CaseInstance> records, DateTimeOffset now, CancellationToken ct)
    {
        var ids = records.Select(r => r.Id).ToList();
        // tasks and timers of a case include those of the sub-cases it called (e.g. the DUO-melding fragment)
        var children = await cases.ChildrenAsync(ids, ct);
        var owner = children.ToDictionary(c => c.Id, c => c.ParentInstanceId!.Value);
        foreach (var id in ids) owner[id] = id;
        var all = owner.Keys.ToList();
        var open = await tasks.OfInstancesAsync(all, openOnly: true, ct);
        var timers = await cases.TimersAsync(all, ct);
        var names = await definitions.ModelNamesAsync(ct);

        return records.Select(r =>
        {
            var myTasks = open.Where(t => owner[t.InstanceId] == r.Id).ToList();
            var dues = myTasks.Select(t => t.DueAt).Concat(timers.Where(t => owner[t.InstanceId] == r.Id).Select(t => t.DueAt))
                .Where(d => d is not null).Select(d => d!.Value).ToList();
            var variables = JsonNode.Parse(r.Variables) as JsonObject ?? [];
            return new CaseSummary(r.Id, r.ProcessId, names.GetValueOrDefault(r.ProcessId), r.DefinitionVersion,
                CaseSummaries.Str(variables["leerlingId"]) ?? r.BusinessKey, r.SchoolId, r.Step, CaseSummaries.StatusName(r.Status), r.StartedAt, r.EndedAt,
                dues.Count == 0 ? null : dues.Min(), myTasks.Any(t => t.DueAt < now), CaseSummaries.Str(variables["regievoerder"]), myTasks.Count);
        }).ToList();
    }

    public async Task<CaseDetail> DetailAsync(CaseInstance record, CaseAccess access, SchoolDirectory schools, DateTimeOffset now, CancellationToken ct)
    {
        var calendar = schools.CalendarFor(record.SchoolId);
        var summary = (await SummariesAsync([record], now, ct))[0];
        var family = new List<CaseInstance> { record };
        family.AddRange(await cases.ChildrenAsync([record.Id], ct));
        var familyIds = family.Select(i => i.Id).ToList();
        var timeline = await cases.TimelineAsync(familyIds, ct: ct);
        var active = await cases.ActiveElementsAsync(record.Id, ct);
        var allTasks = await tasks.OfInstancesAsync(familyIds, ct: ct);
        var timers = await cases.TimersAsync(familyIds, ct);
        var variables = access.Visible(JsonNode.Parse(record.Variables) as JsonObject ?? []);

        var deadlines = allTasks.Where(t => t.Status == WorkTaskStatus.Open && t.DueAt is not null)
            .Select(t => new Deadline(t.ElementId, t.Name, "Taak", t.DueAt!.Value, CaseSummaries.SchoolDaysLeft(calendar, now, t.DueAt!.Value), null))
            .Concat(timers.Where(t => t.DueAt is not null).Select(t => new Deadline(t.ElementId, ElementName(timeline, t.ElementId), "Timer", t.DueAt!.Value,
                CaseSummaries.SchoolDaysLeft(calendar, now, t.DueAt!.Value), CaseSummaries.Provisional(timeline, t.InstanceId, t.ElementId, t.DueAt))))
            .OrderBy(d => d.Op).ToList();
        var familyVariables = family.Select(i => JsonNode.Parse(i.Variables) as JsonObject).ToArray();
        // variable changes are shown as the case's history, not between the steps of the timeline
        var entries = timeline.Where(t => t.Kind != TimelineKind.VariableChanged).OrderBy(t => t.At).ThenBy(t => t.InstanceId == record.Id ? 0 : 1).ThenBy(t => t.Sequence)
            .Select(t => new TimelineEntry(t.At, t.Kind.ToString(), t.ElementId, t.ElementName, t.ElementType, t.Role, t.Due, t.Message,
                access.IsMedical(t.Detail ?? "") ? null : access.Readable(t.Detail, familyVariables), t.InstanceId,
                t.Kind == TimelineKind.TaskCompleted ? CaseSummaries.CompletedBy(allTasks, t) : null))
            .ToList();
        var completed = timeline.Where(t => t.InstanceId == record.Id && t.Kind == TimelineKind.ActivityCompleted && t.ElementId is not null)
            .Select(t => t.ElementId!).Distinct().ToList();
        // what each completed task recorded, as the caller may see it (medical fields only for the youth doctor)
        var taskViews = allTasks.Select(t => TaskView.From(t, family.First(i => i.Id == t.InstanceId), summary, now, calendar) with
        {
            Vastgelegd = t.Status == WorkTaskStatus.Completed && t.Result is { } result && JsonNode.Parse(result) is JsonObject data ? access.Visible(data) : null,
        }).ToList();
        var steps = CaseSteps.Entered(timeline.Where(t => t.InstanceId == record.Id), await engine.ModelAsync(record.DefinitionId, ct));
        return new CaseDetail(summary, record.DefinitionId, active, completed, entries,
            variables, deadlines, taskViews, variables["signalen"]?.DeepClone(), schools.CalendarViewOf(record.SchoolId),
            await firstAbsenceDays.OfAsync(record, summary.LeerlingId, calendar, ct))
        {
            Historie = CaseHistory.Build(record, timeline, allTasks, steps).Where(h => !access.IsMedical(h.Onderwerp)).ToList(),
        };
    }

    private static string? ElementName(IReadOnlyList<TimelineRecord> timeline, string elementId) =>
        timeline.LastOrDefault(t => t.ElementId == elementId)?.ElementName;
}

/// <summary>What the case views share: status names, school days left, who completed a task, provisional timer notes.</summary>
public static class CaseSummaries
{
    public static string StatusName(InstanceStatus status) => status switch
    {
        InstanceStatus.Running => "Lopend",
        InstanceStatus.Incident => "Incident",
        InstanceStatus.Completed => "Afgerond",
        _ => "Beeindigd",
    };

    /// <summary>School days after today up to and including the due day ("nog 4 schooldagen"); 0 when it is due today or past.</summary>
    public static int SchoolDaysLeft(SchoolCalendar calendar, DateTimeOffset now, DateTimeOffset due)
    {
        var today = calendar.LocalDate(now);
        var dueDay = calendar.LocalDate(due);
        return dueDay <= today ? 0 : calendar.CountSchoolDays(today.AddDays(1), dueDay);
    }

    /// <summary>
    /// Who completed the task of a TaskCompleted entry: the task of that element in that instance completed at that
    /// moment (the engine stamps both in one step; stored instants may differ by the database's rounding).
    /// </summary>
    public static string? CompletedBy(IReadOnlyList<WorkTask> tasks, TimelineRecord entry) =>
        tasks.Where(k => k.InstanceId == entry.InstanceId && k.ElementId == entry.ElementId && k.CompletedAt is not null)
            .OrderBy(k => (k.CompletedAt!.Value - entry.At).Duration())
            .FirstOrDefault(k => (k.CompletedAt!.Value - entry.At).Duration() < TimeSpan.FromSeconds(1))?.CompletedBy;

    /// <summary>The "termijn voorlopig" note the engine wrote when it last (re)scheduled this timer, if any (the overview asks too).</summary>
    public static string? Provisional(IEnumerable<TimelineRecord> timeline, Guid? instanceId, string elementId, DateTimeOffset? due) =>
        timeline.Where(t => t.InstanceId == instanceId && t.ElementId == elementId && t.Due == due
                && t.Kind is TimelineKind.TimerScheduled or TimelineKind.TimerRescheduled)
            .OrderBy(t => t.Id).Select(t => t.Detail).LastOrDefault() is { } detail && detail.Split("; ").FirstOrDefault(CalendarCoverageGap.IsMessage) is { } note
            ? note : null;

    public static string? Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
