namespace Verzuim.Persistence;

/// <summary>
/// The school-holiday open data (rijksoverheid.nl format) the service counts school time with: the latest upload wins;
/// the shipped schoolvakanties.json seeds an empty store. Kept whole so it can be downloaded again as uploaded.
/// </summary>
public sealed class HolidayDataRecord
{
    public long Id { get; set; }
    public required string Json { get; set; }
    public DateTimeOffset UploadedAt { get; set; }
    public required string UploadedBy { get; set; }
}

public enum SchoolDayKind
{
    /// <summary>A study day: no lessons.</summary>
    Studiedag,

    /// <summary>Another day off the school gives (e.g. the day after Hemelvaart).</summary>
    VrijeDag,

    /// <summary>A public holiday on which the school does teach: it counts as a school day.</summary>
    Lesdag,
}

/// <summary>One day that a school sets apart from its region's calendar, managed by the beheerder.</summary>
public sealed class SchoolDayRecord
{
    public Guid Id { get; set; }
    public required string SchoolId { get; set; }
    public DateOnly Date { get; set; }
    public SchoolDayKind Kind { get; set; }
    public string? Description { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
}
