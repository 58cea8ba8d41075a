using Verzuim.Workflows.Time;

namespace Verzuim.Cases.Attendance;

/// <summary>
/// School days directly next to a school holiday. Groningen (seed 004, note 8) lists unexcused absence
/// "direct voor of na de schoolvakantie" as a legal reason for a DUO-melding in itself, whatever the hours.
/// </summary>
internal static class HolidayEdge
{
    /// <summary>
    /// True when the days between <paramref name="day"/> and the neighbouring school day, on either side,
    /// include a holiday. The weekend between the last Friday and a holiday that starts on Saturday is
    /// part of that stretch; a study day or a plain weekend is not a holiday.
    /// </summary>
    public static bool Borders(SchoolCalendar calendar, DateOnly day) =>
        HolidayUntilNextSchoolDay(calendar, day, +1) || HolidayUntilNextSchoolDay(calendar, day, -1);

    private static bool HolidayUntilNextSchoolDay(SchoolCalendar calendar, DateOnly day, int step)
    {
        // A year bounds the walk: the longest stretch without school (summer plus weekends) is about 7 weeks.
        for (var i = 0; i < 366; i++)
        {
            day = day.AddDays(step);
            if (calendar.IsSchoolDay(day))
            {
                return false;
            }

            if (calendar.Holidays.Any(h => h.Contains(day)))
            {
                return true;
            }
        }

        return false;
    }
}
