using Verzuim.Workflows.Time;
using static Verzuim.Workflows.Tests.Attendance.Ledger;

namespace Verzuim.Workflows.Tests.Attendance;

/// <summary>
/// Sick reports (ziekmeldingen): MAZL's "4e ziekmelding in 12 (school)weken" (002, 003, 004), Ichthus's
/// "3e ziekmelding in twee maanden" (002) and Twente's "3e ziekmelding in 3 maanden" (001).
/// </summary>
[Trait("Category", "Unit")]
public class SickReportTests
{
    // Five one-day sickness episodes in region midden, 2024. Thu 19 Sep and Mon 23 Sep are separate reports:
    // the school day between them, Fri 20 Sep, has no sick registration.
    private static readonly Verzuim.Cases.Attendance.AttendanceEntry[] FiveReports =
    [
        Ziek("2024-09-19"), // Thu
        Ziek("2024-09-23"), // Mon
        Ziek("2024-10-16"), // Wed
        Ziek("2024-11-12"), // Tue
        Ziek("2024-12-12"), // Thu
    ];

    [Fact]
    public void Fourth_report_on_the_first_day_of_the_60_school_day_window_counts()
    {
        // 60 school days back from Fri 20 Dec 2024, a week at a time: 16-20 Dec (5), 9-13 Dec (10), 2-6 Dec (15),
        // 25-29 Nov (20), 18-22 Nov (25), 11-15 Nov (30), 4-8 Nov (35), 28 Oct-1 Nov is the autumn holiday (0),
        // 21-25 Oct (40), 14-18 Oct (45), 7-11 Oct (50), 30 Sep-4 Oct (55), 23-27 Sep (60): the window starts on
        // Mon 23 Sep. In: 23 Sep, 16 Oct, 12 Nov, 12 Dec = 4. Out: Thu 19 Sep (62nd school day back).
        var signals = Compute(Midden(), "2024-12-20", FiveReports);

        Assert.Equal(4, signals.Ziekmeldingen12Schoolweken);
    }

    [Fact]
    public void One_school_day_later_the_edge_report_drops_out()
    {
        // Mon 6 Jan 2025 is the first school day after Christmas (21 Dec-5 Jan). Adding it moves the window's
        // start one school day on, to Tue 24 Sep: 23 Sep drops out, leaving 16 Oct, 12 Nov, 12 Dec = 3.
        var signals = Compute(Midden(), "2025-01-06", FiveReports);

        Assert.Equal(3, signals.Ziekmeldingen12Schoolweken);
    }

    [Theory]
    [InlineData("2024-12-21")] // Sat, first day of the Christmas holiday
    [InlineData("2025-01-05")] // Sun, last day of the Christmas holiday
    public void A_peildatum_without_school_uses_the_window_ending_at_the_last_school_day(string asOf)
    {
        // The last school day on or before both dates is Fri 20 Dec, so the window is 23 Sep-20 Dec as above: 4.
        var signals = Compute(Midden(), asOf, FiveReports);

        Assert.Equal(4, signals.Ziekmeldingen12Schoolweken);
    }

    [Fact]
    public void Across_the_autumn_holiday_12_school_weeks_reach_further_back_than_12_calendar_weeks()
    {
        // 12 calendar weeks ending Fri 20 Dec 2024 are the 84 days from Sat 28 Sep. Without holidays (WeekendsOnly)
        // 60 school days are exactly those weeks: the window starts Mon 30 Sep and holds 16 Oct, 12 Nov,
        // 12 Dec = 3. With the midden autumn holiday it starts a week earlier, Mon 23 Sep, and also holds
        // 23 Sep = 4 (see the first test).
        Assert.Equal(3, Compute(SchoolCalendar.WeekendsOnly, "2024-12-20", FiveReports).Ziekmeldingen12Schoolweken);
        Assert.Equal(4, Compute(Midden(), "2024-12-20", FiveReports).Ziekmeldingen12Schoolweken);
    }

