using System.Globalization;
using Microsoft.Extensions.Options;
using Verzuim.Host.Schools;
using Verzuim.Workflows.Time;

namespace Verzuim.Host.Tests;

/// <summary>
/// The shipped holiday data (src/Verzuim.Host/Schools/schoolvakanties.json) must give every region a complete,
/// gapless run of school years through 2029-2030: a missing or mistyped year would make school weeks count
/// holidays as school days without anyone noticing.
/// </summary>
public sealed class ShippedSchoolHolidaysTests
{
    private static readonly string Json = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Schools", "schoolvakanties.json"));

    // One school year as OCW publishes it, in this order; the length in days (Saturday through Sunday) is fixed
    // per kind: 9 for a one-week holiday, 16 for kerst and the two-week meivakantie, 44 for zomer (six weeks).
    private static readonly (string Name, int[] Lengths)[] SchoolYear =
    [
        ("Herfstvakantie", [9]),
        ("Kerstvakantie", [16]),
        ("Voorjaarsvakantie", [9]),
        ("Meivakantie", [9, 16]),
        ("Zomervakantie", [44]),
    ];

    [Theory]
    [InlineData("noord")]
    [InlineData("midden")]
    [InlineData("zuid")]
    public void Each_region_has_every_school_year_from_2024_2025_through_2029_2030_complete_and_contiguous(string region)
    {
        var holidays = SchoolHolidaysOpenData.Parse(Json, region);

        Assert.Equal(6 * SchoolYear.Length, holidays.Count);
        for (var i = 0; i < holidays.Count; i++)
        {
            var holiday = holidays[i];
            var firstYear = 2024 + (i / SchoolYear.Length);
            var (name, lengths) = SchoolYear[i % SchoolYear.Length];
            var where = $"{region} {firstYear}-{firstYear + 1} {holiday.Name} {holiday.From:yyyy-MM-dd}..{holiday.To:yyyy-MM-dd}";

            Assert.True(name == holiday.Name, $"{where}: expected {name} at this place in the school year");
            Assert.True(holiday.From.DayOfWeek == DayOfWeek.Saturday && holiday.To.DayOfWeek == DayOfWeek.Sunday, $"{where}: not Saturday through Sunday");
            Assert.Contains(holiday.To.DayNumber - holiday.From.DayNumber + 1, lengths);

            // The school year runs from the day after last year's zomervakantie to the end of this one's:
            // herfst in October of the first year, zomer ending in August or September of the second.
            if (name == "Herfstvakantie")
            {
                Assert.True(holiday.From.Year == firstYear && holiday.From.Month == 10, $"{where}: herfstvakantie not in October {firstYear}");
            }

            if (name == "Zomervakantie")
            {
                Assert.True(holiday.To.Year == firstYear + 1 && holiday.To.Month is 8 or 9, $"{where}: zomervakantie does not end in Aug/Sep {firstYear + 1}");
            }

            if (i > 0)
            {
                Assert.True(holidays[i - 1].To < holiday.From, $"{where}: overlaps the previous holiday ({holidays[i - 1].Name} until {holidays[i - 1].To:yyyy-MM-dd})");
            }
        }

        Assert.Equal(new DateOnly(2030, 8, 1).Year, holidays[^1].To.Year);
    }

    /// <summary>
    /// A kantelpunt counted in school weeks, started today (Wed 2 Dec 2026, 10:00), through the shipped data with public
    /// holidays, for each region. Worked out by hand from the dates in schoolvakanties.json:
    /// kerstvakantie 19 Dec 2026 - 3 Jan 2027 everywhere (its 25/26 Dec and 1 Jan are inside it); voorjaarsvakantie
    /// zuid 6-14 Feb, noord 13-21 Feb, midden 20-28 Feb 2027; no public holiday falls on a weekday before March.
    /// School days after the start: Dec 3-4 (2), 7-11 (7), 14-18 (12); Jan 4-8 (17), 11-15 (22), 18-22 (27), 25-29 (32);
    /// Feb 1-5 (37).
    /// <list type="bullet">
    /// <item>3 schoolweken = 15 days: Mon 4 Jan (13), Tue 5 (14), Wed 6 Jan (15), every region.</item>
    /// <item>8 schoolweken = 40 days: noord and midden school Feb 8, 9, 10 → Wed 10 Feb; zuid is off Feb 8-12 → Feb 15,
    /// 16, 17 → Wed 17 Feb.</item>
    /// <item>9 schoolweken = 45 days: midden Feb 8-12 (42), 15, 16, 17 → Wed 17 Feb; noord Feb 8-12 (42), off 15-19,
    /// Feb 22, 23, 24 → Wed 24 Feb; zuid Feb 15-19 (42), 22, 23, 24 → Wed 24 Feb.</item>
    /// </list>
    /// </summary>
    [Theory]
    [InlineData("noord", "3 schoolweken", "2027-01-06")]
    [InlineData("midden", "3 schoolweken", "2027-01-06")]
    [InlineData("zuid", "3 schoolweken", "2027-01-06")]
    [InlineData("noord", "8 schoolweken", "2027-02-10")]
    [InlineData("midden", "8 schoolweken", "2027-02-10")]
    [InlineData("zuid", "8 schoolweken", "2027-02-17")]
    [InlineData("noord", "9 schoolweken", "2027-02-24")]
    [InlineData("midden", "9 schoolweken", "2027-02-17")]
    [InlineData("zuid", "9 schoolweken", "2027-02-24")]
    public void A_kantelpunt_started_before_christmas_2026_lands_on_the_right_day_in_2027(string region, string duration, string expected)
    {
        var calendar = Schools(region).CalendarFor("S");
        var start = DateTimeOffset.Parse("2026-12-02T10:00:00+01:00", CultureInfo.InvariantCulture);
        var schedule = TimerSchedule.Parse(TimerKind.Duration, duration);

        var due = schedule.DueAt(start, 0, calendar)!.Value;

        Assert.Equal(DateTimeOffset.Parse($"{expected}T10:00:00+01:00", CultureInfo.InvariantCulture), due);
        Assert.Null(schedule.CoverageOf(due, calendar)); // the shipped data covers it: no warning
    }

