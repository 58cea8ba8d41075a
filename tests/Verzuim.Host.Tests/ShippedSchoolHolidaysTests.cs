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
}
