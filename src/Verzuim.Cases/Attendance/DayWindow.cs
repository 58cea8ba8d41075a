using Verzuim.Workflows.Time;

namespace Verzuim.Cases.Attendance;

/// <summary>
/// A range of calendar days, both ends inclusive. Each rule in the seeds counts over its own kind of period
/// (school weeks, calendar months, the school year); the factories below are the one place each is defined.
/// </summary>
internal readonly record struct DayWindow(DateOnly From, DateOnly To)
{
    public bool Contains(DateOnly day) => From <= day && day <= To;

    /// <summary>
    /// The last <paramref name="schoolDays"/> school days up to <paramref name="asOf"/>: 60 for "12 school
    /// weeks", 20 for "4 school weeks". Holidays and study days do not use up the window, so it reaches
    /// further back in calendar time across a holiday. When <paramref name="asOf"/> is no school day the
    /// window effectively ends at the last school day before it (the days after hold no school days).
    /// </summary>
    public static DayWindow SchoolDaysEndingAt(SchoolCalendar calendar, DateOnly asOf, int schoolDays) =>
        new(calendar.SchoolDaysBack(asOf, schoolDays), asOf);

    /// <summary>
    /// <paramref name="months"/> calendar months ending at <paramref name="asOf"/>: from the same day
    /// <paramref name="months"/> months earlier, exclusive, so 2 months up to 19 March start on 20 January.
    /// Ichthus (002) and Twente (001) say "maanden", not school weeks, so holidays are not skipped.
    /// At a month end the earlier day is clamped (31 March minus 1 month is 28/29 February).
    /// </summary>
    public static DayWindow CalendarMonthsEndingAt(DateOnly asOf, int months) =>
        new(asOf.AddMonths(-months).AddDays(1), asOf);

    /// <summary>
    /// The school year holding <paramref name="day"/>: 1 August to 31 July, the legal school year
    /// (WPO/WVO) and the period the schools' "keer" ladders (1st, 2nd, ... time) restart in.
    /// </summary>
    public static DayWindow SchoolYearContaining(DateOnly day)
    {
        var startYear = day.Month >= 8 ? day.Year : day.Year - 1;
        return new DayWindow(new DateOnly(startYear, 8, 1), new DateOnly(startYear + 1, 7, 31));
    }
}
