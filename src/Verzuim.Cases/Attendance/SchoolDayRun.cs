using Verzuim.Workflows.Time;

namespace Verzuim.Cases.Attendance;

/// <summary>
/// A run of consecutive school days that all carry a registration: "7 schooldagen aaneengesloten ziek",
/// "3 dagen achtereen ongeoorloofd". Only school days are looked at, so a weekend, holiday or study day
/// inside the run neither ends it nor lengthens it.
/// </summary>
/// <param name="Length">School days in the run; 0 when there is no run.</param>
/// <param name="First">The run's first school day (where the episode began), or null when there is no run.</param>
internal readonly record struct SchoolDayRun(int Length, DateOnly? First)
{
    public static readonly SchoolDayRun None = new(0, null);

    /// <summary>
    /// The run that ends at the last school day on or before <paramref name="asOf"/>; <see cref="None"/> when
    /// that day is not in <paramref name="days"/>. <paramref name="days"/> must hold school days only.
    /// </summary>
    public static SchoolDayRun EndingAt(IReadOnlySet<DateOnly> days, DateOnly asOf, SchoolCalendar calendar)
    {
        if (days.Count == 0)
        {
            return None;
        }

        var earliest = days.Min(); // no run reaches before the first registration: stop walking there
        var length = 0;
        DateOnly? first = null;
        for (var day = asOf; day >= earliest; day = day.AddDays(-1))
        {
            if (calendar.IsSchoolDay(day))
            {
                if (!days.Contains(day))
                {
                    break;
                }

                length++;
                first = day;
            }

            if (day == earliest)
            {
                break;
            }
        }

        return new SchoolDayRun(length, first);
    }

    /// <summary>
    /// Whether <paramref name="day"/> (a member of <paramref name="days"/>) starts a run: the school day
    /// before it carries no registration. Walking stops at <paramref name="earliest"/>, the first day in
    /// <paramref name="days"/>, as nothing before it can be registered.
    /// </summary>
    public static bool StartsRun(DateOnly day, IReadOnlySet<DateOnly> days, DateOnly earliest, SchoolCalendar calendar)
    {
        for (var previous = day; previous > earliest;)
        {
            previous = previous.AddDays(-1);
            if (calendar.IsSchoolDay(previous))
            {
                return !days.Contains(previous);
            }
        }

        return true;
    }
}
