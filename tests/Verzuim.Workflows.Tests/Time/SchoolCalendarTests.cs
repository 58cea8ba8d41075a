using System.Globalization;
using Verzuim.Workflows.Time;

namespace Verzuim.Workflows.Tests.Time;

[Trait("Category", "Unit")]
public class SchoolCalendarTests
{
    private static readonly Holiday AutumnZuid2024 = new(new DateOnly(2024, 10, 19), new DateOnly(2024, 10, 27), "Herfstvakantie");
    private static readonly Holiday Christmas2024 = new(new DateOnly(2024, 12, 21), new DateOnly(2025, 1, 5), "Kerstvakantie");
    private static readonly DateOnly StudyDayWednesday = new(2024, 10, 9);

    private static readonly SchoolCalendar Zuid = new("zuid", [AutumnZuid2024, Christmas2024]);
    private static readonly SchoolCalendar ZuidWithStudyDay = new("zuid", [AutumnZuid2024, Christmas2024], [StudyDayWednesday]);

    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);

    [Fact]
    public void Defaults_to_amsterdam_time_and_exposes_its_data()
    {
        Assert.Equal("Europe/Amsterdam", Zuid.TimeZone.Id);
        Assert.Same(SchoolCalendar.DutchTimeZone, SchoolCalendar.WeekendsOnly.TimeZone);
        Assert.Null(SchoolCalendar.WeekendsOnly.Region);
        Assert.Empty(SchoolCalendar.WeekendsOnly.Holidays);
        Assert.Empty(SchoolCalendar.WeekendsOnly.StudyDays);
        Assert.Equal("zuid", Zuid.Region);
        Assert.Contains(StudyDayWednesday, ZuidWithStudyDay.StudyDays);
    }

    [Fact]
    public void Holidays_are_sorted_by_start()
    {
        var calendar = new SchoolCalendar("zuid", [Christmas2024, AutumnZuid2024]);
        Assert.Equal([AutumnZuid2024, Christmas2024], calendar.Holidays);
    }

    [Fact]
    public void Rejects_a_holiday_that_ends_before_it_starts()
    {
        var backwards = new Holiday(new DateOnly(2024, 10, 27), new DateOnly(2024, 10, 19), "Omgekeerd");
        Assert.Throws<ArgumentException>(() => new SchoolCalendar("zuid", [backwards]));
    }

    [Theory]
    [InlineData("2024-10-18", true)]  // Friday before the autumn holiday
    [InlineData("2024-10-19", false)] // Saturday, first holiday day
    [InlineData("2024-10-21", false)] // Monday inside the holiday
    [InlineData("2024-10-25", false)] // Friday inside the holiday
    [InlineData("2024-10-28", true)]  // Monday after
    [InlineData("2024-12-20", true)]  // Friday before Christmas
    [InlineData("2024-12-23", false)] // Monday inside Christmas
    [InlineData("2025-01-03", false)] // Friday, last weekday of Christmas
    [InlineData("2025-01-06", true)]  // Monday after
    [InlineData("2024-09-07", false)] // Saturday
    [InlineData("2024-09-08", false)] // Sunday
    [InlineData("2024-10-09", true)]  // Wednesday (study day only in the other calendar)
    public void IsSchoolDay_excludes_weekends_and_holidays(string day, bool expected)
    {
        Assert.Equal(expected, Zuid.IsSchoolDay(DateOnly.Parse(day, CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void IsSchoolDay_excludes_study_days()
    {
        Assert.False(ZuidWithStudyDay.IsSchoolDay(StudyDayWednesday));
        Assert.True(ZuidWithStudyDay.IsSchoolDay(new DateOnly(2024, 10, 10)));
    }

    [Theory]
    [InlineData("2024-10-18T22:00:00Z", "2024-10-19")] // summer time: 00:00 local next day
    [InlineData("2024-10-18T21:59:59Z", "2024-10-18")]
    [InlineData("2024-12-20T23:00:00Z", "2024-12-21")] // winter time: 00:00 local next day
    [InlineData("2024-12-20T22:59:59Z", "2024-12-20")]
    [InlineData("2024-10-27T00:00:00Z", "2024-10-27")]
    public void LocalDate_uses_the_calendar_zone(string instant, string expected)
    {
        Assert.Equal(DateOnly.Parse(expected, CultureInfo.InvariantCulture), Zuid.LocalDate(At(instant)));
    }

    [Fact]
    public void Five_school_days_from_monday_morning_is_next_monday_same_time()
    {
        var due = SchoolCalendar.WeekendsOnly.AddSchoolDays(At("2024-09-02T10:00:00+02:00"), 5);
        Assert.Equal(At("2024-09-09T10:00:00+02:00"), due);
    }

    [Fact]
    public void A_weekend_start_moves_to_midnight_of_the_next_school_day()
    {
        var due = SchoolCalendar.WeekendsOnly.AddSchoolDays(At("2024-09-07T14:00:00+02:00"), 5);
        Assert.Equal(At("2024-09-16T00:00:00+02:00"), due);
    }

    [Fact]
    public void The_autumn_holiday_week_does_not_count_and_local_time_survives_dst()
    {
        // 7 Oct is summer time (+02:00), 4 Nov winter time (+01:00): still 09:00 on the wall clock.
        var due = Zuid.AddSchoolDays(At("2024-10-07T09:00:00+02:00"), 15);
        Assert.Equal(At("2024-11-04T09:00:00+01:00"), due);
    }

    [Fact]
    public void A_study_day_pushes_the_deadline_one_school_day()
    {
        var due = ZuidWithStudyDay.AddSchoolDays(At("2024-10-07T09:00:00+02:00"), 15);
        Assert.Equal(At("2024-11-05T09:00:00+01:00"), due);
    }

    [Fact]
    public void Zero_days_returns_the_start_or_the_moved_start()
    {
        var monday = At("2024-09-02T10:00:00+02:00");
        Assert.Equal(monday, SchoolCalendar.WeekendsOnly.AddSchoolDays(monday, 0));
        Assert.Equal(At("2024-09-09T00:00:00+02:00"), SchoolCalendar.WeekendsOnly.AddSchoolDays(At("2024-09-07T14:00:00+02:00"), 0));
    }

    [Fact]
    public void A_start_inside_a_holiday_counts_from_the_first_day_back()
    {
        // Wednesday in the holiday -> Monday 28 Oct 00:00 -> one school day later is Tuesday 00:00.
        Assert.Equal(At("2024-10-29T00:00:00+01:00"), Zuid.AddSchoolDays(At("2024-10-23T11:00:00+02:00"), 1));
    }

    [Fact]
    public void One_school_day_from_friday_before_the_holiday_is_the_monday_after_it()
    {
        Assert.Equal(At("2024-10-28T16:00:00+01:00"), Zuid.AddSchoolDays(At("2024-10-18T16:00:00+02:00"), 1));
    }

    [Fact]
    public void Local_time_of_day_is_kept_across_the_spring_dst_change()
    {
        // Sunday 29 March 2026 clocks go forward; Friday 08:30 +01:00 -> Monday 08:30 +02:00.
        Assert.Equal(At("2026-03-30T08:30:00+02:00"), Zuid.AddSchoolDays(At("2026-03-27T08:30:00+01:00"), 1));
    }

    [Fact]
    public void Results_are_normalised_to_utc()
    {
        var due = Zuid.AddSchoolDays(At("2024-10-07T09:00:00+02:00"), 15);
        Assert.Equal(TimeSpan.Zero, due.Offset);
        Assert.Equal(TimeSpan.FromHours(1), Zuid.ToLocalTime(due).Offset);
        Assert.Equal(new DateTime(2024, 11, 4, 9, 0, 0), Zuid.ToLocalTime(due).DateTime);
    }

    [Fact]
    public void Negative_days_or_weeks_are_rejected()
    {
        var start = At("2024-09-02T10:00:00+02:00");
        Assert.Throws<ArgumentOutOfRangeException>(() => Zuid.AddSchoolDays(start, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Zuid.AddSchoolWeeks(start, -1));
    }

    [Fact]
    public void A_school_week_is_five_school_days()
    {
        var start = At("2024-10-07T09:00:00+02:00");
        Assert.Equal(At("2024-11-04T09:00:00+01:00"), Zuid.AddSchoolWeeks(start, 3));
        Assert.Equal(Zuid.AddSchoolDays(start, 15), Zuid.AddSchoolWeeks(start, 3));
        Assert.Equal(At("2024-09-09T10:00:00+02:00"), SchoolCalendar.WeekendsOnly.AddSchoolWeeks(At("2024-09-02T10:00:00+02:00"), 1));
    }

    [Fact]
    public void A_week_with_a_study_day_is_stretched_by_that_day()
    {
        // Week of 7 Oct has a study day on Wednesday 9 Oct: one school week ends Tuesday 15 Oct.
        Assert.Equal(At("2024-10-15T09:00:00+02:00"), ZuidWithStudyDay.AddSchoolWeeks(At("2024-10-07T09:00:00+02:00"), 1));
        Assert.Equal(At("2024-11-05T09:00:00+01:00"), ZuidWithStudyDay.AddSchoolWeeks(At("2024-10-07T09:00:00+02:00"), 3));
    }

    [Fact]
    public void CountSchoolDays_counts_inclusive_ranges()
    {
        // 7-11 Oct (5) + 14-18 Oct (5) + holiday + 28 Oct-1 Nov (5) + 4 Nov (1)
        Assert.Equal(16, Zuid.CountSchoolDays(new DateOnly(2024, 10, 7), new DateOnly(2024, 11, 4)));
        Assert.Equal(15, ZuidWithStudyDay.CountSchoolDays(new DateOnly(2024, 10, 7), new DateOnly(2024, 11, 4)));
        Assert.Equal(1, Zuid.CountSchoolDays(new DateOnly(2024, 10, 7), new DateOnly(2024, 10, 7)));
        Assert.Equal(0, Zuid.CountSchoolDays(new DateOnly(2024, 10, 19), new DateOnly(2024, 10, 27)));
        Assert.Equal(0, Zuid.CountSchoolDays(new DateOnly(2024, 9, 7), new DateOnly(2024, 9, 7)));
        Assert.Equal(0, Zuid.CountSchoolDays(new DateOnly(2024, 11, 4), new DateOnly(2024, 10, 7)));
    }

    [Fact]
    public void SchoolDaysBack_finds_the_first_day_of_the_window()
    {
        // Back from Mon 4 Nov: 4 Nov, 1 Nov..28 Oct, 18..14 Oct, 11..8 Oct = 15 school days.
        Assert.Equal(new DateOnly(2024, 10, 8), Zuid.SchoolDaysBack(new DateOnly(2024, 11, 4), 15));
        Assert.Equal(new DateOnly(2024, 11, 4), Zuid.SchoolDaysBack(new DateOnly(2024, 11, 4), 1));
        Assert.Equal(new DateOnly(2024, 10, 18), Zuid.SchoolDaysBack(new DateOnly(2024, 10, 27), 1));
    }

    [Fact]
    public void Twelve_school_weeks_back_skips_the_holiday_week()
    {
        // Weekdays only: 12 full weeks ending Fri 29 Nov start Mon 9 Sep; a window ending on
        // the Sunday after is the same. With the autumn holiday one more week is needed.
        Assert.Equal(new DateOnly(2024, 9, 9), SchoolCalendar.WeekendsOnly.SchoolDaysBack(new DateOnly(2024, 11, 29), 60));
        Assert.Equal(new DateOnly(2024, 9, 9), SchoolCalendar.WeekendsOnly.SchoolDaysBack(new DateOnly(2024, 12, 1), 60));
        Assert.Equal(new DateOnly(2024, 9, 2), Zuid.SchoolDaysBack(new DateOnly(2024, 11, 29), 60));
    }

    [Fact]
    public void SchoolDaysBack_and_CountSchoolDays_agree()
    {
        var end = new DateOnly(2025, 1, 17);
        foreach (var days in new[] { 1, 5, 23, 60 })
        {
            var first = ZuidWithStudyDay.SchoolDaysBack(end, days);
            Assert.True(ZuidWithStudyDay.IsSchoolDay(first));
            Assert.Equal(days, ZuidWithStudyDay.CountSchoolDays(first, end));
        }
    }

    [Fact]
    public void SchoolDaysBack_needs_at_least_one_day()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Zuid.SchoolDaysBack(new DateOnly(2024, 11, 4), 0));
    }
}
