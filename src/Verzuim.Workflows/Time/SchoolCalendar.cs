using System.Collections.Frozen;
using System.Collections.ObjectModel;

namespace Verzuim.Workflows.Time;

/// <summary>
/// Which days a school is open, for one holiday region. Absence rules are written in school
/// time ("within 3 school weeks", "4 sick reports in 12 school weeks"), so every such deadline
/// and window is computed here rather than in plain calendar days.
/// A school day is Monday to Friday, outside every holiday, not a study day and not a public holiday the
/// school is closed on (when <see cref="PublicHolidays"/> is set).
/// All day arithmetic happens on the wall clock of <see cref="TimeZone"/>; all returned
/// instants are normalised to UTC (offset zero) so they can be stored and compared directly.
/// </summary>
public sealed class SchoolCalendar
{
    /// <summary>Europe/Amsterdam: Dutch schools and the open-data holiday dates live in this zone.</summary>
    public static TimeZoneInfo DutchTimeZone => ZonedTime.Amsterdam;

    /// <summary>
    /// For when no holidays are known (tests, schools without an imported calendar): every
    /// weekday counts. Deadlines computed with it come out early rather than late.
    /// </summary>
    public static SchoolCalendar WeekendsOnly { get; } = new(region: null, holidays: []);

    /// <param name="region">Holiday region, or null.</param>
    /// <param name="holidays">The region's (or school's own) holidays.</param>
    /// <param name="studyDays">School-specific days off: study days and extra free days.</param>
    /// <param name="timeZone">Defaults to Europe/Amsterdam.</param>
    /// <param name="publicHolidays">Dutch public holidays the school is closed on; null counts them as school days
    /// (tests and scenarios that list every day off themselves).</param>
    /// <param name="coveredUntil">The last day the holiday data knows (for open data: the end of the zomervakantie
    /// closing the last school year); null when the holidays are complete for every day asked (tests, scenarios).</param>
    public SchoolCalendar(
        string? region,
        IEnumerable<Holiday> holidays,
        IEnumerable<DateOnly>? studyDays = null,
        TimeZoneInfo? timeZone = null,
        DutchPublicHolidays? publicHolidays = null,
        DateOnly? coveredUntil = null)
    {
        ArgumentNullException.ThrowIfNull(holidays);

        var sorted = holidays.OrderBy(h => h.From).ThenBy(h => h.To).ToArray();
        foreach (var holiday in sorted)
        {
            if (holiday.To < holiday.From)
            {
                throw new ArgumentException(
                    $"Holiday '{holiday.Name}' ends ({holiday.To:yyyy-MM-dd}) before it starts ({holiday.From:yyyy-MM-dd}).",
                    nameof(holidays));
            }
        }

        Region = region;
        Holidays = new ReadOnlyCollection<Holiday>(sorted);
        StudyDays = (studyDays ?? []).ToFrozenSet();
        TimeZone = timeZone ?? DutchTimeZone;
        PublicHolidays = publicHolidays;
        CoveredUntil = coveredUntil;
    }

    /// <summary>Holiday region ("noord", "midden", "zuid"), or null when not region-specific.</summary>
    public string? Region { get; }

    /// <summary>Holidays sorted by start day.</summary>
    public IReadOnlyList<Holiday> Holidays { get; }

    /// <summary>School-specific days off (studiedagen) on top of the regional holidays.</summary>
    public IReadOnlySet<DateOnly> StudyDays { get; }

    public TimeZoneInfo TimeZone { get; }

    /// <summary>Public holidays the school is closed on, or null when they are not counted.</summary>
    public DutchPublicHolidays? PublicHolidays { get; }

    /// <summary>
    /// The last day whose holidays this calendar knows; after it every weekday counts as a school day, which is
    /// a guess. Null when coverage is not checked (<see cref="WeekendsOnly"/>).
    /// </summary>
    public DateOnly? CoveredUntil { get; }

    /// <summary>
    /// Non-null when <paramref name="due"/>, computed in school time, lies after <see cref="CoveredUntil"/>: the
    /// instant is a best estimate that counted unknown days as school days.
    /// </summary>
    public CalendarCoverageGap? CoverageOf(DateTimeOffset due) =>
        CoveredUntil is { } last && LocalDate(due) > last ? new CalendarCoverageGap(Region, last) : null;

    /// <summary>Non-null when the calendar knows less than the days up to and including <paramref name="through"/>.</summary>
    public CalendarCoverageGap? CoverageThrough(DateOnly through) =>
        CoveredUntil is { } last && last < through ? new CalendarCoverageGap(Region, last) : null;

    /// <summary>
    /// Builds a calendar from the rijksoverheid.nl school-holidays open data; see
    /// <see cref="SchoolHolidaysOpenData.Parse"/> for the accepted shapes and region rules.
    /// </summary>
    public static SchoolCalendar FromOpenData(
        string json, string region, IEnumerable<DateOnly>? studyDays = null, DutchPublicHolidays? publicHolidays = null) =>
        Covering(region, SchoolHolidaysOpenData.Parse(json, region), studyDays, publicHolidays);

