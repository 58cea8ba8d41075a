namespace Verzuim.Workflows.Tests.Time;

/// <summary>
/// Hand-written in the shape of the rijksoverheid.nl "schoolvakanties" open data: two school
/// years (the later one first, to prove sorting), three regions plus "heel Nederland" for
/// Christmas and May, trailing/leading spaces in types, and UTC instants that mark local days
/// (22:00Z in summer time, 23:00Z in winter time).
/// </summary>
internal static class SchoolHolidaysFixture
{
    public const string Content = """
        [
          {
            "title": "Schoolvakanties 2025-2026",
            "schoolyear": "2025-2026",
            "vacations": [
              { "type": "Herfstvakantie", "compulsorydates": "false", "regions": [
                { "region": "noord",  "startdate": "2025-10-17T22:00:00.000Z", "enddate": "2025-10-26T00:00:00.000Z" },
                { "region": "midden", "startdate": "2025-10-17T22:00:00.000Z", "enddate": "2025-10-26T00:00:00.000Z" },
                { "region": "zuid",   "startdate": "2025-10-10T22:00:00.000Z", "enddate": "2025-10-19T00:00:00.000Z" } ] },
              { "type": "Kerstvakantie ", "compulsorydates": "true", "regions": [
                { "region": "heel Nederland", "startdate": "2025-12-19T23:00:00.000Z", "enddate": "2026-01-04T00:00:00.000Z" } ] },
              { "type": "Voorjaarsvakantie", "compulsorydates": "false", "regions": [
                { "region": "noord",  "startdate": "2026-02-13T23:00:00.000Z", "enddate": "2026-02-22T00:00:00.000Z" },
                { "region": "midden", "startdate": "2026-02-13T23:00:00.000Z", "enddate": "2026-02-22T00:00:00.000Z" },
                { "region": "zuid",   "startdate": "2026-02-20T23:00:00.000Z", "enddate": "2026-03-01T00:00:00.000Z" } ] },
              { "type": "Meivakantie", "compulsorydates": "false", "regions": [
                { "region": "heel Nederland", "startdate": "2026-04-24T22:00:00.000Z", "enddate": "2026-05-03T00:00:00.000Z" } ] },
              { "type": "Zomervakantie ", "compulsorydates": "true", "regions": [
                { "region": "noord",  "startdate": "2026-07-03T22:00:00.000Z", "enddate": "2026-08-16T00:00:00.000Z" },
                { "region": "midden", "startdate": "2026-07-17T22:00:00.000Z", "enddate": "2026-08-30T00:00:00.000Z" },
                { "region": "zuid",   "startdate": "2026-07-10T22:00:00.000Z", "enddate": "2026-08-23T00:00:00.000Z" } ] }
            ]
          },
          {
            "title": "Schoolvakanties 2024-2025",
            "schoolyear": "2024-2025 ",
            "vacations": [
              { "type": "Herfstvakantie ", "compulsorydates": "false", "regions": [
                { "region": "noord",  "startdate": "2024-10-18T22:00:00.000Z", "enddate": "2024-10-27T00:00:00.000Z" },
                { "region": "midden", "startdate": "2024-10-25T22:00:00.000Z", "enddate": "2024-11-03T00:00:00.000Z" },
                { "region": "zuid",   "startdate": "2024-10-18T22:00:00.000Z", "enddate": "2024-10-27T00:00:00.000Z" } ] },
              { "type": "Kerstvakantie", "compulsorydates": "true", "regions": [
                { "region": "heel Nederland", "startdate": "2024-12-20T23:00:00.000Z", "enddate": "2025-01-05T00:00:00.000Z" } ] },
              { "type": " Voorjaarsvakantie", "compulsorydates": "false", "regions": [
                { "region": "noord",  "startdate": "2025-02-14T23:00:00.000Z", "enddate": "2025-02-23T00:00:00.000Z" },
                { "region": "midden", "startdate": "2025-02-21T23:00:00.000Z", "enddate": "2025-03-02T00:00:00.000Z" },
                { "region": "zuid",   "startdate": "2025-02-21T23:00:00.000Z", "enddate": "2025-03-02T00:00:00.000Z" } ] },
              { "type": "Meivakantie", "compulsorydates": "false", "regions": [
                { "region": "heel Nederland", "startdate": "2025-04-25T22:00:00.000Z", "enddate": "2025-05-04T00:00:00.000Z" } ] },
              { "type": "Zomervakantie ", "compulsorydates": "true", "regions": [
                { "region": "noord",  "startdate": "2025-07-11T22:00:00.000Z", "enddate": "2025-08-24T00:00:00.000Z" },
                { "region": "midden", "startdate": "2025-07-18T22:00:00.000Z", "enddate": "2025-08-31T00:00:00.000Z" },
                { "region": "zuid",   "startdate": "2025-07-04T22:00:00.000Z", "enddate": "2025-08-17T00:00:00.000Z" } ] }
            ]
          }
        ]
        """;

    /// <summary>The most common published shape: a document object with "content".</summary>
    public static readonly string ContentDocument = $$"""
        { "id": "schoolvakanties", "type": "dataset", "language": "nl", "content": {{Content}} }
        """;
}
