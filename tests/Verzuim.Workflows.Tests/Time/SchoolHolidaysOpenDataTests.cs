using Verzuim.Workflows.Time;

namespace Verzuim.Workflows.Tests.Time;

[Trait("Category", "Unit")]
public class SchoolHolidaysOpenDataTests
{
    private static Holiday H(string name, int fromYear, int fromMonth, int fromDay, int toYear, int toMonth, int toDay) =>
        new(new DateOnly(fromYear, fromMonth, fromDay), new DateOnly(toYear, toMonth, toDay), name);

    private static readonly Holiday[] ExpectedNoord =
    [
        H("Herfstvakantie", 2024, 10, 19, 2024, 10, 27),
        H("Kerstvakantie", 2024, 12, 21, 2025, 1, 5),
        H("Voorjaarsvakantie", 2025, 2, 15, 2025, 2, 23),
        H("Meivakantie", 2025, 4, 26, 2025, 5, 4),
        H("Zomervakantie", 2025, 7, 12, 2025, 8, 24),
        H("Herfstvakantie", 2025, 10, 18, 2025, 10, 26),
        H("Kerstvakantie", 2025, 12, 20, 2026, 1, 4),
        H("Voorjaarsvakantie", 2026, 2, 14, 2026, 2, 22),
        H("Meivakantie", 2026, 4, 25, 2026, 5, 3),
        H("Zomervakantie", 2026, 7, 4, 2026, 8, 16),
    ];

    private static readonly Holiday[] ExpectedMidden =
    [
        H("Herfstvakantie", 2024, 10, 26, 2024, 11, 3),
        H("Kerstvakantie", 2024, 12, 21, 2025, 1, 5),
        H("Voorjaarsvakantie", 2025, 2, 22, 2025, 3, 2),
        H("Meivakantie", 2025, 4, 26, 2025, 5, 4),
        H("Zomervakantie", 2025, 7, 19, 2025, 8, 31),
        H("Herfstvakantie", 2025, 10, 18, 2025, 10, 26),
        H("Kerstvakantie", 2025, 12, 20, 2026, 1, 4),
        H("Voorjaarsvakantie", 2026, 2, 14, 2026, 2, 22),
        H("Meivakantie", 2026, 4, 25, 2026, 5, 3),
        H("Zomervakantie", 2026, 7, 18, 2026, 8, 30),
    ];

    private static readonly Holiday[] ExpectedZuid =
    [
        H("Herfstvakantie", 2024, 10, 19, 2024, 10, 27),
        H("Kerstvakantie", 2024, 12, 21, 2025, 1, 5),
        H("Voorjaarsvakantie", 2025, 2, 22, 2025, 3, 2),
        H("Meivakantie", 2025, 4, 26, 2025, 5, 4),
        H("Zomervakantie", 2025, 7, 5, 2025, 8, 17),
        H("Herfstvakantie", 2025, 10, 11, 2025, 10, 19),
        H("Kerstvakantie", 2025, 12, 20, 2026, 1, 4),
        H("Voorjaarsvakantie", 2026, 2, 21, 2026, 3, 1),
        H("Meivakantie", 2026, 4, 25, 2026, 5, 3),
        H("Zomervakantie", 2026, 7, 11, 2026, 8, 23),
    ];

    [Fact]
    public void Noord_gets_its_own_holidays_plus_the_nationwide_ones_sorted()
    {
        Assert.Equal(ExpectedNoord, SchoolHolidaysOpenData.Parse(SchoolHolidaysFixture.ContentDocument, "noord"));
    }

    [Fact]
    public void Midden_and_zuid_get_their_own_dates()
    {
        Assert.Equal(ExpectedMidden, SchoolHolidaysOpenData.Parse(SchoolHolidaysFixture.ContentDocument, "midden"));
        Assert.Equal(ExpectedZuid, SchoolHolidaysOpenData.Parse(SchoolHolidaysFixture.ContentDocument, "zuid"));
    }

    [Theory]
    [InlineData("ZUID")]
    [InlineData("Zuid")]
    [InlineData(" zuid ")]
    public void Region_matching_ignores_case_and_surrounding_spaces(string region)
    {
        Assert.Equal(ExpectedZuid, SchoolHolidaysOpenData.Parse(SchoolHolidaysFixture.ContentDocument, region));
    }

    [Fact]
    public void Heel_Nederland_selects_only_the_nationwide_holidays()
    {
        var holidays = SchoolHolidaysOpenData.Parse(SchoolHolidaysFixture.ContentDocument, "Heel Nederland");
        Assert.Equal(["Kerstvakantie", "Meivakantie", "Kerstvakantie", "Meivakantie"], holidays.Select(h => h.Name));
    }

    [Fact]
    public void Type_names_are_trimmed()
    {
        var names = SchoolHolidaysOpenData.Parse(SchoolHolidaysFixture.ContentDocument, "noord").Select(h => h.Name).Distinct();
        Assert.Equal(["Herfstvakantie", "Kerstvakantie", "Voorjaarsvakantie", "Meivakantie", "Zomervakantie"], names);
    }

