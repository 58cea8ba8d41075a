using Verzuim.Persistence;
using StoredKind = Verzuim.Persistence.SchoolDayKind;

namespace Verzuim.Cases.Calendars;

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
public sealed record SchoolDay(Guid Id, string SchoolId, DateOnly Date, SchoolDayKind Kind, string? Description, DateTimeOffset CreatedAt, string CreatedBy)
{
    internal static SchoolDay From(SchoolDayRecord r) => new(r.Id, r.SchoolId, r.Date, r.Kind switch
    {
        StoredKind.Studiedag => SchoolDayKind.Studiedag,
        StoredKind.VrijeDag => SchoolDayKind.VrijeDag,
        StoredKind.Lesdag => SchoolDayKind.Lesdag,
        _ => throw new ArgumentOutOfRangeException(nameof(r), r.Kind, "Onbekende soort schooldag."),
    }, r.Description, r.CreatedAt, r.CreatedBy);

    internal SchoolDayRecord ToRecord() => new()
    {
        Id = Id, SchoolId = SchoolId, Date = Date, Description = Description, CreatedAt = CreatedAt, CreatedBy = CreatedBy,
        Kind = Kind switch
        {
            SchoolDayKind.Studiedag => StoredKind.Studiedag,
            SchoolDayKind.VrijeDag => StoredKind.VrijeDag,
            SchoolDayKind.Lesdag => StoredKind.Lesdag,
            _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "Onbekende soort schooldag."),
        },
    };
}
