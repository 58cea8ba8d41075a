using Verzuim.Workflows.Time;

namespace Verzuim.Host.Schools;

/// <summary>A configured school whose calendar knows less than the next 12 months.</summary>
public sealed record CalendarShortfall(string SchoolId, string Regio, DateOnly? VakantiedataTot, string Bericht);

public static class CalendarCoverage
{
    /// <summary>How far ahead every school's holiday data must reach for deadlines to be exact.</summary>
    public const int MonthsAhead = 12;

    public static IReadOnlyList<CalendarShortfall> Shortfalls(SchoolDirectory schools, DateOnly today) =>
        schools.SchoolIds.Order(StringComparer.Ordinal)
            .Select(id => (Id: id, Calendar: schools.CalendarFor(id)))
            .Select(s => (s.Id, s.Calendar, Gap: s.Calendar.CoverageThrough(today.AddMonths(MonthsAhead))))
            .Where(s => s.Gap is not null)
            .Select(s => new CalendarShortfall(s.Id, s.Calendar.Region ?? "", s.Gap!.CoveredUntil == DateOnly.MinValue ? null : s.Gap.CoveredUntil,
                s.Gap.CoveredUntil == DateOnly.MinValue
                    ? $"regio {s.Calendar.Region} ({s.Id}): geen vakantiedata"
                    : $"regio {s.Calendar.Region} ({s.Id}): vakantiedata tot {CalendarCoverageGap.DutchDate(s.Gap.CoveredUntil)}, minder dan {MonthsAhead} maanden vooruit"))
            .ToList();
}
