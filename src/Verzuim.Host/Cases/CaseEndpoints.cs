using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Verzuim.Host.Audit;
using Verzuim.Host.Auth;
using Verzuim.Host.Cases.History;
using Verzuim.Host.Cases.Notes;
using Verzuim.Host.Schools;
using Verzuim.Host.Tasks;
using Verzuim.Persistence;
using Verzuim.Workflows.Runtime;
using Verzuim.Workflows.Stores;
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
            CaseAccess access, WorkflowStore store, IClock clock, CancellationToken ct) =>
        {
            await using var db = store.CreateContext();
            var query = access.Cases(db);
            if (!string.IsNullOrWhiteSpace(leerling))
            {
                // part of the pseudonymous pupil id, as staff type it ("4711" finds "L-4711"); never a name or BSN
                var term = leerling.Trim().ToLowerInvariant();
                if (term.Length > 64) throw new BadHttpRequestException($"Zoek op (een deel van) het leerlingnummer, hooguit 64 tekens; dit zijn er {term.Length}.", StatusCodes.Status400BadRequest);
                query = query.Where(i => i.BusinessKey != null && i.BusinessKey.ToLower().Contains(term));
            }
            if (!string.IsNullOrWhiteSpace(school)) query = query.Where(i => i.SchoolId == school);
            if (!string.IsNullOrWhiteSpace(model)) query = query.Where(i => i.ProcessId == model);
            if (!string.IsNullOrWhiteSpace(stap)) query = query.Where(i => i.Step == stap);
            query = status?.ToLowerInvariant() switch
            {
                null or "" or "open" => query.Where(i => i.Status == InstanceStatus.Running || i.Status == InstanceStatus.Incident),
                "gesloten" => query.Where(i => i.Status == InstanceStatus.Completed || i.Status == InstanceStatus.Terminated),
                "alle" => query,
                _ => throw new BadHttpRequestException($"Onbekende status '{status}': gebruik open, gesloten of alle.", StatusCodes.Status400BadRequest),
            };
            var records = await query.OrderBy(i => i.StartedAt).Take(Math.Clamp(max ?? 1000, 1, 10_000)).ToListAsync(ct);
            var summaries = await CaseSummaries.BuildAsync(db, records, clock.UtcNow, ct);
            IEnumerable<CaseSummary> result = summaries;
            if (achterstallig is { } overdue) result = result.Where(s => s.Achterstallig == overdue);
            if (!string.IsNullOrWhiteSpace(regie)) result = result.Where(s => string.Equals(s.Regie, regie.Trim(), StringComparison.OrdinalIgnoreCase));
            return result.ToList();
        }).Audited(AuditLog.CaseListed).WithSummary("Zaken van mijn scholen, met filters op school, model, stap, achterstallig, status, regie en (een deel van) het leerlingnummer");

        cases.MapGet("/keuzes", async (CaseAccess access, WorkflowStore store, CancellationToken ct) =>
        {
            await using var db = store.CreateContext();
            var rows = await access.Cases(db).Select(i => new { i.ProcessId, i.Step, i.Variables }).ToListAsync(ct);
            var names = await CaseSummaries.ModelNamesAsync(db, ct);
            var culture = StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("nl-NL"), System.Globalization.CompareOptions.None);
            return new CaseChoices(
                rows.Select(r => r.ProcessId).Distinct().Select(m => new Overview.Option(m, names.GetValueOrDefault(m))).OrderBy(o => o.Naam ?? o.Id, culture).ToList(),
                rows.Select(r => r.Step).OfType<string>().Distinct().Order(culture).ToList(),
                rows.Select(r => (JsonNode.Parse(r.Variables) as JsonObject)?["regievoerder"] is JsonValue v && v.TryGetValue<string>(out var regie) ? regie.Trim() : null)
                    .OfType<string>().Where(r => r.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).Order(culture).ToList());
        }).WithSummary("De keuzes voor de filters van de zakenlijst: de modellen, stappen en regievoerders die bij de zaken van mijn scholen voorkomen (open en afgesloten)");

        cases.MapGet("/{id:guid}", async (Guid id, CaseAccess access, AuditLog audit, WorkflowStore store, SchoolDirectory schools, IClock clock, CancellationToken ct) =>
        {
            await using var db = store.CreateContext();
            var record = await access.CaseAsync(db, id, ct);
            var detail = await CaseSummaries.DetailAsync(db, record, access, schools, clock.UtcNow, ct);
            await audit.WriteAsync(AuditLog.CaseRead, record.Id, record.SchoolId, ct: ct);
            return detail;
        }).WithSummary("Eén zaak: tijdlijn, actieve elementen, variabelen die ik mag zien, deadlines, taken");

        cases.MapGet("/{id:guid}/xml", async (Guid id, CaseAccess access, WorkflowStore store, CancellationToken ct) =>
        {
            await using var db = store.CreateContext();
            var record = await access.CaseAsync(db, id, ct);
            var xml = await db.Definitions.AsNoTracking().Where(d => d.Id == record.DefinitionId).Select(d => d.Xml).FirstAsync(ct);
            return Results.Text(xml, "application/xml");
        }).Audited(AuditLog.CaseModelRead).WithSummary("Het BPMN-model van de versie waarop de zaak loopt");

        cases.MapGet("/{id:guid}/bevestigingen", async (Guid id, CaseAccess access, WorkflowStore store, CancellationToken ct) =>
        {
            await using var db = store.CreateContext();
            var record = await access.CaseAsync(db, id, ct);
            // the case's own model and those of the sub-cases it called: tasks sit in either
            var definitions = await db.Instances.AsNoTracking().Where(i => i.Id == record.Id || i.ParentInstanceId == record.Id)
                .Select(i => i.DefinitionId).Distinct().ToListAsync(ct);
            var confirmations = new Dictionary<string, string>();
            foreach (var definition in definitions)
                foreach (var (element, text) in (await ModelMarks.OfAsync(db, definition, ct)).Confirmations) confirmations.TryAdd(element, text);
            return confirmations;
        }).WithSummary("Taken van deze zaak die vóór het afronden om bevestiging vragen (verzuim:bevestiging): element-id → vraag");

        cases.MapCaseNotes();
        return app;
    }
}

