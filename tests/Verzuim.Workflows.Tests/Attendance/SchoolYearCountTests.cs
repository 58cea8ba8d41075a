using Verzuim.Workflows.Time;
using static Verzuim.Workflows.Tests.Attendance.Ledger;

namespace Verzuim.Workflows.Tests.Attendance;

/// <summary>
/// Counts per school year (1 August - 31 July): the "keer" ladders of seeds 000, 001 and 002, luxe verzuim, and
/// seed 000's lesson-block ladder (1-50 / 50-70 / more than 70 lesblokken, one lesblok = one lesuur).
/// </summary>
[Trait("Category", "Unit")]
public class SchoolYearCountTests
{
    // The last week of school year 2024-2025 in region midden (summer holiday from Sat 19 Jul 2025).
    private static readonly Verzuim.Cases.Attendance.AttendanceEntry[] LastWeek =
    [
        Ziek("2025-07-16", 6m), // Wed
        Luxe("2025-07-17", 6m), // Thu: leaving for the holiday a day early
        Ongeoorloofd("2025-07-18", 3m), // Fri
        TeLaat("2025-07-18", 10), // Fri
    ];

    [Fact]
    public void On_31_July_the_school_year_still_holds_the_last_week()
    {
        // Thu 31 Jul 2025 lies in school year 1 Aug 2024 - 31 Jul 2025: one unexcused day, one late day of
        // 10 minutes, one luxe day; lesson hours 6 + 6 + 3 = 15 (lateness is no missed lesson), excused 6.
        var signals = Compute(Midden(), "2025-07-31", LastWeek);

        Assert.Equal(1, signals.OngeoorloofdAantal);
        Assert.Equal(1, signals.TeLaatAantal);
        Assert.Equal(10, signals.TeLaatMinuten);
        Assert.Equal(1, signals.LuxeAantal);
        Assert.Equal(15m, signals.VerzuimdeLesuren);
        Assert.Equal(6m, signals.GeoorloofdeLesuren);
    }

    [Fact]
    public void On_1_August_a_new_school_year_starts_from_zero_but_rolling_windows_do_not()
    {
        // Fri 1 Aug 2025 starts school year 2025-2026: every per-year count is 0. The 60-school-day window is not
        // tied to the school year: it ends at Fri 18 Jul and still holds the sick report of Wed 16 Jul = 1.
        var signals = Compute(Midden(), "2025-08-01", LastWeek);

        Assert.Equal(0, signals.OngeoorloofdAantal);
        Assert.Equal(0, signals.TeLaatAantal);
        Assert.Equal(0, signals.TeLaatMinuten);
        Assert.Equal(0, signals.LuxeAantal);
        Assert.Equal(0m, signals.VerzuimdeLesuren);
        Assert.Equal(0m, signals.GeoorloofdeLesuren);
        Assert.Equal(1, signals.Ziekmeldingen12Schoolweken);
    }

    [Theory]
    [InlineData("2025-07-31", 2)] // Thu: 1 Aug 2024 .. 31 Jul 2025 holds Thu 1 Aug 2024 and Thu 31 Jul 2025
    [InlineData("2025-08-01", 1)] // Fri: 1 Aug 2025 .. holds only Fri 1 Aug 2025
    public void Registrations_on_either_side_of_the_boundary(string asOf, int expected)
    {
        // WeekendsOnly, so that 31 July and 1 August are school days (in the real calendar they are holiday).
        // Wed 31 Jul 2024 belongs to the year before, in both cases.
        var signals = Compute(SchoolCalendar.WeekendsOnly, asOf,
            Ongeoorloofd("2024-07-31", 2m),
            Ongeoorloofd("2024-08-01", 2m),
            Ongeoorloofd("2025-07-31", 2m),
            Ongeoorloofd("2025-08-01", 2m));

        Assert.Equal(expected, signals.OngeoorloofdAantal);
        Assert.Equal(expected * 2m, signals.VerzuimdeLesuren);
    }

    // Late in September 2024 (midden; school started Mon 26 Aug): 9 days of 5 minutes, then Fri 13 Sep twice
    // (20 + 15), Mon 16 Sep 20 minutes, Tue 17 Sep without minutes. Fri 12 Jul 2024 is the year before.
    private static readonly Verzuim.Cases.Attendance.AttendanceEntry[] Late =
    [
        TeLaat("2024-07-12", 30), // Fri, school year 2023-2024
        TeLaat("2024-09-02", 5), TeLaat("2024-09-03", 5), TeLaat("2024-09-04", 5), TeLaat("2024-09-05", 5), TeLaat("2024-09-06", 5), // Mon-Fri
        TeLaat("2024-09-09", 5), TeLaat("2024-09-10", 5), TeLaat("2024-09-11", 5), TeLaat("2024-09-12", 5), // Mon-Thu: 9th late day
        TeLaat("2024-09-13", 20), TeLaat("2024-09-13", 15), // Fri: 10th late day, late twice
        TeLaat("2024-09-16", 20), // Mon: 11th
        TeLaat("2024-09-17", null), // Tue: 12th, minutes not given
    ];

    [Theory]
    // 12 Sep: 9 days x 5 = 45 minutes, none after the 9th time.
    [InlineData("2024-09-12", 9, 45, 0)]
    // 13 Sep: 10 days (13 Sep once); 45 + 20 + 15 = 80; after the 9th: 13 Sep's 35.
    [InlineData("2024-09-13", 10, 80, 35)]
    // 17 Sep: 12 days; 80 + 20 + 0 = 100; after the 9th: 35 + 20 + 0 = 55, past Ichthus's 50 minutes.
    [InlineData("2024-09-17", 12, 100, 55)]
    public void Lateness_counts_days_and_adds_minutes(string asOf, int days, int minutes, int minutesAfterNinth)
    {
        var signals = Compute(Midden(), asOf, Late);

        Assert.Equal(days, signals.TeLaatAantal);
        Assert.Equal(minutes, signals.TeLaatMinuten);
        Assert.Equal(minutesAfterNinth, signals.TeLaatMinutenNa9eKeer);
    }

    [Fact]
    public void Lesson_hours_of_the_school_year()
    {
        // Week of Mon 25 Nov 2024, peildatum Fri 29 Nov. Counted: sick 6 + excused 2.5 + unexcused 3 + luxe 6
        // = 17.5; excused only (sick + excused) = 8.5. Not counted: hours on a late registration (Fri 29 Nov),
        // sick Fri 12 Jul 2024 (previous school year), excused Mon 28 Oct (autumn holiday: no lessons), sick
        // Mon 2 Dec (after the peildatum).
        var signals = Compute(Midden(), "2024-11-29",
            Ziek("2024-11-25", 6m),
            Geoorloofd("2024-11-26", 2.5m),
            Ongeoorloofd("2024-11-27", 3m),
            Luxe("2024-11-28", 6m),
            new(D("2024-11-29"), Verzuim.Cases.Attendance.AbsenceKind.TeLaat, 1m, 10),
            Ziek("2024-07-12", 6m),
            Geoorloofd("2024-10-28", 4m),
            Ziek("2024-12-02", 6m));

        Assert.Equal(17.5m, signals.VerzuimdeLesuren);
        Assert.Equal(8.5m, signals.GeoorloofdeLesuren);
        Assert.Equal(1, signals.LuxeAantal);
        Assert.Equal(1, signals.TeLaatAantal);
        Assert.Equal(10, signals.TeLaatMinuten);
    }
}
