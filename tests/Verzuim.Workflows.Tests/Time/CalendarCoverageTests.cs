using System.Globalization;
using Verzuim.Workflows.Time;

namespace Verzuim.Workflows.Tests.Time;

[Trait("Category", "Unit")]
public class CalendarCoverageTests
{
    private static readonly Holiday Zomer2026 = new(new DateOnly(2026, 7, 11), new DateOnly(2026, 8, 23), "Zomervakantie");
    private static readonly SchoolCalendar EndsSummer2026 = SchoolCalendar.Covering("zuid", [Zomer2026]);

    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);

    [Fact]
    public void A_calendar_knows_its_days_until_the_end_of_its_last_holiday()
    {
        Assert.Equal(new DateOnly(2026, 8, 23), EndsSummer2026.CoveredUntil);
        Assert.Null(SchoolCalendar.WeekendsOnly.CoveredUntil);
        Assert.Null(new SchoolCalendar("zuid", [Zomer2026]).CoveredUntil); // a complete list: not checked
        Assert.Equal(DateOnly.MinValue, SchoolCalendar.Covering("zuid", []).CoveredUntil); // no data: nothing covered
        Assert.Equal(new DateOnly(2030, 1, 1), new SchoolCalendar("zuid", [Zomer2026], coveredUntil: new DateOnly(2030, 1, 1)).CoveredUntil);
    }

    [Fact]
    public void A_school_time_due_date_past_the_coverage_is_still_computed_but_reported()
    {
        var schedule = TimerSchedule.Parse(TimerKind.Duration, "3 schoolweken");
        var start = At("2026-12-02T10:00:00+01:00");

        var due = schedule.DueAt(start, 0, EndsSummer2026)!.Value;
        var gap = schedule.CoverageOf(due, EndsSummer2026);

        // best estimate: 15 weekdays after Wed 2 Dec (no holidays known after 23 Aug) = Wed 23 Dec
        Assert.Equal(At("2026-12-23T10:00:00+01:00"), due);
        Assert.Equal(new CalendarCoverageGap("zuid", new DateOnly(2026, 8, 23)), gap);
        Assert.Equal("termijn voorlopig: geen vakantiedata na 23 augustus 2026 (regio zuid)", gap!.Message);
    }

    [Fact]
    public void Within_the_coverage_and_for_clock_time_nothing_is_reported()
    {
        var start = At("2026-06-01T10:00:00+02:00");
        var weeks = TimerSchedule.Parse(TimerKind.Duration, "2 schoolweken");
        Assert.Null(weeks.CoverageOf(weeks.DueAt(start, 0, EndsSummer2026)!.Value, EndsSummer2026));

        var iso = TimerSchedule.Parse(TimerKind.Duration, "P1Y"); // clock time does not depend on holidays
        Assert.Null(iso.CoverageOf(iso.DueAt(start, 0, EndsSummer2026)!.Value, EndsSummer2026));
        Assert.Null(weeks.CoverageOf(At("2031-01-01T00:00:00Z"), SchoolCalendar.WeekendsOnly));
    }

    [Fact]
    public void Coverage_through_a_day_names_the_last_known_day()
    {
        Assert.Null(EndsSummer2026.CoverageThrough(new DateOnly(2026, 8, 23)));
        Assert.Equal(new DateOnly(2026, 8, 23), EndsSummer2026.CoverageThrough(new DateOnly(2026, 8, 24))!.CoveredUntil);
    }
}