    /// <summary>
    /// The same from today, Thu 3 Dec 2026 10:00. School days after it: Dec 4 (1), 7-11 (6), 14-18 (11); kerstvakantie;
    /// Jan 4-8 (16), 11-15 (21), 18-22 (26), 25-29 (31); Feb 1-5 (36).
    /// <list type="bullet">
    /// <item>3 schoolweken = 15 days: Jan 4, 5, 6, 7 → Thu 7 Jan, every region.</item>
    /// <item>8 schoolweken = 40 days: noord (off 13-21 Feb) and midden (off 20-28 Feb) school Feb 8-11 → Thu 11 Feb; zuid is
    /// off 6-14 Feb → Feb 15-18 → Thu 18 Feb.</item>
    /// </list>
    /// </summary>
    [Theory]
    [InlineData("noord", "3 schoolweken", "2027-01-07")]
    [InlineData("midden", "3 schoolweken", "2027-01-07")]
    [InlineData("zuid", "3 schoolweken", "2027-01-07")]
    [InlineData("noord", "8 schoolweken", "2027-02-11")]
    [InlineData("midden", "8 schoolweken", "2027-02-11")]
    [InlineData("zuid", "8 schoolweken", "2027-02-18")]
    public void A_kantelpunt_started_today_lands_on_the_right_day_in_2027(string region, string duration, string expected)
    {
        var calendar = Schools(region).CalendarFor("S");
        var schedule = TimerSchedule.Parse(TimerKind.Duration, duration);
        var due = schedule.DueAt(DateTimeOffset.Parse("2026-12-03T10:00:00+01:00", CultureInfo.InvariantCulture), 0, calendar)!.Value;
        Assert.Equal(DateTimeOffset.Parse($"{expected}T10:00:00+01:00", CultureInfo.InvariantCulture), due);
        Assert.Null(schedule.CoverageOf(due, calendar));
    }

    /// <summary>
    /// Public holidays outside the school holidays are skipped in the shipped calendar of every region (none of these
    /// dates lies in a region's holiday; Koningsdag falls in the meivakantie every year of the data, see
    /// DutchPublicHolidaysTests for its Sunday rule). Easter 2027 is 28 March, Easter 2028 is 16 April.
    /// <list type="bullet">
    /// <item>Wed 17 Mar 2027 + 3 schoolweken: Mar 18-19 (2), 22-25 (6), Goede Vrijdag 26 and Tweede Paasdag Mon 29 off,
    /// Mar 30-Apr 2 (10), Apr 5-9 (15) → Fri 9 Apr (Wed 7 Apr if they counted).</item>
    /// <item>Wed 12 May 2027 + 1 schoolweek: May 13-14 (2), Tweede Pinksterdag Mon 17 off, 18-20 (5) → Thu 20 May.</item>
    /// <item>Mon 22 May 2028 + 1 schoolweek: May 23-24 (2), Hemelvaartsdag Thu 25 off, 26 (3), 29-30 (5) → Tue 30 May
    /// (the Friday after Hemelvaart is a school day unless the school adds it as a free day).</item>
    /// <item>Tue 30 May 2028 + 1 schoolweek: May 31-Jun 2 (3), Tweede Pinksterdag Mon 5 Jun off, 6-7 (5) → Wed 7 Jun.</item>
    /// </list>
    /// </summary>
    [Theory]
    [InlineData("noord", "2027-03-17", "3 schoolweken", "2027-04-09")]
    [InlineData("midden", "2027-03-17", "3 schoolweken", "2027-04-09")]
    [InlineData("zuid", "2027-03-17", "3 schoolweken", "2027-04-09")]
    [InlineData("midden", "2027-05-12", "1 schoolweek", "2027-05-20")]
    [InlineData("zuid", "2028-05-22", "1 schoolweek", "2028-05-30")]
    [InlineData("noord", "2028-05-30", "1 schoolweek", "2028-06-07")]
    public void Tweede_Paasdag_Goede_Vrijdag_Hemelvaart_and_Tweede_Pinksterdag_are_skipped(string region, string start, string duration, string expected)
    {
        var calendar = Schools(region).CalendarFor("S");
        var due = TimerSchedule.Parse(TimerKind.Duration, duration)
            .DueAt(DateTimeOffset.Parse($"{start}T10:00:00+01:00", CultureInfo.InvariantCulture), 0, calendar)!.Value;
        Assert.Equal(DateOnly.Parse(expected, CultureInfo.InvariantCulture), calendar.LocalDate(due));
    }

    [Fact]
    public void The_shipped_data_covers_the_next_12_months_from_today_for_every_region()
    {
        foreach (var region in new[] { "noord", "midden", "zuid" })
        {
            Assert.Null(Schools(region).CalendarFor("S").CoverageThrough(new DateOnly(2027, 12, 2)));
        }
    }

    private static SchoolDirectory Schools(string region) => new(Options.Create(new SchoolOptions
    {
        Lijst = [new SchoolSettings { Id = "S", Model = "apeldoorn-opschalingsmodel", Regio = region }],
    }), new SchoolDirectoryTests.Environment());
}
