using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using Verzuim.Cases.Thuiszitters;
using Verzuim.Host.Api;
using Verzuim.Host.Audit;
using Verzuim.Host.Auth;
using Verzuim.Host.Cases;
using Verzuim.Host.Schools;
using Verzuim.Workflows.Management;
using Verzuim.Workflows.Stores;
using Verzuim.Workflows.Runtime;
using Verzuim.Workflows.Time;

namespace Verzuim.Host.Overview;

public sealed record OverviewCase(Guid Id, string Model, string? ModelNaam, string? LeerlingId, string? SchoolId, string? SchoolNaam, string? Stap,
    string Status, DateTimeOffset GestartOp, DateTimeOffset? VolgendeDeadline, bool Achterstallig, string? Regie, int OpenTaken,
    DateOnly? ThuisSinds, int DagenThuis, bool Actietafel, int? SchooldagenOver = null, string? Voorlopig = null);

public sealed record StepCount(string Model, string? ModelNaam, string? Stap, int Aantal, int Achterstallig);

public sealed record Option(string Id, string? Naam);

public sealed record OverviewFilters(IReadOnlyList<Option> Modellen, IReadOnlyList<Option> Scholen, IReadOnlyList<string> Stappen);

public sealed record OverviewAnswer(DateOnly Peildatum, OverviewFilters Keuzes, IReadOnlyList<StepCount> Stappen, IReadOnlyList<OverviewCase> Zaken,
    IReadOnlyList<OverviewCase> Actietafel, IReadOnlyList<Thuiszitter> Thuiszitters, IReadOnlyList<string> Duren);

public sealed record RegisterRow(string SchoolId, string? SchoolNaam, string? Model, string? ModelNaam, string Duur, int Aantal);

public sealed record RegisterDate(DateOnly Datum, int Aantal);

public sealed record RegisterAnswer(DateOnly Peildatum, int Totaal, IReadOnlyList<string> Duren, IReadOnlyList<RegisterRow> Rijen, IReadOnlyList<RegisterDate> Peildata);

