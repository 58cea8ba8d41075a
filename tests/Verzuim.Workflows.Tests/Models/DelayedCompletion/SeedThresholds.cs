using Verzuim.Workflows.Simulation;

namespace Verzuim.Workflows.Tests.Models.DelayedCompletion;

/// <summary>
/// The thresholds of seeds 003 (Apeldoorn) and 004 (Groningen), worked out over a scenario's registrations with plain
/// counting on the scenario's own calendar data — not with the engine's attendance ledger — so the delayed-completion
/// tests compare the models with the seed rules, not with themselves. Windows are school weeks (five school days, as
/// the models' documentation interprets "4 weken" and "12 weken"); registrations on days without school are ignored.
/// </summary>
public sealed class SeedThresholds
{
    public sealed record Registration(DateTimeOffset At, DateOnly Datum, string Soort, decimal Uren, int Minuten);

    private readonly ScenarioCalendar? _calendar;

    public SeedThresholds(Scenario scenario)
    {
        _calendar = scenario.Calendar;
        Registrations = (scenario.Events ?? [])
            .Where(e => e.Message == "AbsentieGeregistreerd")
            .Select(e => new Registration(e.At!.Value, DateOnly.Parse((string)e.Data!["datum"]!), (string)e.Data!["soort"]!,
                e.Data!["uren"] is { } u ? (decimal)u : 0m, e.Data!["minuten"] is { } m ? (int)m : 0))
            .Where(r => IsSchoolDay(r.Datum))
            .OrderBy(r => r.At)
            .ToList();
    }

    public IReadOnlyList<Registration> Registrations { get; }

    public bool IsSchoolDay(DateOnly day) => DelayedCompletions.IsSchoolDay(day, _calendar);

    /// <summary>The <paramref name="count"/> school days ending at <paramref name="day"/> (inclusive).</summary>
    public HashSet<DateOnly> SchoolDaysEndingAt(DateOnly day, int count)
    {
        var days = new HashSet<DateOnly>();
        for (var d = day; days.Count < count; d = d.AddDays(-1))
            if (IsSchoolDay(d)) days.Add(d);
        return days;
    }

    private IEnumerable<Registration> Known(Registration now) => Registrations.Where(r => r.At <= now.At && r.Datum <= now.Datum);

    /// <summary>Unexcused hours (and, for Groningen, lateness minutes / 60) in the 4 school weeks ending at the registration.</summary>
    public decimal UnexcusedHours4Weeks(Registration now, bool withLateness)
    {
        var window = SchoolDaysEndingAt(now.Datum, 20);
        var known = Known(now).Where(r => window.Contains(r.Datum)).ToList();
        var hours = known.Where(r => r.Soort == "Ongeoorloofd").Sum(r => r.Uren);
        return withLateness ? hours + known.Where(r => r.Soort == "TeLaat").Sum(r => r.Minuten) / 60m : hours;
    }

    /// <summary>Consecutive school days, ending at the registration's day, with a registration of one of <paramref name="kinds"/>.</summary>
    public int ConsecutiveSchoolDays(Registration now, params string[] kinds)
    {
        var days = Known(now).Where(r => kinds.Contains(r.Soort)).Select(r => r.Datum).ToHashSet();
        var run = 0;
        for (var d = now.Datum; ; d = d.AddDays(-1))
        {
            if (!IsSchoolDay(d)) continue;
            if (!days.Contains(d)) return run;
            run++;
        }
    }

    /// <summary>Sick reports (a report starts on a sick school day whose previous school day was not sick) in 12 school weeks.</summary>
    public int SickReports12Weeks(Registration now)
    {
        var sick = Known(now).Where(r => r.Soort == "Ziek").Select(r => r.Datum).ToHashSet();
        var window = SchoolDaysEndingAt(now.Datum, 60);
        return sick.Count(d => window.Contains(d) && !sick.Contains(PreviousSchoolDay(d)));
    }

    /// <summary>The day is the last school day before, or the first after, a holiday of the calendar.</summary>
    public bool BordersHoliday(DateOnly day) => HolidayBetween(day, +1) || HolidayBetween(day, -1);

    private bool HolidayBetween(DateOnly day, int step)
    {
        for (var d = day.AddDays(step); !IsSchoolDay(d); d = d.AddDays(step))
            if ((_calendar?.Holidays ?? []).Any(h => h.From <= d && d <= h.To)) return true;
        return false;
    }

    private DateOnly PreviousSchoolDay(DateOnly day)
    {
        var d = day.AddDays(-1);
        while (!IsSchoolDay(d)) d = d.AddDays(-1);
        return d;
    }

    /// <summary>The instant of the first registration for which <paramref name="rule"/> holds, or null.</summary>
    public DateTimeOffset? FirstWhere(Func<Registration, bool> rule) => Registrations.FirstOrDefault(rule)?.At;
}