/// <summary>Reads cases into what people see: step, deadlines, overdue, regie, tasks.</summary>
public static class CaseSummaries
{
    public static string StatusName(InstanceStatus status) => status switch
    {
        InstanceStatus.Running => "Lopend",
        InstanceStatus.Incident => "Incident",
        InstanceStatus.Completed => "Afgerond",
        _ => "Beeindigd",
    };

    public static async Task<List<CaseSummary>> BuildAsync(WorkflowDbContext db, IReadOnlyList<InstanceRecord> records, DateTimeOffset now, CancellationToken ct)
    {
        var ids = records.Select(r => r.Id).ToList();
        // tasks and timers of a case include those of the sub-cases it called (e.g. the DUO-melding fragment)
        var children = await db.Instances.AsNoTracking().Where(i => i.ParentInstanceId != null && ids.Contains(i.ParentInstanceId.Value))
            .Select(i => new { i.Id, Parent = i.ParentInstanceId!.Value }).ToListAsync(ct);
        var owner = children.ToDictionary(c => c.Id, c => c.Parent);
        foreach (var id in ids) owner[id] = id;
        var all = owner.Keys.ToList();
        var tasks = await db.Tasks.AsNoTracking().Where(t => t.Status == WorkTaskStatus.Open && all.Contains(t.InstanceId))
            .Select(t => new { t.InstanceId, t.DueAt }).ToListAsync(ct);
        var timers = await db.Subscriptions.AsNoTracking().Where(s => s.Kind == SubscriptionKind.Timer && s.InstanceId != null && all.Contains(s.InstanceId.Value))
            .Select(s => new { InstanceId = s.InstanceId!.Value, s.DueAt }).ToListAsync(ct);
        var names = await ModelNamesAsync(db, ct);

        return records.Select(r =>
        {
            var myTasks = tasks.Where(t => owner[t.InstanceId] == r.Id).ToList();
            var dues = myTasks.Select(t => t.DueAt).Concat(timers.Where(t => owner[t.InstanceId] == r.Id).Select(t => t.DueAt))
                .Where(d => d is not null).Select(d => d!.Value).ToList();
            var variables = JsonNode.Parse(r.Variables) as JsonObject ?? [];
            return new CaseSummary(r.Id, r.ProcessId, names.GetValueOrDefault(r.ProcessId), r.DefinitionVersion,
                Str(variables["leerlingId"]) ?? r.BusinessKey, r.SchoolId, r.Step, StatusName(r.Status), r.StartedAt, r.EndedAt,
                dues.Count == 0 ? null : dues.Min(), myTasks.Any(t => t.DueAt < now), Str(variables["regievoerder"]), myTasks.Count);
        }).ToList();
    }