    [Fact]
    public void Utc_instants_become_local_days_in_summer_and_winter_time()
    {
        var noord = SchoolHolidaysOpenData.Parse(SchoolHolidaysFixture.ContentDocument, "noord");

        // Winter time: 2024-12-20T23:00Z is Saturday 21 Dec 00:00 in Amsterdam, not the 20th.
        var christmas = noord.Single(h => h.Name == "Kerstvakantie" && h.From.Year == 2024);
        Assert.Equal(new DateOnly(2024, 12, 21), christmas.From);
        Assert.Equal(new DateOnly(2025, 1, 5), christmas.To);

        // Summer time: 2025-07-11T22:00Z is Saturday 12 Jul 00:00 in Amsterdam.
        var summer = noord.Single(h => h.Name == "Zomervakantie" && h.From.Year == 2025);
        Assert.Equal(new DateOnly(2025, 7, 12), summer.From);

        // The end instant falls on the DST change night (27 Oct 00:00Z = 02:00 CEST): still the 27th.
        Assert.Equal(new DateOnly(2024, 10, 27), noord[0].To);
    }

    [Fact]
    public void Accepts_a_root_array_of_documents()
    {
        var json = $"[ {{ \"content\": {SchoolHolidaysFixture.Content} }} ]";
        Assert.Equal(ExpectedNoord, SchoolHolidaysOpenData.Parse(json, "noord"));
    }

    [Fact]
    public void Accepts_documents_nesting()
    {
        var json = $"{{ \"documents\": [ {{ \"content\": {SchoolHolidaysFixture.Content} }} ] }}";
        Assert.Equal(ExpectedNoord, SchoolHolidaysOpenData.Parse(json, "noord"));
    }

    [Fact]
    public void The_same_holiday_published_twice_appears_once()
    {
        var json = $"[ {{ \"content\": {SchoolHolidaysFixture.Content} }}, {{ \"content\": {SchoolHolidaysFixture.Content} }} ]";
        Assert.Equal(ExpectedNoord, SchoolHolidaysOpenData.Parse(json, "noord"));
    }

    [Fact]
    public void A_region_listed_next_to_heel_Nederland_uses_its_own_dates()
    {
        const string json = """
            { "content": [ { "vacations": [
              { "type": "Meivakantie", "regions": [
                { "region": "heel Nederland", "startdate": "2025-04-25T22:00:00.000Z", "enddate": "2025-05-04T00:00:00.000Z" },
                { "region": "zuid", "startdate": "2025-04-18T22:00:00.000Z", "enddate": "2025-05-04T00:00:00.000Z" } ] },
              { "type": "Herfstvakantie", "regions": [
                { "region": "noord", "startdate": "2024-10-18T22:00:00.000Z", "enddate": "2024-10-27T00:00:00.000Z" } ] } ] } ] }
            """;
        Assert.Equal(new DateOnly(2025, 4, 19), SchoolHolidaysOpenData.Parse(json, "zuid").Single().From);
        Assert.Equal(new DateOnly(2025, 4, 26), SchoolHolidaysOpenData.Parse(json, "noord").Single(h => h.Name == "Meivakantie").From);
    }

    [Fact]
    public void An_unknown_region_is_rejected_rather_than_silently_empty()
    {
        var ex = Assert.Throws<ArgumentException>(() => SchoolHolidaysOpenData.Parse(SchoolHolidaysFixture.ContentDocument, "nord"));
        Assert.Contains("'nord'", ex.Message);
        Assert.Throws<ArgumentException>(() => SchoolHolidaysOpenData.Parse(SchoolHolidaysFixture.ContentDocument, " "));
    }

    [Fact]
    public void Malformed_json_is_a_format_exception()
    {
        var ex = Assert.Throws<FormatException>(() => SchoolHolidaysOpenData.Parse("{ \"content\": [ ", "noord"));
        Assert.Contains("ongeldige JSON", ex.Message);
    }

    [Fact]
    public void A_missing_startdate_names_its_location()
    {
        const string json = """
            { "content": [
              { "vacations": [] },
              { "vacations": [ { "type": "Herfstvakantie", "regions": [
                { "region": "noord", "startdate": "2024-10-18T22:00:00.000Z", "enddate": "2024-10-27T00:00:00.000Z" },
                { "region": "midden", "startdate": "2024-10-25T22:00:00.000Z", "enddate": "2024-11-03T00:00:00.000Z" },
                { "region": "zuid", "enddate": "2024-10-27T00:00:00.000Z" } ] } ] } ] }
            """;
        var ex = Assert.Throws<FormatException>(() => SchoolHolidaysOpenData.Parse(json, "noord"));
        Assert.Equal("content[1].vacations[0].regions[2]: startdate ontbreekt", ex.Message);
    }