    [Fact]
    public void An_episode_counts_where_it_starts_not_where_it_continues()
    {
        // Sick Fri 20 Sep and Mon 23 Sep: consecutive school days (only a weekend between), so one report that
        // starts on 20 Sep, the 61st school day back from 20 Dec: outside. Sick on 23 Sep is inside the window
        // but is no new report. Reports in the window: 16 Oct, 12 Nov, 12 Dec = 3.
        var signals = Compute(Midden(), "2024-12-20",
            Ziek("2024-09-20"), Ziek("2024-09-23"), Ziek("2024-10-16"), Ziek("2024-11-12"), Ziek("2024-12-12"));

        Assert.Equal(3, signals.Ziekmeldingen12Schoolweken);
    }

    // Four one-day episodes in school year 2024-2025, region midden.
    private static readonly Verzuim.Cases.Attendance.AttendanceEntry[] MonthReports =
    [
        Ziek("2024-12-20"), // Fri
        Ziek("2025-01-20"), // Mon
        Ziek("2025-02-12"), // Wed
        Ziek("2025-03-18"), // Tue
    ];

    [Fact]
    public void Two_and_three_calendar_month_windows_include_their_first_day()
    {
        // Peildatum Wed 19 Mar 2025.
        // 2 months: 19 Jan + 1 day = Mon 20 Jan .. 19 Mar: 20 Jan, 12 Feb, 18 Mar = 3 (Ichthus: 3e in twee maanden).
        // 3 months: 19 Dec + 1 day = Fri 20 Dec .. 19 Mar: all four = 4 (Twente: 3e in 3 maanden).
        // 60 school days back from 19 Mar: 17-19 Mar (3), 10-14 (8), 3-7 (13), voorjaarsvakantie 22 Feb-2 Mar (0),
        // 17-21 Feb (18), 10-14 (23), 3-7 (28), 27-31 Jan (33), 20-24 (38), 13-17 (43), 6-10 (48), Christmas (0),
        // 16-20 Dec (53), 9-13 (58), Fri 6 + Thu 5 Dec (60): from 5 Dec, so 12 school weeks reach further back
        // than 3 calendar months here; all four = 4.
        var signals = Compute(Midden(), "2025-03-19", MonthReports);

        Assert.Equal(3, signals.Ziekmeldingen2Maanden);
        Assert.Equal(4, signals.Ziekmeldingen3Maanden);
        Assert.Equal(4, signals.Ziekmeldingen12Schoolweken);
    }

    [Fact]
    public void A_day_later_the_first_day_of_each_month_window_drops_out()
    {
        // Peildatum Thu 20 Mar 2025. 2 months: from 21 Jan, so 20 Jan is out: 12 Feb, 18 Mar = 2.
        // 3 months: from 21 Dec, so 20 Dec is out: 3. The 60-school-day window now starts Fri 6 Dec: still 4.
        var signals = Compute(Midden(), "2025-03-20", MonthReports);

        Assert.Equal(2, signals.Ziekmeldingen2Maanden);
        Assert.Equal(3, signals.Ziekmeldingen3Maanden);
        Assert.Equal(4, signals.Ziekmeldingen12Schoolweken);
    }

    [Fact]
    public void Month_windows_clamp_at_a_month_end()
    {
        // Peildatum Wed 30 Apr 2025 (WeekendsOnly, so no holiday is in the way). 2 months back is "30 Feb",
        // clamped to Fri 28 Feb, so the window starts Sat 1 Mar: Thu 27 Feb is out, Tue 4 Mar is in = 1.
        // 3 months back is 30 Jan, window from 31 Jan: both in = 2. (The school days between them, 28 Feb and
        // 3 Mar, have no registration, so these are two reports.)
        var signals = Compute(SchoolCalendar.WeekendsOnly, "2025-04-30", Ziek("2025-02-27"), Ziek("2025-03-04"));

        Assert.Equal(1, signals.Ziekmeldingen2Maanden);
        Assert.Equal(2, signals.Ziekmeldingen3Maanden);
    }
}
