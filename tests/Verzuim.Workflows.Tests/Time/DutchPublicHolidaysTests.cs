using System.Globalization;
using Verzuim.Workflows.Time;

namespace Verzuim.Workflows.Tests.Time;

[Trait("Category", "Unit")]
public class DutchPublicHolidaysTests
{
    // A calendar with no school holidays at all, so only weekends and public holidays are days off.
    private static readonly SchoolCalendar OnlyPublicHolidays = new("midden", [], publicHolidays: DutchPublicHolidays.Standard);

    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);

    private static DateOnly D(string iso) => DateOnly.Parse(iso, CultureInfo.InvariantCulture);

    [Theory] // published Easter dates
    [InlineData(2024, "2024-03-31")]
    [InlineData(2025, "2025-04-20")]
    [InlineData(2026, "2026-04-05")]
    [InlineData(2027, "2027-03-28")]
    [InlineData(2028, "2028-04-16")]
    [InlineData(2029, "2029-04-01")]
    [InlineData(2030, "2030-04-21")]
    [InlineData(2038, "2038-04-25")] // the latest possible date
    [InlineData(2285, "2285-03-22")] // the earliest possible date
    public void Easter_sunday_is_the_published_date(int year, string expected)
    {
        Assert.Equal(D(expected), DutchPublicHolidays.EasterSunday(year));
    }

    [Fact]
    public void Easter_based_dates_agree_with_the_PublicHoliday_package_for_two_centuries()
    {
        var library = new PublicHoliday.DutchPublicHoliday();
        for (var year = 1900; year <= 2100; year++)
        {
            var theirs = library.PublicHolidayNames(year).ToDictionary(h => h.Value, h => DateOnly.FromDateTime(h.Key));
            var ours = DutchPublicHolidays.Standard.For(year).ToDictionary(h => h.Name, h => h.From);
            Assert.Equal(theirs["Paasmaandag"], ours["Tweede Paasdag"]);
            Assert.Equal(theirs["Hemelvaartsdag"], ours["Hemelvaartsdag"]);
            Assert.Equal(theirs["Pinkstermaandag"], ours["Tweede Pinksterdag"]);
            if (year >= 2014)
            {
                Assert.Equal(theirs["Koningsdag"], ours["Koningsdag"]); // Koningsdag exists since 2014
            }
        }
    }

    [Fact]
    public void The_school_free_public_holidays_of_2027_are_the_official_list()
    {
        // Easter 2027 is 28 March; Hemelvaart = Easter + 39 days, Pinksteren = Easter + 49; 2027 is no lustrum year.
        Assert.Equal(
            [
                (D("2027-01-01"), "Nieuwjaarsdag"), (D("2027-03-26"), "Goede Vrijdag"), (D("2027-03-28"), "Eerste Paasdag"),
                (D("2027-03-29"), "Tweede Paasdag"), (D("2027-04-27"), "Koningsdag"), (D("2027-05-06"), "Hemelvaartsdag"),
                (D("2027-05-16"), "Eerste Pinksterdag"), (D("2027-05-17"), "Tweede Pinksterdag"), (D("2027-12-25"), "Eerste Kerstdag"),
                (D("2027-12-26"), "Tweede Kerstdag"),
            ],
            DutchPublicHolidays.Standard.For(2027).Select(h => (h.From, h.Name)));
    }

    [Theory] // 27 April is a Sunday in 2025 and 2031: Koningsdag moves to Saturday the 26th
    [InlineData(2025, "2025-04-26")]
    [InlineData(2031, "2031-04-26")]
    [InlineData(2026, "2026-04-27")]
    [InlineData(2030, "2030-04-27")]
    public void Koningsdag_is_the_26th_when_the_27th_is_a_sunday(int year, string expected)
    {
        Assert.Equal(D(expected), DutchPublicHolidays.Standard.For(year).Single(h => h.Name == "Koningsdag").From);
    }

    [Theory]
    // 2031 (27 April a Sunday): Koningsdag is Saturday the 26th, not moved to Monday: Fri 25 Apr + 1 school day = Mon 28 Apr
    [InlineData("2031-04-25T10:00:00+02:00", "2031-04-28T10:00:00+02:00")]
    // 2025 likewise (Koningsdag Sat 26 Apr 2025)
    [InlineData("2025-04-25T10:00:00+02:00", "2025-04-28T10:00:00+02:00")]
    // 2032 (27 April a Tuesday): Mon 26 Apr + 1 school day = Wed 28 Apr
    [InlineData("2032-04-26T10:00:00+02:00", "2032-04-28T10:00:00+02:00")]
    public void Koningsdag_on_the_26th_leaves_the_monday_after_it_a_school_day(string start, string expected)
    {
        Assert.Equal(At(expected), OnlyPublicHolidays.AddSchoolDays(At(start), 1));
        Assert.Equal("Koningsdag", DutchPublicHolidays.Standard.NameOf(new DateOnly(2031, 4, 26)));
        Assert.True(OnlyPublicHolidays.IsSchoolDay(new DateOnly(2031, 4, 28)));
    }

    [Theory] // Bevrijdingsdag: lustrum years only by default (2025, 2030), configurable
    [InlineData(BevrijdingsdagRule.Lustrum, 2025, true)]
    [InlineData(BevrijdingsdagRule.Lustrum, 2026, false)]
    [InlineData(BevrijdingsdagRule.Lustrum, 2030, true)]
    [InlineData(BevrijdingsdagRule.EveryYear, 2026, true)]
    [InlineData(BevrijdingsdagRule.Never, 2025, false)]
    public void Bevrijdingsdag_follows_the_rule(BevrijdingsdagRule rule, int year, bool free)
    {
        Assert.Equal(free, new DutchPublicHolidays(rule).NameOf(new DateOnly(year, 5, 5)) == "Bevrijdingsdag");
    }

    [Theory]
    // Thu 25 Mar 2027 + 1 school day: Goede Vrijdag 26, the weekend, Tweede Paasdag Mon 29 → Tue 30 Mar
    [InlineData("2027-03-25T10:00:00+01:00", 1, "2027-03-30T10:00:00+02:00")]
    // Wed 5 May 2027 (no lustrum: a school day) + 1: Hemelvaartsdag Thu 6 May → Fri 7 May
    [InlineData("2027-05-05T10:00:00+02:00", 1, "2027-05-07T10:00:00+02:00")]
    // Fri 14 May 2027 + 1: weekend, Tweede Pinksterdag Mon 17 May → Tue 18 May
    [InlineData("2027-05-14T10:00:00+02:00", 1, "2027-05-18T10:00:00+02:00")]
    // Fri 2 May 2025 + 1: Bevrijdingsdag Mon 5 May (lustrum) → Tue 6 May
    [InlineData("2025-05-02T10:00:00+02:00", 1, "2025-05-06T10:00:00+02:00")]
    // Mon 26 Apr 2027 + 1: Koningsdag Tue 27 Apr → Wed 28 Apr
    [InlineData("2027-04-26T10:00:00+02:00", 1, "2027-04-28T10:00:00+02:00")]
    public void Public_holidays_are_not_school_days(string start, int days, string expected)
    {
        Assert.Equal(At(expected), OnlyPublicHolidays.AddSchoolDays(At(start), days));
    }

    [Fact]
    public void A_school_that_teaches_on_a_public_holiday_counts_it()
    {
        var teachesOnGoodFriday = new SchoolCalendar("midden", [], publicHolidays: new DutchPublicHolidays(taughtOn: [D("2027-03-26")]));
        Assert.True(teachesOnGoodFriday.IsSchoolDay(D("2027-03-26")));
        Assert.False(teachesOnGoodFriday.IsSchoolDay(D("2027-03-29")));
        Assert.False(OnlyPublicHolidays.IsSchoolDay(D("2027-03-26")));
    }

    [Fact]
    public void Without_public_holidays_they_count_as_school_days()
    {
        Assert.True(new SchoolCalendar("midden", []).IsSchoolDay(D("2027-03-29")));
    }
}
