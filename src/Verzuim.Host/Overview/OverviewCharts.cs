using System.Globalization;
using Verzuim.Host.Cases;
using Verzuim.Workflows.Model;
using Verzuim.Workflows.Management;
using Verzuim.Workflows.Stores;
using Verzuim.Workflows.Runtime;
using Verzuim.Workflows.Time;

namespace Verzuim.Host.Overview;

/// <summary>A calendar week (Monday to Sunday, Dutch time) with its ISO week number, as Dutch schools name weeks.</summary>
public sealed record ChartWeek(DateOnly Maandag, int Week);

/// <summary>One line or bar stack of a chart: a value per week, in the order of <see cref="WeekChart.Weken"/>.</summary>
public sealed record ChartSeries(string Naam, IReadOnlyList<int> Waarden);

public sealed record WeekChart(IReadOnlyList<ChartWeek> Weken, IReadOnlyList<ChartSeries> Reeksen);

/// <param name="OpenPerWeek">Open cases at the end of each of the last weeks (this week: now), per step when one model is chosen, else per model.</param>
/// <param name="Kantelpunten">Kantelpunten coming due in each of the next weeks (one already due counts in this week), split the same way.</param>
public sealed record OverviewChartsAnswer(WeekChart OpenPerWeek, WeekChart Kantelpunten);

/// <summary>
/// The figures behind the overview's charts, read from what the engine recorded: a case's step at a past moment is
/// the step of the last element carrying verzuim:stap that it entered before then (the engine moves the case's step
/// exactly there), and a kantelpunt is an interrupting timer boundary event with a duration (docs/modelling-conventions.md).
/// </summary>
public sealed class OverviewCharts(ICaseQueries caseQueries, CaseSteps caseSteps, WorkflowEngine engine, IDefinitionQueries definitions)
{
    public const int WeeksBack = 12;
    public const int WeeksAhead = 8;

    public async Task<OverviewChartsAnswer> BuildAsync(CaseFilter cases, string? model, DateTimeOffset now, CancellationToken ct)
    {
        var calendar = SchoolCalendar.WeekendsOnly;
        var thisMonday = Monday(calendar.LocalDate(now));
        var past = Enumerable.Range(0, WeeksBack).Select(i => thisMonday.AddDays(7 * (i - WeeksBack + 1))).ToList();
        var ahead = Enumerable.Range(0, WeeksAhead).Select(i => thisMonday.AddDays(7 * i)).ToList();
        var bySeries = string.IsNullOrWhiteSpace(model) ? SeriesBy.Model : SeriesBy.Step;
        var names = await definitions.ModelNamesAsync(ct);

        var from = Instant(calendar, past[0]);
        var until = Instant(calendar, thisMonday.AddDays(7));
        var relevant = await caseQueries.CasesAsync(cases with { StartedBefore = until, OpenAt = from }, ct);
        var models = new Dictionary<Guid, ProcessModel>();
        foreach (var definition in relevant.Select(c => c.DefinitionId).Distinct()) models[definition] = await engine.ModelAsync(definition, ct);

        var open = await OpenPerWeekAsync(relevant, past, now, calendar, bySeries, names, ct);
        var kantelpunten = await KantelpuntenAsync(relevant.Where(c => c.Status is InstanceStatus.Running or InstanceStatus.Incident).ToList(),
            models, ahead, calendar, bySeries, names, ct);
        return new OverviewChartsAnswer(open, kantelpunten);
    }

    private enum SeriesBy { Model, Step }

    private async Task<WeekChart> OpenPerWeekAsync(IReadOnlyList<CaseInstance> cases, List<DateOnly> weeks, DateTimeOffset now, SchoolCalendar calendar,
        SeriesBy bySeries, IReadOnlyDictionary<string, string?> names, CancellationToken ct)
    {
        // the step at a moment as the case history reads it (CaseSteps): a node the flow entered; a boundary event firing never moves it
        var entered = bySeries == SeriesBy.Step ? (await caseSteps.EnteredAsync(cases, ct)).ToLookup(e => e.InstanceId) : null;

        var counts = new Dictionary<string, int[]>();
        for (var w = 0; w < weeks.Count; w++)
        {
            var end = Instant(calendar, weeks[w].AddDays(7));
            var at = end < now ? end : now;
            foreach (var c in cases.Where(c => c.StartedAt <= at && (c.EndedAt is null || c.EndedAt > at)))
            {
                var series = bySeries == SeriesBy.Model ? ModelName(names, c.ProcessId) : CaseSteps.At(entered![c.Id], at) ?? NoStep;
                Add(counts, series, weeks.Count)[w]++;
            }
        }
        return Chart(weeks, counts);
    }

    private async Task<WeekChart> KantelpuntenAsync(List<CaseInstance> open, Dictionary<Guid, ProcessModel> models,
        List<DateOnly> weeks, SchoolCalendar calendar, SeriesBy bySeries, IReadOnlyDictionary<string, string?> names, CancellationToken ct)
    {
        var byId = open.ToDictionary(c => c.Id);
        var ids = byId.Keys.ToList();
        var last = Instant(calendar, weeks[^1].AddDays(7));
        var timers = (await caseQueries.TimersAsync(ids, ct)).Where(t => t.DueAt < last)
            .Select(t => new { t.InstanceId, t.ElementId, DueAt = t.DueAt!.Value }).ToList();

        var counts = new Dictionary<string, int[]>();
        foreach (var timer in timers)
        {
            var c = byId[timer.InstanceId];
            if (!models[c.DefinitionId].NodesById.TryGetValue(timer.ElementId, out var node) || !IsKantelpunt(node)) continue;
            var week = Math.Max(0, (Monday(calendar.LocalDate(timer.DueAt)).DayNumber - weeks[0].DayNumber) / 7);
            Add(counts, bySeries == SeriesBy.Model ? ModelName(names, c.ProcessId) : c.Step ?? NoStep, weeks.Count)[week]++;
        }
        return Chart(weeks, counts);
    }

    /// <summary>The modelling convention: an interrupting timer boundary event in (school) time escalates the step; dates and alerts do not.</summary>
    public static bool IsKantelpunt(FlowNode node) =>
        node is BoundaryEvent { CancelActivity: true, Trigger: TimerEventDefinition { Kind: TimerKind.Duration } };

    private const string NoStep = "geen stap aangegeven";

    private static string ModelName(IReadOnlyDictionary<string, string?> names, string processId) => names.GetValueOrDefault(processId) ?? processId;

    private static int[] Add(Dictionary<string, int[]> counts, string series, int length) =>
        counts.TryGetValue(series, out var values) ? values : counts[series] = new int[length];

    private static WeekChart Chart(List<DateOnly> weeks, Dictionary<string, int[]> counts) =>
        new(weeks.Select(w => new ChartWeek(w, ISOWeek.GetWeekOfYear(w.ToDateTime(TimeOnly.MinValue)))).ToList(),
            counts.OrderBy(c => c.Key, StringComparer.Create(CultureInfo.GetCultureInfo("nl-NL"), CompareOptions.None))
                .Select(c => new ChartSeries(c.Key, c.Value)).ToList());

    private static DateOnly Monday(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    /// <summary>Midnight at the start of a day on the Dutch wall clock.</summary>
    private static DateTimeOffset Instant(SchoolCalendar calendar, DateOnly day) =>
        new(TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue), calendar.TimeZone), TimeSpan.Zero);
}