/// <summary>
/// The overview for chairs of the actietafel and compulsory-education officers: open cases per step with filters, the
/// cases at the actietafel, thuiszitters against the placement terms, and the thuiszitter register on the
/// inspectorate's reference dates (JSON and an anonymised CSV). Always scoped to the caller's schools.
/// </summary>
public static class OverviewEndpoints
{
    public static IEndpointRouteBuilder MapOverview(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").RequireAuthorization(Policies.Overview).WithTags("Overzicht");

        group.MapGet("/overview", async (string? model, string? school, string? stap, bool? achterstallig, int? minDagenThuis,
            Caller caller, CaseAccess access, CaseReader reader, ICaseQueries caseQueries, ITaskQueries taskQueries, ThuiszitterData data, SchoolDirectory schools,
            IOptions<SchoolOptions> options, IClock clock, CancellationToken ct) =>
        {
            var queries = new ThuiszitterQueries(caller, schools, options, data);
            var today = SchoolCalendar.WeekendsOnly.LocalDate(clock.UtcNow);
            var records = await caseQueries.CasesAsync(new CaseFilter(access.Scope) { Statuses = [InstanceStatus.Running, InstanceStatus.Incident], Max = int.MaxValue }, ct);
            var summaries = await reader.SummariesAsync(records, clock.UtcNow, ct);
            var perioden = await queries.PeriodenAsync(today, summaries.Select(s => s.LeerlingId).OfType<string>().Distinct().ToList(), ct);
            var atTable = await AtActietafelAsync(caseQueries, taskQueries, records, ct);
            var provisional = await ProvisionalAsync(caseQueries, summaries, ct);

            var all = summaries.Select(s =>
            {
                var periode = s.LeerlingId is not null && s.SchoolId is not null ? perioden.GetValueOrDefault((s.LeerlingId, s.SchoolId)) : null;
                return new OverviewCase(s.Id, s.Model, s.ModelNaam, s.LeerlingId, s.SchoolId, schools.NameOf(s.SchoolId), s.Stap, s.Status, s.GestartOp,
                    s.VolgendeDeadline, s.Achterstallig, s.Regie, s.OpenTaken, periode?.Sinds, periode?.Dagen ?? 0, atTable.Contains(s.Id),
                    // as the case view and the werkbak count it: school days after today up to the due day, in the school's calendar
                    s.VolgendeDeadline is { } due ? CaseSummaries.SchoolDaysLeft(schools.CalendarFor(s.SchoolId), clock.UtcNow, due) : null,
                    provisional.GetValueOrDefault(s.Id));
            }).ToList();
            // the choices come from every open case, so a filter never hides its own alternatives
            var keuzes = new OverviewFilters(
                all.GroupBy(c => c.Model).Select(g => new Option(g.Key, g.First().ModelNaam)).OrderBy(o => o.Naam ?? o.Id).ToList(),
                queries.MySchools().Select(s => new Option(s.Id, s.Naam)).ToList(),
                all.Select(c => c.Stap).OfType<string>().Distinct().Order(StringComparer.CurrentCulture).ToList());

            IEnumerable<OverviewCase> filtered = all;
            if (!string.IsNullOrWhiteSpace(model)) filtered = filtered.Where(c => c.Model == model);
            if (!string.IsNullOrWhiteSpace(school)) filtered = filtered.Where(c => c.SchoolId == school);
            var bySchoolAndModel = filtered.ToList(); // the actietafel and thuiszitter lists follow model and school only
            if (!string.IsNullOrWhiteSpace(stap)) filtered = filtered.Where(c => c.Stap == stap);
            if (achterstallig is { } overdue) filtered = filtered.Where(c => c.Achterstallig == overdue);
            if (minDagenThuis is { } days) filtered = filtered.Where(c => c.DagenThuis >= days);
            var zaken = filtered.ToList();

            var steps = zaken.GroupBy(c => (c.Model, c.Stap))
                .Select(g => new StepCount(g.Key.Model, g.First().ModelNaam, g.Key.Stap, g.Count(), g.Count(c => c.Achterstallig)))
                .OrderBy(s => s.ModelNaam ?? s.Model).ThenBy(s => s.Stap ?? "", StringComparer.CurrentCulture).ToList();
            var thuiszitters = (await queries.OnAsync(today, ct))
                .Where(t => (string.IsNullOrWhiteSpace(school) || t.SchoolId == school) && (string.IsNullOrWhiteSpace(model) || t.Model == model)).ToList();
            return new OverviewAnswer(today, keuzes, steps, zaken, bySchoolAndModel.Where(c => c.Actietafel).ToList(), thuiszitters, Thuiszitten.Buckets);
        }).Audited(AuditLog.OverviewRead).WithSummary("Overzicht: open zaken per stap (filters model, school, stap, achterstallig, dagen thuis), de actietafel en thuiszitters tegen de termijnen");

        group.MapGet("/overview/grafieken", async (string? model, string? school, CaseAccess access, OverviewCharts charts, IClock clock, CancellationToken ct) =>
        {
            var cases = new CaseFilter(access.Scope) { Max = int.MaxValue };
            if (!string.IsNullOrWhiteSpace(model)) cases = cases with { ProcessId = model };
            if (!string.IsNullOrWhiteSpace(school)) cases = cases with { SchoolId = school };
            return await charts.BuildAsync(cases, model, clock.UtcNow, ct);
        }).Audited(AuditLog.OverviewRead).WithSummary($"Grafieken van het overzicht (filters model, school): open zaken aan het eind van de laatste {OverviewCharts.WeeksBack} weken en kantelpunten in de komende {OverviewCharts.WeeksAhead} weken, per stap als één model gekozen is, anders per model");

        group.MapGet("/register", async (string? peildatum, Caller caller, SchoolDirectory schools, IOptions<SchoolOptions> options,
            IDefinitionQueries definitions, ThuiszitterData data, IClock clock, CancellationToken ct) =>
        {
            var queries = new ThuiszitterQueries(caller, schools, options, data);
            return await RegisterAsync(definitions, queries, schools, ParseDate(peildatum, clock), clock, ct);
        }).Audited(AuditLog.RegisterRead).WithSummary("Thuiszittersregister op een peildatum (standaard de laatste peildatum van de inspectie): aantallen per school, model en duur");

        group.MapGet("/register.csv", async (string? peildatum, Caller caller, SchoolDirectory schools, IOptions<SchoolOptions> options,
            IDefinitionQueries definitions, ThuiszitterData data, IClock clock, CancellationToken ct) =>
        {
            var queries = new ThuiszitterQueries(caller, schools, options, data);
            var register = await RegisterAsync(definitions, queries, schools, ParseDate(peildatum, clock), clock, ct);
            return Results.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Csv(register))).ToArray(), "text/csv; charset=utf-8",
                $"thuiszitters-{register.Peildatum:yyyy-MM-dd}.csv");
        }).Audited(AuditLog.RegisterExported).WithSummary("Het thuiszittersregister als CSV, geanonimiseerd: alleen aantallen per school, model en duur, geen leerlingnummers");
        return app;
    }

    /// <summary>
    /// The "termijn voorlopig" note of each case whose next deadline is a timer the engine could only estimate (past its
    /// calendar's holiday data), read from the timeline as the case view reads it, so both mark the same deadline.
    /// </summary>
    private static async Task<Dictionary<Guid, string>> ProvisionalAsync(ICaseQueries cases, IReadOnlyList<CaseSummary> summaries, CancellationToken ct)
    {
        var ids = summaries.Where(s => s.VolgendeDeadline is not null).Select(s => s.Id).ToList();
        if (ids.Count == 0) return [];
        var owner = (await cases.ChildrenAsync(ids, ct)).ToDictionary(c => c.Id, c => c.ParentInstanceId!.Value);
        foreach (var id in ids) owner[id] = id;
        var timers = (await cases.TimersAsync(owner.Keys.ToList(), ct)).Where(t => t.DueAt is not null).ToList();
        if (timers.Count == 0) return [];
        var scheduled = (await cases.TimelineAsync(timers.Select(t => t.InstanceId).Distinct().ToList(),
            [TimelineKind.TimerScheduled, TimelineKind.TimerRescheduled], ct: ct)).ToLookup(t => t.InstanceId);
        var next = summaries.Where(s => s.VolgendeDeadline is not null).ToDictionary(s => s.Id, s => s.VolgendeDeadline!.Value);
        var notes = new Dictionary<Guid, string>();
        foreach (var timer in timers)
        {
            var caseId = owner[timer.InstanceId];
            if (timer.DueAt != next[caseId] || notes.ContainsKey(caseId)) continue; // only the deadline the overview shows
            if (CaseSummaries.Provisional(scheduled[timer.InstanceId], timer.InstanceId, timer.ElementId, timer.DueAt) is { } note) notes[caseId] = note;
        }
        return notes;
    }

    /// <summary>
    /// Counts per school (each of the caller's schools, also when zero), model and duration bucket on the peildatum,
    /// and the totals on the most recent reference dates.
    /// </summary>
    private static async Task<RegisterAnswer> RegisterAsync(IDefinitionQueries definitions, ThuiszitterQueries queries, SchoolDirectory schools,
        DateOnly? asked, IClock clock, CancellationToken ct)
    {
        var today = SchoolCalendar.WeekendsOnly.LocalDate(clock.UtcNow);
        var recent = Thuiszitten.RecentePeildata(today);
        var peildatum = asked ?? recent[0];
        var names = await definitions.ModelNamesAsync(ct);
        var thuiszitters = await queries.OnAsync(peildatum, ct);
        var rows = new List<RegisterRow>();
        foreach (var school in queries.MySchools())
        {
            var own = thuiszitters.Where(t => string.Equals(t.SchoolId, school.Id, StringComparison.OrdinalIgnoreCase)).ToList();
            var models = own.Select(t => t.Model).Append(school.Model).OfType<string>().Distinct().ToList();
            foreach (var model in models)
                foreach (var bucket in Thuiszitten.Buckets)
                    rows.Add(new RegisterRow(school.Id, school.Naam, model, names.GetValueOrDefault(model), bucket,
                        own.Count(t => t.Model == model && t.Duur == bucket)));
        }
        var dates = new List<RegisterDate>();
        foreach (var date in recent)
            dates.Add(new RegisterDate(date, date == peildatum ? thuiszitters.Count : (await queries.OnAsync(date, ct)).Count));
        return new RegisterAnswer(peildatum, thuiszitters.Count, Thuiszitten.Buckets, rows, dates);
    }

    /// <summary>Semicolon-separated (what Dutch spreadsheet settings expect), one row per school, model and duration.</summary>
    public static string Csv(RegisterAnswer register)
    {
        var csv = new StringBuilder("peildatum;school;schoolnaam;model;duur;aantal\r\n");
        foreach (var row in register.Rijen)
            csv.Append(string.Join(';', register.Peildatum.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Field(row.SchoolId), Field(row.SchoolNaam),
                Field(row.Model), Field(row.Duur), row.Aantal.ToString(CultureInfo.InvariantCulture))).Append("\r\n");
        return csv.ToString();
    }

    private static string Field(string? value) =>
        value is null ? "" : value.IndexOfAny([';', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"")}\"" : value;

    private static DateOnly? ParseDate(string? text, IClock clock)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            throw new BadHttpRequestException($"Ongeldige peildatum '{text}': gebruik JJJJ-MM-DD.", StatusCodes.Status400BadRequest);
        return AcceptedDates.Refusal("peildatum", date, clock) is { } refusal
            ? throw new BadHttpRequestException(refusal, StatusCodes.Status400BadRequest) : date;
    }

    /// <summary>
    /// Cases at the actietafel: their step names it (verzuim:stap), or an open task of theirs does (Apeldoorn's
    /// "Stap 4 De actietafel: plaatsing regelen"), so the list works before and after the models carry steps.
    /// </summary>
    private static async Task<HashSet<Guid>> AtActietafelAsync(ICaseQueries cases, ITaskQueries tasks, IReadOnlyList<CaseInstance> open, CancellationToken ct)
    {
        var result = open.Where(c => c.Step?.Contains("actietafel", StringComparison.OrdinalIgnoreCase) == true).Select(c => c.Id).ToHashSet();
        var owner = open.ToDictionary(c => c.Id, c => c.Id);
        foreach (var child in await cases.ChildrenAsync(owner.Keys.ToList(), ct)) owner[child.Id] = child.CaseId;
        var names = await tasks.OfInstancesAsync(owner.Keys.ToList(), openOnly: true, ct);
        foreach (var task in names.Where(t => t.Name?.Contains("actietafel", StringComparison.OrdinalIgnoreCase) == true))
            result.Add(owner[task.InstanceId]);
        return result;
    }
}