    /// <summary>
    /// A calendar whose holiday data ends with its last holiday: <see cref="CoveredUntil"/> is that holiday's last day
    /// (with no holidays, nothing is covered and every school-time deadline is reported as provisional).
    /// </summary>
    public static SchoolCalendar Covering(
        string? region, IReadOnlyCollection<Holiday> holidays, IEnumerable<DateOnly>? daysOff = null, DutchPublicHolidays? publicHolidays = null) =>
        new(region, holidays, daysOff, publicHolidays: publicHolidays,
            coveredUntil: holidays.Count == 0 ? DateOnly.MinValue : holidays.Max(h => h.To));

    public bool IsSchoolDay(DateOnly day)
    {
        if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || StudyDays.Contains(day)
            || PublicHolidays?.NameOf(day) is not null)
        {
            return false;
        }

        foreach (var holiday in Holidays)
        {
            if (holiday.From > day)
            {
                break; // sorted by start: no later holiday can contain the day
            }

            if (holiday.Contains(day))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The calendar day the instant falls on in this calendar's zone.</summary>
    public DateOnly LocalDate(DateTimeOffset instant) =>
        DateOnly.FromDateTime(ZonedTime.ToLocal(instant, TimeZone));

    /// <summary>The same instant, expressed with this calendar's local offset (for display).</summary>
    public DateTimeOffset ToLocalTime(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, TimeZone);

    /// <summary>
    /// Adds <paramref name="days"/> school days to <paramref name="start"/>.
    /// <para>Definition:</para>
    /// <list type="number">
    /// <item>If the local day of <paramref name="start"/> is not a school day, the start moves to
    /// 00:00 local time of the next school day (a notice received on Saturday or during a holiday
    /// starts counting when school reopens, from the start of that day).</item>
    /// <item>From the (possibly moved) start, step forward one local day at a time; each school
    /// day passed counts one. The start day itself does not count.</item>
    /// <item>The result is the local day on which the count reaches <paramref name="days"/>, at
    /// the same local time of day as the (possibly moved) start, converted to an instant with
    /// that day's UTC offset (so 09:00 stays 09:00 across a DST change).</item>
    /// </list>
    /// <para><c>days == 0</c> returns the (possibly moved) start. Example: Monday 10:00 + 5 school
    /// days = next Monday 10:00; Saturday 14:00 + 5 = the Monday after next, 00:00.</para>
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="days"/> is negative.</exception>
    public DateTimeOffset AddSchoolDays(DateTimeOffset start, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);

        var local = ZonedTime.ToLocal(start, TimeZone);
        var day = DateOnly.FromDateTime(local);
        var timeOfDay = TimeOnly.FromDateTime(local);
        if (!IsSchoolDay(day))
        {
            day = NextSchoolDayAfter(day);
            timeOfDay = TimeOnly.MinValue;
        }

        for (var counted = 0; counted < days;)
        {
            day = day.AddDays(1);
            if (IsSchoolDay(day))
            {
                counted++;
            }
        }

        return ZonedTime.ToInstant(day.ToDateTime(timeOfDay), TimeZone);
    }

    /// <summary>
    /// Adds school weeks, where a school week is five school days:
    /// <c>AddSchoolDays(start, 5 * weeks)</c>. Counting school days rather than calendar weeks
    /// means a week containing a study day or a single holiday day is stretched by that day, and
    /// a full holiday week does not count at all; that is how "within N school weeks" is meant.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="weeks"/> is negative.</exception>
    public DateTimeOffset AddSchoolWeeks(DateTimeOffset start, int weeks)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(weeks);
        return AddSchoolDays(start, checked(5 * weeks));
    }

    /// <summary>Number of school days in the range, both ends inclusive; 0 when the range is empty.</summary>
    public int CountSchoolDays(DateOnly fromInclusive, DateOnly toInclusive)
    {
        var count = 0;
        for (var day = fromInclusive; day <= toInclusive; day = day.AddDays(1))
        {
            if (IsSchoolDay(day))
            {
                count++;
            }

            if (day == DateOnly.MaxValue)
            {
                break;
            }
        }

        return count;
    }

    /// <summary>
    /// The first day of the window of <paramref name="schoolDays"/> school days that ends on
    /// <paramref name="endInclusive"/>: the returned day is a school day and
    /// <c>CountSchoolDays(result, endInclusive) == schoolDays</c>. Used for rolling windows such
    /// as "4 sick reports in 12 school weeks": <c>SchoolDaysBack(today, 60)</c>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="schoolDays"/> is less than 1.</exception>
    public DateOnly SchoolDaysBack(DateOnly endInclusive, int schoolDays)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(schoolDays, 1);

        var day = endInclusive;
        var counted = IsSchoolDay(day) ? 1 : 0;
        while (counted < schoolDays)
        {
            day = day.AddDays(-1);
            if (IsSchoolDay(day))
            {
                counted++;
            }
        }

        return day;
    }

    private DateOnly NextSchoolDayAfter(DateOnly day)
    {
        do
        {
            day = day.AddDays(1);
        }
        while (!IsSchoolDay(day));

        return day;
    }
}
