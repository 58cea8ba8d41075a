using System.Globalization;
using System.Text.RegularExpressions;

namespace Verzuim.Workflows.Time;

/// <summary>
/// A duration in school time as the absence rules phrase it: "3 schoolweken", "1 schoolweek",
/// "7 schooldagen", "1 schooldag" (or English "3 school weeks", "7 school days").
/// Case-insensitive and tolerant of extra whitespace, since modellers type these by hand.
/// Applied with <see cref="SchoolCalendar.AddSchoolWeeks"/> / <see cref="SchoolCalendar.AddSchoolDays"/>.
/// </summary>
internal sealed partial class SchoolTimeDuration : TimerInterval
{
    private SchoolTimeDuration(int count, bool inWeeks)
    {
        Count = count;
        InWeeks = inWeeks;
    }

    public int Count { get; }

    public bool InWeeks { get; }

    public override bool IsSchoolTime => true;

    public override bool IsZero => Count == 0;

    /// <summary>A school year has about 40 school weeks of 5 days.</summary>
    public override bool IsBeyondLimit => Count > (InWeeks ? LimitYears * 40 : LimitYears * 200);

    public override DateTimeOffset AddTo(DateTimeOffset start, SchoolCalendar calendar) =>
        InWeeks ? calendar.AddSchoolWeeks(start, Count) : calendar.AddSchoolDays(start, Count);

    public static SchoolTimeDuration? TryParse(string text)
    {
        var match = Pattern().Match(text);
        if (!match.Success
            || !int.TryParse(match.Groups["count"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            return null;
        }

        var inWeeks = match.Groups["unit"].Value.StartsWith('w') || match.Groups["unit"].Value.StartsWith('W');
        if (inWeeks && count > int.MaxValue / 5)
        {
            return null;
        }

        return new SchoolTimeDuration(count, inWeeks);
    }

    [GeneratedRegex(
        @"^\s*(?<count>\d+)\s*school\s*(?<unit>weken|weeks|week|dagen|days|dag|day)\s*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex Pattern();
}