    public static async Task<CaseDetail> DetailAsync(WorkflowDbContext db, InstanceRecord record, CaseAccess access, SchoolDirectory schools,
        DateTimeOffset now, CancellationToken ct)
    {
        var calendar = schools.CalendarFor(record.SchoolId);
        var summary = (await BuildAsync(db, [record], now, ct))[0];
        var family = await db.Instances.AsNoTracking().Where(i => i.Id == record.Id || i.ParentInstanceId == record.Id).ToListAsync(ct);
        var familyIds = family.Select(i => i.Id).ToList();
        var timeline = await db.Timeline.AsNoTracking().Where(t => familyIds.Contains(t.InstanceId)).ToListAsync(ct);
        var tokens = InstanceState.Deserialize(record.State).Tokens;
        var tasks = await db.Tasks.AsNoTracking().Where(t => familyIds.Contains(t.InstanceId)).OrderBy(t => t.CreatedAt).ToListAsync(ct);
        var timers = await db.Subscriptions.AsNoTracking().Where(s => s.Kind == SubscriptionKind.Timer && s.InstanceId != null && familyIds.Contains(s.InstanceId.Value)).ToListAsync(ct);
        var variables = access.Visible(JsonNode.Parse(record.Variables) as JsonObject ?? []);

        var deadlines = tasks.Where(t => t.Status == WorkTaskStatus.Open && t.DueAt is not null)
            .Select(t => new Deadline(t.ElementId, t.Name, "Taak", t.DueAt!.Value, SchoolDaysLeft(calendar, now, t.DueAt!.Value), null))
            .Concat(timers.Where(t => t.DueAt is not null).Select(t => new Deadline(t.ElementId, ElementName(timeline, t.ElementId), "Timer", t.DueAt!.Value,
                SchoolDaysLeft(calendar, now, t.DueAt!.Value), Provisional(timeline, t))))
            .OrderBy(d => d.Op).ToList();
        var familyVariables = family.Select(i => JsonNode.Parse(i.Variables) as JsonObject).ToArray();
        // variable changes are shown as the case's history, not between the steps of the timeline
        var entries = timeline.Where(t => t.Kind != TimelineKind.VariableChanged).OrderBy(t => t.At).ThenBy(t => t.InstanceId == record.Id ? 0 : 1).ThenBy(t => t.Sequence)
            .Select(t => new TimelineEntry(t.At, t.Kind.ToString(), t.ElementId, t.ElementName, t.ElementType, t.Role, t.Due, t.Message,
                access.IsMedical(t.Detail ?? "") ? null : access.Readable(t.Detail, familyVariables), t.InstanceId,
                t.Kind == TimelineKind.TaskCompleted ? CompletedBy(tasks, t) : null))
            .ToList();
        var completed = timeline.Where(t => t.InstanceId == record.Id && t.Kind == TimelineKind.ActivityCompleted && t.ElementId is not null)
            .Select(t => t.ElementId!).Distinct().ToList();
        // what each completed task recorded, as the caller may see it (medical fields only for the youth doctor)
        var taskViews = tasks.Select(t => TaskView.From(t, family.First(i => i.Id == t.InstanceId), summary, now, calendar) with
        {
            Vastgelegd = t.Status == WorkTaskStatus.Completed && t.Result is { } result && JsonNode.Parse(result) is JsonObject data ? access.Visible(data) : null,
        }).ToList();
        var marks = await ModelMarks.OfAsync(db, record.DefinitionId, ct);
        return new CaseDetail(summary, record.DefinitionId, tokens.Select(t => t.ElementId).Distinct().ToList(), completed, entries,
            variables, deadlines, taskViews, variables["signalen"]?.DeepClone(), schools.CalendarViewOf(record.SchoolId),
            await FirstAbsenceDayAsync(db, record, summary.LeerlingId, calendar, ct))
        {
            Historie = CaseHistory.Build(record, timeline, tasks, marks).Where(h => !access.IsMedical(h.Onderwerp)).ToList(),
        };
    }

