using static Verzuim.Workflows.Tests.Attendance.Ledger;

namespace Verzuim.Workflows.Tests.Attendance;

/// <summary>
/// The legal relatief-verzuim rule, "16 uur in 4 (les)weken" (001, 002, 003, 004), counted over the last 20
/// school days; Groningen (004, steps 3b/4b) also counts lateness toward it.
/// </summary>
[Trait("Category", "Unit")]
public class UnexcusedHoursTests
{
    // 20 school days back from Fri 22 Nov 2024 (midden): 18-22 Nov (5), 11-15 Nov (10), 4-8 Nov (15), 28 Oct-1 Nov
    // is the autumn holiday (0), 21-25 Oct (20). The window is Mon 21 Oct .. Fri 22 Nov: five calendar weeks.
    private const string AsOf = "2024-11-22";

    [Fact]
    public void Sixteen_unexcused_hours_in_four_school_weeks()
    {
        // In the window: 21 Oct 4 + 5 Nov 4 + 13 Nov (2 + 2, two registrations one day) 4 + 22 Nov 4 = 16.
        // Fri 18 Oct (6 hours) is the 21st school day back: outside. Four calendar weeks (from 26 Oct) would
        // hold only 12 of these hours; the holiday week does not use up a school week.
        var signals = Compute(Midden(), AsOf,
            Ongeoorloofd("2024-10-18", 6m), // Fri, outside
            Ongeoorloofd("2024-10-21", 4m), // Mon, first day of the window
            Ongeoorloofd("2024-11-05", 4m), // Tue
            Ongeoorloofd("2024-11-13", 2m), // Wed
            Ongeoorloofd("2024-11-13", 2m), // Wed, a second registration the same day
            Ongeoorloofd("2024-11-22", 4m)); // Fri, the peildatum

        Assert.Equal(16m, signals.OngeoorloofdUren4Schoolweken);
        Assert.Equal(16m, signals.RelatiefVerzuimUren4Schoolweken); // no lateness
        // Days this school year: 18 Oct, 21 Oct, 5 Nov, 13 Nov (once), 22 Nov = 5.
        Assert.Equal(5, signals.OngeoorloofdAantal);
    }

    [Fact]
    public void Fifteen_and_a_half_hours_stay_below_sixteen_until_lateness_counts()
    {
        // 21 Oct now 3.5 hours: 3.5 + 4 + 4 + 4 = 15.5 unexcused hours, below the legal 16.
        // Groningen also counts "te laat (zonder reden)": Wed 20 Nov 30 minutes = 0.5 hour, so relatief
        // verzuim is 15.5 + 0.5 = 16. Late on Fri 18 Oct (45 minutes) is outside the window.
        var signals = Compute(Midden(), AsOf,
            Ongeoorloofd("2024-10-21", 3.5m),
            Ongeoorloofd("2024-11-05", 4m),
            Ongeoorloofd("2024-11-13", 4m),
            Ongeoorloofd("2024-11-22", 4m),
            TeLaat("2024-10-18", 45),
            TeLaat("2024-11-20", 30));

        Assert.Equal(15.5m, signals.OngeoorloofdUren4Schoolweken);
        Assert.Equal(16m, signals.RelatiefVerzuimUren4Schoolweken);
    }

    [Fact]
    public void Lateness_minutes_are_summed_before_they_become_hours()
    {
        // Three times 20 minutes late in the window = 60 minutes = exactly 1 hour (not 3 x 0.333...).
        var signals = Compute(Midden(), AsOf, TeLaat("2024-11-18", 20), TeLaat("2024-11-19", 20), TeLaat("2024-11-20", 20));

        Assert.Equal(0m, signals.OngeoorloofdUren4Schoolweken);
        Assert.Equal(1m, signals.RelatiefVerzuimUren4Schoolweken);
    }

    [Fact]
    public void Excused_hours_in_four_school_weeks()
    {
        // Seed 000: excused absence of more than 1/8 of the lesson time in 4 lesweken is reported. Same window:
        // sick 21 Oct 6 + excused 13 Nov 2.5 = 8.5; unexcused hours (4 on 22 Nov) and 18 Oct (outside) not.
        var signals = Compute(Midden(), AsOf,
            Ziek("2024-10-18", 6m), Ziek("2024-10-21", 6m), Geoorloofd("2024-11-13", 2.5m), Ongeoorloofd("2024-11-22", 4m));

        Assert.Equal(8.5m, signals.GeoorloofdUren4Schoolweken);
    }

    [Fact]
    public void Unexcused_days_next_to_a_school_holiday()
    {
        // Groningen (004, note 8): absent without reason directly before or after a holiday is a DUO criterion.
        // Fri 25 Oct (last school day before the autumn holiday), Mon 4 Nov (first after it), Fri 20 Dec (last
        // before Christmas) and Mon 6 Jan 2025 (first after) border a holiday = 4. Fri 11 Oct borders only a
        // weekend, Wed 6 Nov nothing.
        var signals = Compute(Midden(), "2025-01-06",
            Ongeoorloofd("2024-10-11", 6m),
            Ongeoorloofd("2024-10-25", 6m),
            Ongeoorloofd("2024-11-04", 6m),
            Ongeoorloofd("2024-11-06", 6m),
            Ongeoorloofd("2024-12-20", 6m),
            Ongeoorloofd("2025-01-06", 6m));

        Assert.Equal(4, signals.OngeoorloofdRondVakantieAantal);
        Assert.Equal(6, signals.OngeoorloofdAantal);
    }

    [Fact]
    public void A_study_day_is_no_school_holiday()
    {
        // Fri 8 Nov 2024 before a study day on Mon 11 Nov: the stretch 9-11 Nov holds no holiday = 0.
        var signals = Compute(Midden("2024-11-11"), "2024-11-12", Ongeoorloofd("2024-11-08", 6m));

        Assert.Equal(0, signals.OngeoorloofdRondVakantieAantal);
    }
}
