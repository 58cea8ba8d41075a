using System.Globalization;
using Verzuim.Workflows.Time;

namespace Verzuim.Workflows.Tests.Time;

[Trait("Category", "Unit")]
public class TimerScheduleDueAtTests
{
    private static readonly SchoolCalendar Noord =
        new("noord", [new Holiday(new DateOnly(2024, 10, 19), new DateOnly(2024, 10, 27), "Herfstvakantie")]);

    private static readonly SchoolCalendar NoordWithStudyDay =
        new("noord", Noord.Holidays, [new DateOnly(2024, 10, 9)]);

    private static readonly SchoolCalendar Plain = SchoolCalendar.WeekendsOnly;

    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);

    private static DateTimeOffset? Due(TimerKind kind, string text, string activatedAt, int firing = 0, SchoolCalendar? calendar = null) =>
        TimerSchedule.Parse(kind, text).DueAt(At(activatedAt), firing, calendar ?? Plain);

    [Theory]
    [InlineData("2026-03-15T09:00:00Z", "2026-03-15T09:00:00Z")]
    [InlineData("2026-03-15T09:00:00+01:00", "2026-03-15T08:00:00Z")]
    [InlineData("2026-03-15T09:00:00.5Z", "2026-03-15T09:00:00.5Z")]
    [InlineData("2026-03-15T09:00", "2026-03-15T08:00:00Z")]  // winter time in Amsterdam
    [InlineData("2026-07-01T09:00", "2026-07-01T07:00:00Z")]  // summer time in Amsterdam
    [InlineData("2026-03-15", "2026-03-14T23:00:00Z")]        // 00:00 local
    [InlineData("2026-03-29T02:30", "2026-03-29T01:30:00Z")]  // skipped by DST: read as 03:30 CEST
    [InlineData("2024-10-27T02:30", "2024-10-27T00:30:00Z")]  // occurs twice: first occurrence (CEST)
    public void Date_is_due_at_the_moment_it_names(string text, string expected)
    {
        Assert.Equal(At(expected), Due(TimerKind.Date, text, "2026-01-01T00:00:00Z"));
    }

    [Fact]
    public void Date_fires_once_even_when_already_past()
    {
        var schedule = TimerSchedule.Parse(TimerKind.Date, "2026-03-15T09:00:00Z");
        Assert.Equal(At("2026-03-15T09:00:00Z"), schedule.DueAt(At("2027-01-01T00:00:00Z"), 0, Plain));
        Assert.Null(schedule.DueAt(At("2026-01-01T00:00:00Z"), 1, Plain));
    }

    [Theory]
    [InlineData("P3W", "2024-09-02T10:00:00+02:00", "2024-09-23T10:00:00+02:00")]
    [InlineData("PT12H", "2024-09-02T10:00:00+02:00", "2024-09-02T22:00:00+02:00")]
    [InlineData("PT1.5S", "2024-09-02T10:00:00Z", "2024-09-02T10:00:01.5Z")]
    [InlineData("PT0,25S", "2024-09-02T10:00:00Z", "2024-09-02T10:00:00.25Z")]
    [InlineData("PT90M", "2024-09-02T10:00:00Z", "2024-09-02T11:30:00Z")]
    [InlineData("P1M", "2024-01-31T12:00:00+01:00", "2024-02-29T12:00:00+01:00")]
    [InlineData("P1Y", "2024-02-29T12:00:00+01:00", "2025-02-28T12:00:00+01:00")]
    [InlineData("P1Y2M3DT4H5M6S", "2024-01-10T08:00:00+01:00", "2025-03-13T12:05:06+01:00")]
    [InlineData("PT0S", "2024-09-02T10:00:00Z", "2024-09-02T10:00:00Z")]
    public void Iso_durations_add_calendar_units_locally_and_clock_units_as_elapsed_time(string text, string activatedAt, string expected)
    {
        Assert.Equal(At(expected), Due(TimerKind.Duration, text, activatedAt));
    }

    [Fact]
    public void P1D_across_the_spring_dst_change_keeps_the_local_time_of_day()
    {
        // Sunday 29 March 2026 has 23 hours.
        Assert.Equal(At("2026-03-29T09:00:00+02:00"), Due(TimerKind.Duration, "P1D", "2026-03-28T09:00:00+01:00"));
        Assert.Equal(At("2026-03-29T10:00:00+02:00"), Due(TimerKind.Duration, "PT24H", "2026-03-28T09:00:00+01:00"));
    }

    [Fact]
    public void P1D_across_the_autumn_dst_change_keeps_the_local_time_of_day()
    {
        // Sunday 27 October 2024 has 25 hours.
        Assert.Equal(At("2024-10-27T09:00:00+01:00"), Due(TimerKind.Duration, "P1D", "2024-10-26T09:00:00+02:00"));
        Assert.Equal(At("2024-10-27T08:00:00+01:00"), Due(TimerKind.Duration, "PT24H", "2024-10-26T09:00:00+02:00"));
    }

    [Fact]
    public void P1D_landing_in_the_dst_gap_or_overlap_is_resolved_predictably()
    {
        // 02:30 does not exist on 29 March 2026: the wall clock shows 03:30 CEST.
        Assert.Equal(At("2026-03-29T03:30:00+02:00"), Due(TimerKind.Duration, "P1D", "2026-03-28T02:30:00+01:00"));
        // 02:30 happens twice on 27 October 2024: the first occurrence (CEST) is used.
        Assert.Equal(At("2024-10-27T02:30:00+02:00"), Due(TimerKind.Duration, "P1D", "2024-10-26T02:30:00+02:00"));
    }

    [Fact]
    public void Duration_fires_once_and_returns_utc()
    {
        var schedule = TimerSchedule.Parse(TimerKind.Duration, "PT12H");
        var due = schedule.DueAt(At("2024-09-02T10:00:00+02:00"), 0, Plain);
        Assert.Equal(TimeSpan.Zero, due!.Value.Offset);
        Assert.Null(schedule.DueAt(At("2024-09-02T10:00:00+02:00"), 1, Plain));
    }

    [Theory]
    [InlineData("3 schoolweken")]
    [InlineData("3 school weeks")]
    [InlineData("15 schooldagen")]
    [InlineData("15 school days")]
    public void School_weeks_skip_the_autumn_holiday(string text)
    {
        Assert.Equal(At("2024-11-04T09:00:00+01:00"), Due(TimerKind.Duration, text, "2024-10-07T09:00:00+02:00", calendar: Noord));
    }

    [Fact]
    public void School_weeks_are_stretched_by_a_study_day()
    {
        Assert.Equal(At("2024-11-05T09:00:00+01:00"), Due(TimerKind.Duration, "3 schoolweken", "2024-10-07T09:00:00+02:00", calendar: NoordWithStudyDay));
        Assert.Equal(At("2024-10-15T09:00:00+02:00"), Due(TimerKind.Duration, "1 schoolweek", "2024-10-07T09:00:00+02:00", calendar: NoordWithStudyDay));
    }

    [Fact]
    public void School_days_skip_the_holiday_and_a_weekend_start_waits_for_monday()
    {
        // Tue 15 .. Fri 18 (4), holiday, Mon 28 .. Wed 30 (7).
        Assert.Equal(At("2024-10-30T09:00:00+01:00"), Due(TimerKind.Duration, "7 schooldagen", "2024-10-14T09:00:00+02:00", calendar: Noord));
        Assert.Equal(At("2024-10-29T00:00:00+01:00"), Due(TimerKind.Duration, "1 schooldag", "2024-10-26T15:00:00+02:00", calendar: Noord));
    }

    [Fact]
    public void Bounded_cycle_fires_the_given_number_of_times()
    {
        var schedule = TimerSchedule.Parse(TimerKind.Cycle, "R5/PT10M");
        var activated = At("2026-01-05T08:00:00Z");
        Assert.Equal(At("2026-01-05T08:10:00Z"), schedule.DueAt(activated, 0, Plain));
        Assert.Equal(At("2026-01-05T08:20:00Z"), schedule.DueAt(activated, 1, Plain));
        Assert.Equal(At("2026-01-05T08:50:00Z"), schedule.DueAt(activated, 4, Plain));
        Assert.Null(schedule.DueAt(activated, 5, Plain));
        Assert.Null(schedule.DueAt(activated, 6, Plain));
    }

    [Fact]
    public void Unbounded_daily_cycle_keeps_local_time_across_dst()
    {
        var schedule = TimerSchedule.Parse(TimerKind.Cycle, "R/P1D");
        var activated = At("2026-03-27T09:00:00+01:00"); // Friday
        Assert.Equal(At("2026-03-28T09:00:00+01:00"), schedule.DueAt(activated, 0, Plain));
        Assert.Equal(At("2026-03-29T09:00:00+02:00"), schedule.DueAt(activated, 1, Plain));
        Assert.Equal(At("2026-03-30T09:00:00+02:00"), schedule.DueAt(activated, 2, Plain));
        Assert.Equal(At("2029-12-22T09:00:00+01:00"), schedule.DueAt(activated, 1365, Plain));
    }

    [Fact]
    public void Cycle_with_a_start_counts_from_the_start_even_if_activated_later()
    {
        var schedule = TimerSchedule.Parse(TimerKind.Cycle, "R3/2026-01-05T08:00:00Z/P1W");
        foreach (var activated in new[] { At("2026-01-01T00:00:00Z"), At("2026-01-15T00:00:00Z") })
        {
            Assert.Equal(At("2026-01-05T08:00:00Z"), schedule.DueAt(activated, 0, Plain));
            Assert.Equal(At("2026-01-12T08:00:00Z"), schedule.DueAt(activated, 1, Plain));
            Assert.Equal(At("2026-01-19T08:00:00Z"), schedule.DueAt(activated, 2, Plain));
            Assert.Null(schedule.DueAt(activated, 3, Plain));
        }
    }

    [Fact]
    public void Cycle_start_without_offset_is_amsterdam_time()
    {
        var schedule = TimerSchedule.Parse(TimerKind.Cycle, "R2/2026-03-28T09:00/P1D");
        var activated = At("2026-03-01T00:00:00Z");
        Assert.Equal(At("2026-03-28T09:00:00+01:00"), schedule.DueAt(activated, 0, Plain));
        Assert.Equal(At("2026-03-29T09:00:00+02:00"), schedule.DueAt(activated, 1, Plain));
        Assert.Null(schedule.DueAt(activated, 2, Plain));
    }

    [Fact]
    public void School_week_cycle_skips_the_holiday_at_every_step()
    {
        var schedule = TimerSchedule.Parse(TimerKind.Cycle, "R3/1 schoolweek");
        var activated = At("2024-10-07T09:00:00+02:00");
        Assert.Equal(At("2024-10-14T09:00:00+02:00"), schedule.DueAt(activated, 0, Noord));
        Assert.Equal(At("2024-10-28T09:00:00+01:00"), schedule.DueAt(activated, 1, Noord));
        Assert.Equal(At("2024-11-04T09:00:00+01:00"), schedule.DueAt(activated, 2, Noord));
        Assert.Null(schedule.DueAt(activated, 3, Noord));
    }

    [Fact]
    public void School_week_cycle_is_stretched_by_a_study_day()
    {
        var schedule = TimerSchedule.Parse(TimerKind.Cycle, "R3/1 schoolweek");
        var activated = At("2024-10-07T09:00:00+02:00");
        Assert.Equal(At("2024-10-15T09:00:00+02:00"), schedule.DueAt(activated, 0, NoordWithStudyDay));
        Assert.Equal(At("2024-10-29T09:00:00+01:00"), schedule.DueAt(activated, 1, NoordWithStudyDay));
        Assert.Equal(At("2024-11-05T09:00:00+01:00"), schedule.DueAt(activated, 2, NoordWithStudyDay));
    }

    [Fact]
    public void School_day_cycle_with_a_start_jumps_the_holiday()
    {
        var schedule = TimerSchedule.Parse(TimerKind.Cycle, "R2/2024-10-18T07:00:00Z/1 schooldag");
        var activated = At("2024-10-01T00:00:00Z");
        Assert.Equal(At("2024-10-18T09:00:00+02:00"), schedule.DueAt(activated, 0, Noord));
        Assert.Equal(At("2024-10-28T09:00:00+01:00"), schedule.DueAt(activated, 1, Noord));
        Assert.Null(schedule.DueAt(activated, 2, Noord));
    }

    [Fact]
    public void Negative_firing_is_rejected()
    {
        var schedule = TimerSchedule.Parse(TimerKind.Cycle, "R/P1D");
        Assert.Throws<ArgumentOutOfRangeException>(() => schedule.DueAt(At("2026-01-01T00:00:00Z"), -1, Plain));
    }
}
