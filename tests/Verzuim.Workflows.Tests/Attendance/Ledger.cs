using System.Globalization;
using Verzuim.Cases.Attendance;
using Verzuim.Workflows.Time;

namespace Verzuim.Workflows.Tests.Attendance;

/// <summary>
/// Real calendars and short-hand registrations for the attendance tests. Every date used in a test was checked
/// with <c>date -d</c>; weekdays are written next to them.
/// </summary>
internal static class Ledger
{
    // rijksoverheid.nl schoolvakanties, region midden (the same data the Time tests' open-data fixture holds).
    // Note the midden autumn holiday 2024 is 26 Oct - 3 Nov; 19-27 Oct was noord and zuid.
    public static readonly Holiday Zomer2024 = new(D("2024-07-13"), D("2024-08-25"), "Zomervakantie");
    public static readonly Holiday Herfst2024 = new(D("2024-10-26"), D("2024-11-03"), "Herfstvakantie");
    public static readonly Holiday Kerst2024 = new(D("2024-12-21"), D("2025-01-05"), "Kerstvakantie");
    public static readonly Holiday Voorjaar2025 = new(D("2025-02-22"), D("2025-03-02"), "Voorjaarsvakantie");
    public static readonly Holiday Mei2025 = new(D("2025-04-26"), D("2025-05-04"), "Meivakantie");
    public static readonly Holiday Zomer2025 = new(D("2025-07-19"), D("2025-08-31"), "Zomervakantie");

    /// <summary>School year 2024-2025 in region midden, with optional study days.</summary>
    public static SchoolCalendar Midden(params string[] studyDays) =>
        new("midden", [Zomer2024, Herfst2024, Kerst2024, Voorjaar2025, Mei2025, Zomer2025], studyDays.Select(D));

    public static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static AttendanceEntry Ziek(string day, decimal uren = 6m) => new(D(day), AbsenceKind.Ziek, uren);

    public static AttendanceEntry Ongeoorloofd(string day, decimal uren) => new(D(day), AbsenceKind.Ongeoorloofd, uren);

    public static AttendanceEntry Geoorloofd(string day, decimal uren) => new(D(day), AbsenceKind.Geoorloofd, uren);

    public static AttendanceEntry Luxe(string day, decimal uren = 6m) => new(D(day), AbsenceKind.Luxe, uren);

    public static AttendanceEntry TeLaat(string day, int? minuten) => new(D(day), AbsenceKind.TeLaat, Minuten: minuten);

    public static AttendanceSignals Compute(SchoolCalendar calendar, string asOf, params AttendanceEntry[] ledger) =>
        AttendanceSignalCalculator.Compute(ledger, D(asOf), calendar);
}
