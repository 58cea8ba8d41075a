using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Verzuim.Workflows.Time;

/// <summary>
/// Reads the school-holidays open data of rijksoverheid.nl (dataset "schoolvakanties").
/// <para>Accepted shapes: <c>{ "content": [ schoolyear... ] }</c>, a root array of such
/// objects, and <c>{ "documents": [ { "content": [...] } ] }</c>. Each schoolyear has
/// <c>vacations[]</c>, each vacation a <c>type</c> and <c>regions[]</c> with
/// <c>region</c>, <c>startdate</c> and <c>enddate</c>.</para>
/// <para>The dates are UTC instants that mark local (Amsterdam) days: "2024-10-18T22:00:00.000Z"
/// is 19 October 00:00 in summer time, the first day of the holiday, and an enddate of
/// "2024-10-27T00:00:00.000Z" is 27 October, the last day. Taking the UTC date instead would
/// shift every holiday start one day early.</para>
/// </summary>
public static partial class SchoolHolidaysOpenData
{
    /// <summary>The region name the data uses for holidays that apply to every region.</summary>
    public const string NationwideRegion = "heel Nederland";

    /// <summary>
    /// The holidays for <paramref name="region"/> (case-insensitive), sorted by start day,
    /// without duplicates. Entries for "heel Nederland" apply to every region, except within a
    /// vacation that also lists the region itself: there the region's own dates win, because
    /// they are the more specific statement.
    /// </summary>
    /// <exception cref="FormatException">The JSON is malformed or a field is missing or invalid;
    /// the message names the location, e.g. "content[1].vacations[0].regions[2]: startdate ontbreekt".</exception>
    /// <exception cref="ArgumentException">The region is empty or occurs nowhere in the data
    /// (most likely a typo, which would otherwise silently drop all regional holidays).</exception>
    public static IReadOnlyList<Holiday> Parse(string json, string region)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        var wantedRegion = region.Trim();

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"Schoolvakanties: ongeldige JSON: {ex.Message}", ex);
        }

        using (document)
        {
            var vacations = new List<VacationEntries>();
            ReadDocumentOrList(document.RootElement, path: "", vacations);

            var knownRegions = vacations
                .SelectMany(v => v.Entries)
                .Select(e => e.Region)
                .ToHashSet(StringComparer.OrdinalIgnoreCase);
            if (!knownRegions.Contains(wantedRegion) && !IsNationwide(wantedRegion))
            {
                throw new ArgumentException(
                    $"Regio '{wantedRegion}' komt niet voor in de schoolvakanties; bekend: {string.Join(", ", knownRegions)}.",
                    nameof(region));
            }

            return vacations
                .SelectMany(v => SelectForRegion(v, wantedRegion))
                .Distinct()
                .OrderBy(h => h.From)
                .ThenBy(h => h.To)
                .ToArray();
        }
    }

    /// <summary>
    /// Checks holiday data before it replaces what the service counts with: the format (as <see cref="Parse"/>), that
    /// every region in <paramref name="requiredRegions"/> occurs, and that no two holidays of a region overlap. Returns
    /// each region's holidays.
    /// </summary>
    /// <exception cref="FormatException">The first problem, naming the entry: the JSON path for a format error, the
    /// region and both holidays for an overlap, the region for a missing one.</exception>
    public static IReadOnlyDictionary<string, IReadOnlyList<Holiday>> Validate(string json, IEnumerable<string> requiredRegions)
    {
        var byRegion = new Dictionary<string, IReadOnlyList<Holiday>>(StringComparer.OrdinalIgnoreCase);
        foreach (var region in requiredRegions.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            IReadOnlyList<Holiday> holidays;
            try
            {
                holidays = Parse(json, region);
            }
            catch (ArgumentException e)
            {
                throw new FormatException(e.Message.Split(" (Parameter")[0], e);
            }

            for (var i = 1; i < holidays.Count; i++)
            {
                if (holidays[i].From <= holidays[i - 1].To)
                {
                    throw new FormatException(
                        $"regio {region}: {Describe(holidays[i])} overlapt met {Describe(holidays[i - 1])}");
                }
            }

            byRegion[region] = holidays;
        }

        return byRegion;
    }

    private static string Describe(Holiday h) => $"{h.Name} {h.From:yyyy-MM-dd} t/m {h.To:yyyy-MM-dd}";

    private static IEnumerable<Holiday> SelectForRegion(VacationEntries vacation, string region)
    {
        var own = vacation.Entries.Where(e => string.Equals(e.Region, region, StringComparison.OrdinalIgnoreCase)).ToList();
        var chosen = own.Count > 0 ? own : vacation.Entries.Where(e => IsNationwide(e.Region));
        return chosen.Select(e => new Holiday(e.From, e.To, vacation.Name));
    }

    private static bool IsNationwide(string region) =>
        string.Equals(region, NationwideRegion, StringComparison.OrdinalIgnoreCase);

    private static void ReadDocumentOrList(JsonElement element, string path, List<VacationEntries> into)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var item in element.EnumerateArray())
            {
                ReadDocumentOrList(item, $"{path}[{index++}]", into);
            }

            return;
        }

        var where = path.Length == 0 ? "hoofdobject" : path;
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Error(where, "verwacht een object met 'content' of 'documents'");
        }

        if (element.TryGetProperty("content", out var content))
        {
            ReadSchoolYears(content, Join(path, "content"), into);
        }
        else if (element.TryGetProperty("documents", out var documents))
        {
            ReadDocumentOrList(RequireArray(documents, Join(path, "documents")), Join(path, "documents"), into);
        }
        else
        {
            throw Error(where, "content ontbreekt (verwacht 'content' of 'documents')");
        }
    }

    private static void ReadSchoolYears(JsonElement content, string path, List<VacationEntries> into)
    {
        var yearIndex = 0;
        foreach (var schoolYear in RequireArray(content, path).EnumerateArray())
        {
            var yearPath = $"{path}[{yearIndex++}]";
            var vacationsPath = $"{yearPath}.vacations";
            var vacationIndex = 0;
            foreach (var vacation in RequireArray(RequireProperty(RequireObject(schoolYear, yearPath), "vacations", yearPath), vacationsPath).EnumerateArray())
            {
                into.Add(ReadVacation(vacation, $"{vacationsPath}[{vacationIndex++}]"));
            }
        }
    }

    private static VacationEntries ReadVacation(JsonElement vacation, string path)
    {
        RequireObject(vacation, path);
        var name = RequireString(vacation, "type", path).Trim();
        if (name.Length == 0)
        {
            throw Error(path, "type is leeg");
        }

        var regionsPath = $"{path}.regions";
        var entries = new List<RegionEntry>();
        var index = 0;
        foreach (var entry in RequireArray(RequireProperty(vacation, "regions", path), regionsPath).EnumerateArray())
        {
            var entryPath = $"{regionsPath}[{index++}]";
            RequireObject(entry, entryPath);
            var region = RequireString(entry, "region", entryPath).Trim();
            var from = RequireLocalDate(entry, "startdate", entryPath);
            var to = RequireLocalDate(entry, "enddate", entryPath);
            if (to < from)
            {
                throw Error(entryPath, $"enddate {to:yyyy-MM-dd} ligt voor startdate {from:yyyy-MM-dd}");
            }

            entries.Add(new RegionEntry(region, from, to));
        }

        return new VacationEntries(name, entries);
    }

    private static DateOnly RequireLocalDate(JsonElement owner, string property, string path)
    {
        var text = RequireString(owner, property, path).Trim();
        var match = OpenDataDate().Match(text);
        if (match.Success
            && DateOnly.TryParseExact(match.Groups["date"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var writtenDate))
        {
            if (!match.Groups["zone"].Success)
            {
                return writtenDate; // no offset: the value already is a local date (time)
            }

            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
            {
                return DateOnly.FromDateTime(ZonedTime.ToLocal(instant, ZonedTime.Amsterdam));
            }
        }

        throw Error(path, $"{property} '{text}' is geen geldige datum (verwacht bijvoorbeeld 2024-10-18T22:00:00.000Z)");
    }

    private static JsonElement RequireProperty(JsonElement owner, string property, string path) =>
        owner.TryGetProperty(property, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : throw Error(path, $"{property} ontbreekt");

    private static string RequireString(JsonElement owner, string property, string path)
    {
        var value = RequireProperty(owner, property, path);
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw Error(path, $"{property} is geen tekst maar {value.ValueKind}");
    }

    private static JsonElement RequireArray(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.Array ? element : throw Error(path, $"verwacht een lijst, gevonden {element.ValueKind}");

    private static JsonElement RequireObject(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.Object ? element : throw Error(path, $"verwacht een object, gevonden {element.ValueKind}");

    private static string Join(string path, string property) => path.Length == 0 ? property : $"{path}.{property}";

    private static FormatException Error(string path, string problem) => new($"{path}: {problem}");

    [GeneratedRegex(@"^(?<date>\d{4}-\d{2}-\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?<zone>Z|[+-]\d{2}:?\d{2})?)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OpenDataDate();

    private sealed record RegionEntry(string Region, DateOnly From, DateOnly To);

    private sealed record VacationEntries(string Name, IReadOnlyList<RegionEntry> Entries);
}
