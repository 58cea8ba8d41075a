using Verzuim.Host.Overview;
using Verzuim.Cases.Attendance;
using Verzuim.Workflows.Time;

namespace Verzuim.Browser.Tests.Werkbak;

/// <summary>
/// The thuiszitter rule behind the overview and the register (docs/werkbak.md), on a calendar with a spring holiday
/// (Sat 14 - Sun 22 February 2026) and a study day (Wed 4 March 2026). No browser needed.
/// </summary>
public sealed class ThuiszittenTests
{
    private static readonly SchoolCalendar Calendar = new("midden", [new Holiday(new(2026, 2, 14), new(2026, 2, 22), "Voorjaarsvakantie")], [new DateOnly(2026, 3, 4)]);

    /// <summary>A registration of <paramref name="kind"/> on every school day from..to.</summary>
    private static List<(DateOnly, AbsenceKind)> Every(DateOnly from, DateOnly to, AbsenceKind kind = AbsenceKind.Ongeoorloofd)
    {
        var list = new List<(DateOnly, AbsenceKind)>();
        for (var day = from; day <= to; day = day.AddDays(1))
            if (Calendar.IsSchoolDay(day)) list.Add((day, kind));
        return list;
    }

    [Fact]
    public void A_holiday_and_a_study_day_inside_the_run_neither_break_it_nor_need_registrations()
    {
        // Mon 2 Feb to Fri 6 Mar: 28 days to Mon 2 Mar, 4 more to Fri 6 Mar, both ends counted = 33
        var periode = Thuiszitten.Periode(Every(new(2026, 2, 2), new(2026, 3, 6)), new DateOnly(2026, 3, 6), Calendar);
        Assert.Equal(new ThuisPeriode(new DateOnly(2026, 2, 2), 33), periode);
        Assert.True(Thuiszitten.IsThuiszitter(periode));
    }

    [Fact]
    public void Four_weeks_are_28_calendar_days_counted_to_the_peildatum_even_on_a_weekend()
    {
        var ledger = Every(new(2026, 2, 2), new(2026, 2, 27)); // the last school day is Fri 27 Feb
        // Sun 1 Mar: 2 Feb .. 1 Mar is 28 days; Sat 28 Feb only 27
        Assert.True(Thuiszitten.IsThuiszitter(Thuiszitten.Periode(ledger, new DateOnly(2026, 3, 1), Calendar)));
        Assert.Equal(27, Thuiszitten.Periode(ledger, new DateOnly(2026, 2, 28), Calendar)!.Dagen);
        Assert.False(Thuiszitten.IsThuiszitter(Thuiszitten.Periode(ledger, new DateOnly(2026, 2, 28), Calendar)));
    }

    [Fact]
    public void A_late_arrival_is_a_day_at_school_and_breaks_the_run()
    {
        var ledger = Every(new(2026, 2, 2), new(2026, 3, 6)).Where(e => e.Item1 != new DateOnly(2026, 2, 25)).ToList();
        ledger.Add((new DateOnly(2026, 2, 25), AbsenceKind.TeLaat));
        // the run starts again on Thu 26 Feb: 26 Feb .. 6 Mar = 9 days
        Assert.Equal(new ThuisPeriode(new DateOnly(2026, 2, 26), 9), Thuiszitten.Periode(ledger, new DateOnly(2026, 3, 6), Calendar));
    }

    [Fact]
    public void Sick_and_excused_days_count_as_days_at_home_as_unexcused_ones_do()
    {
        var ledger = Every(new(2026, 2, 2), new(2026, 2, 13), AbsenceKind.Ziek).Concat(Every(new(2026, 2, 23), new(2026, 3, 6), AbsenceKind.Geoorloofd)).ToList();
        Assert.Equal(new DateOnly(2026, 2, 2), Thuiszitten.Periode(ledger, new DateOnly(2026, 3, 6), Calendar)!.Sinds);
    }

    [Fact]
    public void At_school_on_the_peildatum_means_not_at_home_however_long_the_absence_before()
    {
        var ledger = Every(new(2026, 1, 5), new(2026, 3, 5));
        Assert.Null(Thuiszitten.Periode(ledger, new DateOnly(2026, 3, 6), Calendar));
    }

    [Fact]
    public void Duration_buckets_and_terms_follow_the_3_and_6_calendar_months_after_the_first_day_at_home()
    {
        var periode = new ThuisPeriode(new DateOnly(2026, 1, 5), 0);
        Assert.Equal(new DateOnly(2026, 4, 5), Thuiszitten.Streefdatum(periode));
        Assert.Equal(new DateOnly(2026, 7, 5), Thuiszitten.WettelijkeTermijn(periode));
        Assert.Equal(Thuiszitten.Bucket4WekenTot3Maanden, Thuiszitten.Bucket(periode, new DateOnly(2026, 4, 4)));
        Assert.Equal(Thuiszitten.Bucket3Tot6Maanden, Thuiszitten.Bucket(periode, new DateOnly(2026, 4, 5)));
        Assert.Equal(Thuiszitten.Bucket3Tot6Maanden, Thuiszitten.Bucket(periode, new DateOnly(2026, 7, 4)));
        Assert.Equal(Thuiszitten.Bucket6MaandenOfLanger, Thuiszitten.Bucket(periode, new DateOnly(2026, 7, 5)));
        Assert.Equal("wettelijke termijn verstreken", Thuiszitten.Termijnstatus(periode, new DateOnly(2026, 7, 5)));
    }

    [Fact]
    public void The_recent_reference_dates_are_the_last_four_15ths_of_March_June_September_December()
    {
        Assert.Equal([new(2026, 9, 15), new(2026, 6, 15), new(2026, 3, 15), new DateOnly(2025, 12, 15)], Thuiszitten.RecentePeildata(new DateOnly(2026, 11, 23)));
        Assert.Equal([new(2026, 12, 15), new(2026, 9, 15), new(2026, 6, 15), new DateOnly(2026, 3, 15)], Thuiszitten.RecentePeildata(new DateOnly(2026, 12, 15)));
        Assert.Equal([new(2026, 12, 15), new(2026, 9, 15), new(2026, 6, 15), new DateOnly(2026, 3, 15)], Thuiszitten.RecentePeildata(new DateOnly(2027, 3, 14)));
    }
}
