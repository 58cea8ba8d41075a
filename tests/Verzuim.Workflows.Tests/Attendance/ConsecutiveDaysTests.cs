using static Verzuim.Workflows.Tests.Attendance.Ledger;

namespace Verzuim.Workflows.Tests.Attendance;

/// <summary>
/// Runs of consecutive school days: MAZL's "7e schooldag aaneengesloten ziek" (002, 003, 004), seed 000's
/// "3 dagen achtereen ongeoorloofd" and "na 3 dagen achtereen (geoorloofd) verzuim", Twente's "> 2 weken" ziek.
/// </summary>
[Trait("Category", "Unit")]
public class ConsecutiveDaysTests
{
    private const string StudyDay = "2024-10-09"; // Wed

    // Sick Thu 3 Oct to Mon 14 Oct 2024 on every school day; Wed 9 Oct is a study day (no registration).
    private static readonly Verzuim.Cases.Attendance.AttendanceEntry[] SickTwoWeeks =
    [
        Ziek("2024-10-03"), // Thu
        Ziek("2024-10-04"), // Fri
        Ziek("2024-10-07"), // Mon (after a weekend)
        Ziek("2024-10-08"), // Tue
        Ziek("2024-10-10"), // Thu (after the study day)
        Ziek("2024-10-11"), // Fri
        Ziek("2024-10-14"), // Mon (after a weekend)
    ];

    [Fact]
    public void Seven_sick_school_days_across_a_weekend_and_a_study_day()
    {
        // School days 3, 4, 7, 8, 10, 11, 14 Oct = 7: the weekends (5-6, 12-13 Oct) and the study day (9 Oct)
        // neither break the run nor count. One episode, so one report. Calendar days 3..14 Oct = 12.
        var signals = Compute(Midden(StudyDay), "2024-10-14", SickTwoWeeks);

        Assert.Equal(7, signals.ZiekSchooldagenAaneengesloten);
        Assert.Equal(12, signals.ZiekKalenderdagenAaneengesloten);
        Assert.Equal(1, signals.Ziekmeldingen12Schoolweken);
        Assert.Equal(7, signals.GeoorloofdDagenAaneengesloten); // sick is excused too
    }

    [Fact]
    public void On_a_saturday_the_run_ends_at_friday_and_calendar_days_run_to_the_peildatum()
    {
        // Sat 12 Oct: last school day is Fri 11 Oct. Run 3, 4, 7, 8, 10, 11 Oct = 6 school days;
        // calendar days 3..12 Oct = 10.
        var signals = Compute(Midden(StudyDay), "2024-10-12", SickTwoWeeks);

        Assert.Equal(6, signals.ZiekSchooldagenAaneengesloten);
        Assert.Equal(10, signals.ZiekKalenderdagenAaneengesloten);
    }

    [Fact]
    public void Without_the_study_day_wednesday_breaks_the_run()
    {
        // Same registrations, but Wed 9 Oct is an ordinary school day without a sick registration: the run
        // up to Mon 14 Oct is 10, 11, 14 Oct = 3 school days, calendar days 10..14 Oct = 5, and sick on
        // Thu 10 Oct is a second report (3 Oct and 10 Oct) = 2.
        var signals = Compute(Midden(), "2024-10-14", SickTwoWeeks);

        Assert.Equal(3, signals.ZiekSchooldagenAaneengesloten);
        Assert.Equal(5, signals.ZiekKalenderdagenAaneengesloten);
        Assert.Equal(2, signals.Ziekmeldingen12Schoolweken);
    }

    [Fact]
    public void A_registration_on_the_study_day_itself_is_ignored()
    {
        // No lesson was given on 9 Oct, so a sick registration there adds nothing: still 7.
        var signals = Compute(Midden(StudyDay), "2024-10-14", [.. SickTwoWeeks, Ziek(StudyDay)]);

        Assert.Equal(7, signals.ZiekSchooldagenAaneengesloten);
    }

    [Fact]
    public void A_school_day_without_registration_ends_the_current_run()
    {
        // Tue 15 Oct is a school day with no sick registration: not currently sick, both counts 0.
        var signals = Compute(Midden(StudyDay), "2024-10-15", SickTwoWeeks);

        Assert.Equal(0, signals.ZiekSchooldagenAaneengesloten);
        Assert.Equal(0, signals.ZiekKalenderdagenAaneengesloten);
    }

    // Unexcused Wed 13 Nov, then not on Thu 14 Nov, then Fri 15, Mon 18, Tue 19 Nov 2024.
    private static readonly Verzuim.Cases.Attendance.AttendanceEntry[] Unexcused =
    [
        Ongeoorloofd("2024-11-13", 6m), // Wed
        Ongeoorloofd("2024-11-15", 6m), // Fri
        Ongeoorloofd("2024-11-18", 6m), // Mon
        Ongeoorloofd("2024-11-19", 6m), // Tue
    ];

    [Fact]
    public void Three_unexcused_days_across_a_weekend()
    {
        // Tue 19 Nov: 19, 18 Nov, (weekend 16-17 skipped), 15 Nov = 3; Thu 14 Nov has none, so 13 Nov is not
        // part of the run. Calendar days 15..19 Nov = 5. Seed 000: "3 dagen achtereen" -> TL reports to DUO.
        var signals = Compute(Midden(), "2024-11-19", Unexcused);

        Assert.Equal(3, signals.OngeoorloofdDagenAaneengesloten);
        Assert.Equal(5, signals.OngeoorloofdKalenderdagenAaneengesloten);
        Assert.Equal(4, signals.OngeoorloofdAantal);
    }

    [Theory]
    [InlineData("2024-11-17", 1, 3)] // Sun: last school day Fri 15 Nov, run of 1; calendar 15..17 Nov = 3
    [InlineData("2024-11-18", 2, 4)] // Mon: 15, 18 Nov = 2; calendar 15..18 Nov = 4
    [InlineData("2024-11-20", 0, 0)] // Wed: a school day without registration
    public void Unexcused_run_by_peildatum(string asOf, int schoolDays, int calendarDays)
    {
        var signals = Compute(Midden(), asOf, Unexcused);

        Assert.Equal(schoolDays, signals.OngeoorloofdDagenAaneengesloten);
        Assert.Equal(calendarDays, signals.OngeoorloofdKalenderdagenAaneengesloten);
    }

    [Fact]
    public void Sick_and_other_excused_days_make_one_excused_run()
    {
        // Sick Thu 21 Nov, excused (e.g. hospital visit) Fri 22 Nov, sick Mon 25 Nov 2024. Excused run up to
        // 25 Nov: 25, 22, 21 Nov = 3 (seed 000: "na 3 dagen achtereen" the mentor calls home). Sick run: only
        // 25 Nov = 1, since Fri 22 Nov has no sick registration; that also makes 25 Nov a second sick report.
        var signals = Compute(Midden(), "2024-11-25",
            Ziek("2024-11-21"), Geoorloofd("2024-11-22", 6m), Ziek("2024-11-25"));

        Assert.Equal(3, signals.GeoorloofdDagenAaneengesloten);
        Assert.Equal(1, signals.ZiekSchooldagenAaneengesloten);
        Assert.Equal(2, signals.Ziekmeldingen12Schoolweken);
    }
}