    [Theory]
    [InlineData("""{ "schoolyears": [] }""", "hoofdobject: content ontbreekt")]
    [InlineData("""{ "content": {} }""", "content: verwacht een lijst")]
    [InlineData("""{ "content": [ { "title": "x" } ] }""", "content[0]: vacations ontbreekt")]
    [InlineData("""{ "content": [ { "vacations": [ { "regions": [] } ] } ] }""", "content[0].vacations[0]: type ontbreekt")]
    [InlineData("""{ "content": [ { "vacations": [ { "type": "  ", "regions": [] } ] } ] }""", "content[0].vacations[0]: type is leeg")]
    [InlineData("""{ "content": [ { "vacations": [ { "type": "Kerst" } ] } ] }""", "content[0].vacations[0]: regions ontbreekt")]
    [InlineData("""{ "content": [ { "vacations": [ { "type": "Kerst", "regions": [ { "startdate": "2024-12-20T23:00:00.000Z", "enddate": "2025-01-05T00:00:00.000Z" } ] } ] } ] }""", "content[0].vacations[0].regions[0]: region ontbreekt")]
    [InlineData("""{ "content": [ { "vacations": [ { "type": "Kerst", "regions": [ { "region": "noord", "startdate": "morgen", "enddate": "2025-01-05T00:00:00.000Z" } ] } ] } ] }""", "content[0].vacations[0].regions[0]: startdate 'morgen' is geen geldige datum")]
    [InlineData("""{ "content": [ { "vacations": [ { "type": "Kerst", "regions": [ { "region": "noord", "startdate": "2024-12-20T23:00:00.000Z", "enddate": 20250105 } ] } ] } ] }""", "content[0].vacations[0].regions[0]: enddate is geen tekst")]
    [InlineData("""{ "content": [ { "vacations": [ { "type": "Kerst", "regions": [ { "region": "noord", "startdate": "2025-01-05T00:00:00.000Z", "enddate": "2024-12-20T23:00:00.000Z" } ] } ] } ] }""", "content[0].vacations[0].regions[0]: enddate 2024-12-21 ligt voor startdate 2025-01-05")]
    [InlineData("""{ "documents": [ { "content": [ { "vacations": [ { "type": "Kerst", "regions": [ { "region": "noord" } ] } ] } ] } ] }""", "documents[0].content[0].vacations[0].regions[0]: startdate ontbreekt")]
    [InlineData("""[ 42 ]""", "[0]: verwacht een object")]
    public void Missing_or_invalid_fields_name_what_and_where(string json, string expectedMessageStart)
    {
        var ex = Assert.Throws<FormatException>(() => SchoolHolidaysOpenData.Parse(json, "noord"));
        Assert.StartsWith(expectedMessageStart, ex.Message);
    }

    [Fact]
    public void FromOpenData_builds_a_regional_calendar_with_study_days()
    {
        var studyDay = new DateOnly(2024, 10, 9);
        var noord = SchoolCalendar.FromOpenData(SchoolHolidaysFixture.ContentDocument, "noord", [studyDay]);
        var midden = SchoolCalendar.FromOpenData(SchoolHolidaysFixture.ContentDocument, "midden");

        Assert.Equal("noord", noord.Region);
        Assert.Equal(ExpectedNoord, noord.Holidays);
        Assert.False(noord.IsSchoolDay(studyDay));
        Assert.False(noord.IsSchoolDay(new DateOnly(2024, 10, 21))); // noord autumn holiday
        Assert.True(noord.IsSchoolDay(new DateOnly(2024, 10, 28)));
        Assert.True(midden.IsSchoolDay(new DateOnly(2024, 10, 21)));
        Assert.False(midden.IsSchoolDay(new DateOnly(2024, 10, 28))); // midden autumn holiday
        Assert.False(midden.IsSchoolDay(new DateOnly(2024, 12, 23))); // nationwide Christmas
    }

    [Fact]
    public void Validate_returns_each_required_regions_holidays()
    {
        var byRegion = SchoolHolidaysOpenData.Validate(SchoolHolidaysFixture.ContentDocument, ["noord", "zuid", "noord"]);
        Assert.Equal(ExpectedNoord, byRegion["noord"]);
        Assert.Equal(2, byRegion.Count);
    }

    [Fact]
    public void Validate_refuses_a_missing_region_and_names_it()
    {
        var ex = Assert.Throws<FormatException>(() => SchoolHolidaysOpenData.Validate(SchoolHolidaysFixture.ContentDocument, ["noord", "west"]));
        Assert.StartsWith("Regio 'west' komt niet voor in de schoolvakanties", ex.Message);
    }

    [Fact]
    public void Validate_refuses_overlapping_holidays_and_names_both()
    {
        const string overlapping = """
            { "content": [ { "vacations": [
              { "type": "Herfstvakantie", "regions": [ { "region": "zuid", "startdate": "2026-10-16T22:00:00.000Z", "enddate": "2026-10-25T00:00:00.000Z" } ] },
              { "type": "Extra", "regions": [ { "region": "zuid", "startdate": "2026-10-23T22:00:00.000Z", "enddate": "2026-10-27T00:00:00.000Z" } ] } ] } ] }
            """;
        var ex = Assert.Throws<FormatException>(() => SchoolHolidaysOpenData.Validate(overlapping, ["zuid"]));
        Assert.Equal("regio zuid: Extra 2026-10-24 t/m 2026-10-27 overlapt met Herfstvakantie 2026-10-17 t/m 2026-10-25", ex.Message);
    }
}
