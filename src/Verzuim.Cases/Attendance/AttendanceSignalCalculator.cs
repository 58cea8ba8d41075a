using Verzuim.Workflows.Time;

namespace Verzuim.Cases.Attendance;

/// <summary>
/// Turns a pupil's attendance ledger into <see cref="AttendanceSignals"/> for one peildatum, in school time.
/// Pure and deterministic: the result depends only on the arguments (no clock, no storage), so the same
/// ledger replayed on the same day gives the same case decisions.
/// </summary>
public static class AttendanceSignalCalculator
{
    /// <summary>Sick report rules speak of 12 school weeks; a school week is 5 school days.</summary>
    private const int TwelveSchoolWeeks = 12 * 5;

    /// <summary>The legal relatief-verzuim window: 4 school weeks.</summary>
    private const int FourSchoolWeeks = 4 * 5;

    /// <summary>Ichthus (002) counts lateness minutes only after the 9th time.</summary>
    private const int LateTimesBeforeMinutesCount = 9;

    /// <param name="ledger">All registrations of one pupil, in any order; duplicates must already be gone (the ledger is idempotent by message id).</param>
    /// <param name="asOf">The peildatum. Registrations after it are ignored, so a past day can be recomputed.</param>
    /// <param name="calendar">The pupil's school calendar: holidays and study days shape every school-time window.</param>
    public static AttendanceSignals Compute(IEnumerable<AttendanceEntry> ledger, DateOnly asOf, SchoolCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(calendar);

        // Nobody misses a lesson that was not given: a registration on a weekend, holiday or study day is a
        // mistake in the source, and counting it would raise signals (and DUO-meldingen) for no absence.
        var entries = ledger.Where(e => e.Datum <= asOf && calendar.IsSchoolDay(e.Datum)).ToArray();

        var schoolYear = DayWindow.SchoolYearContaining(asOf);
        var twelveSchoolWeeks = DayWindow.SchoolDaysEndingAt(calendar, asOf, TwelveSchoolWeeks);
        var fourSchoolWeeks = DayWindow.SchoolDaysEndingAt(calendar, asOf, FourSchoolWeeks);
        var twoMonths = DayWindow.CalendarMonthsEndingAt(asOf, 2);
        var threeMonths = DayWindow.CalendarMonthsEndingAt(asOf, 3);

        var sickDays = DaysWith(entries, AbsenceKind.Ziek);
        var unexcusedDays = DaysWith(entries, AbsenceKind.Ongeoorloofd);
        var excusedDays = DaysWith(entries, AbsenceKind.Ziek, AbsenceKind.Geoorloofd);
        var lateDays = DaysWith(entries, AbsenceKind.TeLaat);
        var luxeDays = DaysWith(entries, AbsenceKind.Luxe);

        // A sick report is the start of an episode: sick on Friday and again on Monday is one report,
        // as the parents reported once. The report belongs to the window its first day falls in.
        var firstSickDay = sickDays.Count == 0 ? default : sickDays.Min();
        var reports = sickDays.Where(day => SchoolDayRun.StartsRun(day, sickDays, firstSickDay, calendar)).ToArray();

        var sickRun = SchoolDayRun.EndingAt(sickDays, asOf, calendar);
        var unexcusedRun = SchoolDayRun.EndingAt(unexcusedDays, asOf, calendar);
        var excusedRun = SchoolDayRun.EndingAt(excusedDays, asOf, calendar);

        var lateDaysThisYear = lateDays.Where(schoolYear.Contains).Order().ToArray();
        var lateDaysAfterNinth = lateDaysThisYear.Skip(LateTimesBeforeMinutesCount).ToHashSet();

        var unexcusedHours4Weeks = Hours(entries, fourSchoolWeeks, AbsenceKind.Ongeoorloofd);
        var lateMinutes4Weeks = Minutes(entries, fourSchoolWeeks);

        return new AttendanceSignals
        {
            Ziekmeldingen12Schoolweken = reports.Count(twelveSchoolWeeks.Contains),
            Ziekmeldingen2Maanden = reports.Count(twoMonths.Contains),
            Ziekmeldingen3Maanden = reports.Count(threeMonths.Contains),
            ZiekSchooldagenAaneengesloten = sickRun.Length,
            ZiekKalenderdagenAaneengesloten = CalendarDaysSince(sickRun, asOf),
            OngeoorloofdUren4Schoolweken = unexcusedHours4Weeks,
            // Summed as minutes first and divided once, so 3 x 20 minutes is exactly 1 hour.
            RelatiefVerzuimUren4Schoolweken = unexcusedHours4Weeks + lateMinutes4Weeks / 60m,
            OngeoorloofdDagenAaneengesloten = unexcusedRun.Length,
            OngeoorloofdKalenderdagenAaneengesloten = CalendarDaysSince(unexcusedRun, asOf),
            OngeoorloofdAantal = unexcusedDays.Count(schoolYear.Contains),
            OngeoorloofdRondVakantieAantal = unexcusedDays.Count(d => schoolYear.Contains(d) && HolidayEdge.Borders(calendar, d)),
            TeLaatAantal = lateDaysThisYear.Length,
            TeLaatMinuten = Minutes(entries, schoolYear),
            TeLaatMinutenNa9eKeer = entries
                .Where(e => e.Soort == AbsenceKind.TeLaat && lateDaysAfterNinth.Contains(e.Datum))
                .Sum(e => e.Minuten ?? 0),
            LuxeAantal = luxeDays.Count(schoolYear.Contains),
            GeoorloofdDagenAaneengesloten = excusedRun.Length,
            GeoorloofdUren4Schoolweken = Hours(entries, fourSchoolWeeks, AbsenceKind.Ziek, AbsenceKind.Geoorloofd),
            VerzuimdeLesuren = Hours(entries, schoolYear,
                AbsenceKind.Ziek, AbsenceKind.Ongeoorloofd, AbsenceKind.Luxe, AbsenceKind.Geoorloofd),
            GeoorloofdeLesuren = Hours(entries, schoolYear, AbsenceKind.Ziek, AbsenceKind.Geoorloofd),
        };
    }

    private static HashSet<DateOnly> DaysWith(IEnumerable<AttendanceEntry> entries, params AbsenceKind[] kinds) =>
        entries.Where(e => kinds.Contains(e.Soort)).Select(e => e.Datum).ToHashSet();

    private static decimal Hours(IEnumerable<AttendanceEntry> entries, DayWindow window, params AbsenceKind[] kinds) =>
        entries.Where(e => kinds.Contains(e.Soort) && window.Contains(e.Datum)).Sum(e => e.Uren ?? 0m);

    private static int Minutes(IEnumerable<AttendanceEntry> entries, DayWindow window) =>
        entries.Where(e => e.Soort == AbsenceKind.TeLaat && window.Contains(e.Datum)).Sum(e => e.Minuten ?? 0);

    // Calendar days, not school days: Twente's "langer dan 2 weken" and "28 kalenderdagen" are calendar time,
    // and a pupil sick on Friday and Monday was, as far as anyone knows, sick over the weekend too.
    private static int CalendarDaysSince(SchoolDayRun run, DateOnly asOf) =>
        run.First is { } first ? asOf.DayNumber - first.DayNumber + 1 : 0;
}