    /// <summary>Registrations an opening signal can look back over: 12 school weeks ("4e ziekmelding in 12 weken").</summary>
    private const int OpeningWindowSchoolDays = 60;

    /// <summary>
    /// The first day of absence the case grew from, which the seeds count from ("langer dan vier weken"), as opposed to
    /// the moment the service opened the case: the earliest school day with a registration of the pupil at this school
    /// in the 12 school weeks up to the opening day, and after an earlier case of the same model closed.
    /// </summary>
    private static async Task<DateOnly?> FirstAbsenceDayAsync(WorkflowDbContext db, InstanceRecord record, string? pupil, SchoolCalendar calendar,
        CancellationToken ct)
    {
        if (pupil is null || record.SchoolId is null) return null;
        var opened = calendar.LocalDate(record.StartedAt);
        var from = calendar.SchoolDaysBack(opened, OpeningWindowSchoolDays);
        var previousEnd = await db.Instances.AsNoTracking()
            .Where(i => i.BusinessKey == record.BusinessKey && i.ProcessId == record.ProcessId && i.Id != record.Id && i.EndedAt != null && i.EndedAt <= record.StartedAt)
            .Select(i => i.EndedAt).ToListAsync(ct);
        if (previousEnd.Max() is { } ended && calendar.LocalDate(ended) >= from) from = calendar.LocalDate(ended).AddDays(1);
        var days = await db.AttendanceEntries.AsNoTracking()
            .Where(e => e.LeerlingId == pupil && e.SchoolId == record.SchoolId && e.Datum >= from && e.Datum <= opened)
            .Select(e => e.Datum).Distinct().ToListAsync(ct);
        return days.Where(calendar.IsSchoolDay).Order().Select(d => (DateOnly?)d).FirstOrDefault();
    }

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
    public static string? CompletedBy(IReadOnlyList<TaskRecord> tasks, TimelineRecord entry) =>
        tasks.Where(k => k.InstanceId == entry.InstanceId && k.ElementId == entry.ElementId && k.CompletedAt is not null)
            .OrderBy(k => (k.CompletedAt!.Value - entry.At).Duration())
            .FirstOrDefault(k => (k.CompletedAt!.Value - entry.At).Duration() < TimeSpan.FromSeconds(1))?.CompletedBy;

    /// <summary>The "termijn voorlopig" note the engine wrote when it last (re)scheduled this timer, if any (the overview asks too).</summary>
    public static string? Provisional(IEnumerable<TimelineRecord> timeline, SubscriptionRecord timer) =>
        timeline.Where(t => t.InstanceId == timer.InstanceId && t.ElementId == timer.ElementId && t.Due == timer.DueAt
                && t.Kind is TimelineKind.TimerScheduled or TimelineKind.TimerRescheduled)
            .OrderBy(t => t.Id).Select(t => t.Detail).LastOrDefault() is { } detail && detail.Split("; ").FirstOrDefault(CalendarCoverageGap.IsMessage) is { } note
            ? note : null;

    public static async Task<Dictionary<string, string?>> ModelNamesAsync(WorkflowDbContext db, CancellationToken ct) =>
        (await db.Definitions.AsNoTracking().Where(d => d.Status != DefinitionStatus.Draft)
            .Select(d => new { d.ProcessId, d.Name, d.Version }).ToListAsync(ct))
        .GroupBy(d => d.ProcessId).ToDictionary(g => g.Key, g => g.OrderByDescending(d => d.Version).First().Name);

    private static string? ElementName(List<TimelineRecord> timeline, string elementId) =>
        timeline.LastOrDefault(t => t.ElementId == elementId)?.ElementName;

    public static string? Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
