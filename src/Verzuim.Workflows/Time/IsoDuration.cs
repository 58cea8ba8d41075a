using System.Globalization;
using System.Text.RegularExpressions;

namespace Verzuim.Workflows.Time;

/// <summary>
/// ISO 8601 duration <c>PnYnMnWnDTnHnMnS</c> (seconds may be fractional). Years, months, weeks
/// and days are calendar units added on the wall clock of the calendar's zone, so "P1D" from
/// 09:00 is 09:00 the next day even across a DST change; hours, minutes and seconds are elapsed
/// time, so "PT24H" is exactly 24 hours.
/// </summary>
internal sealed partial class IsoDuration : TimerInterval
{
    private IsoDuration(int years, int months, int days, TimeSpan elapsed)
    {
        Years = years;
        Months = months;
        Days = days;
        Elapsed = elapsed;
    }

    public int Years { get; }

    public int Months { get; }

    /// <summary>Weeks are folded into days (one week = seven calendar days).</summary>
    public int Days { get; }

    public TimeSpan Elapsed { get; }

    public override bool IsSchoolTime => false;

    public override bool IsBeyondLimit =>
        Years > LimitYears || Months > LimitYears * 12 || Days > LimitYears * 366 || Elapsed > TimeSpan.FromDays(LimitYears * 366);

    public override bool IsZero => Years == 0 && Months == 0 && Days == 0 && Elapsed == TimeSpan.Zero;

    public override DateTimeOffset AddTo(DateTimeOffset start, SchoolCalendar calendar)
    {
        var result = start;
        if (Years != 0 || Months != 0 || Days != 0)
        {
            var local = ZonedTime.ToLocal(start, calendar.TimeZone);
            result = ZonedTime.ToInstant(local.AddYears(Years).AddMonths(Months).AddDays(Days), calendar.TimeZone);
        }

        return (result + Elapsed).ToUniversalTime();
    }

    /// <summary>Null when the text is not an ISO 8601 duration (including the empty "P" and "PT").</summary>
    public static IsoDuration? TryParse(string text)
    {
        var match = Pattern().Match(text);
        if (!match.Success)
        {
            return null;
        }

        if (!TryCount(match, "years", out var years)
            || !TryCount(match, "months", out var months)
            || !TryCount(match, "weeks", out var weeks)
            || !TryCount(match, "days", out var days)
            || !TryCount(match, "hours", out var hours)
            || !TryCount(match, "minutes", out var minutes)
            || !decimal.TryParse(
                match.Groups["seconds"].Success ? match.Groups["seconds"].Value.Replace(',', '.') : "0",
                NumberStyles.AllowDecimalPoint,
                CultureInfo.InvariantCulture,
                out var seconds))
        {
            return null;
        }

        var ticks = (hours * (decimal)TimeSpan.TicksPerHour)
            + (minutes * (decimal)TimeSpan.TicksPerMinute)
            + (seconds * TimeSpan.TicksPerSecond);
        var totalDays = (weeks * 7L) + days;
        if (ticks > TimeSpan.MaxValue.Ticks || totalDays > int.MaxValue)
        {
            return null;
        }

        return new IsoDuration(years, months, (int)totalDays, TimeSpan.FromTicks((long)ticks));
    }

    private static bool TryCount(Match match, string group, out int value)
    {
        var captured = match.Groups[group];
        if (!captured.Success)
        {
            value = 0;
            return true;
        }

        return int.TryParse(captured.Value, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    // "(?!$)" rejects a bare "P"; "T(?=\d)" rejects a "T" with nothing after it ("PT", "P1DT").
    [GeneratedRegex(
        @"^P(?!$)(?:(?<years>\d+)Y)?(?:(?<months>\d+)M)?(?:(?<weeks>\d+)W)?(?:(?<days>\d+)D)?(?:T(?=\d)(?:(?<hours>\d+)H)?(?:(?<minutes>\d+)M)?(?:(?<seconds>\d+(?:[.,]\d+)?)S)?)?$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex Pattern();
}
