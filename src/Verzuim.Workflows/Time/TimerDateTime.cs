using System.Globalization;
using System.Text.RegularExpressions;

namespace Verzuim.Workflows.Time;

/// <summary>
/// The fixed moment of a timeDate or of a cycle's explicit start: an ISO 8601 date-time with an
/// offset or Z (an absolute instant), a date-time without offset, or a plain date (00:00).
/// The last two are wall-clock times in the calendar's zone (Europe/Amsterdam by default)
/// and are resolved only when the calendar is known, because that is where DST is decided.
/// </summary>
internal sealed partial class TimerDateTime
{
    private readonly DateTimeOffset? absolute;
    private readonly DateTime wallClock;

    private TimerDateTime(DateTimeOffset? absolute, DateTime wallClock)
    {
        this.absolute = absolute;
        this.wallClock = wallClock;
    }

    public DateTimeOffset Resolve(TimeZoneInfo zone) =>
        absolute?.ToUniversalTime() ?? ZonedTime.ToInstant(wallClock, zone);

    public static TimerDateTime? TryParse(string text)
    {
        var match = Pattern().Match(text);
        if (!match.Success
            || !DateOnly.TryParseExact(match.Groups["date"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return null;
        }

        var hour = Number(match, "hour");
        var minute = Number(match, "minute");
        var second = Number(match, "second");
        if (hour > 23 || minute > 59 || second > 59)
        {
            return null;
        }

        var fractionTicks = match.Groups["fraction"].Success
            ? int.Parse(match.Groups["fraction"].Value.PadRight(7, '0'), CultureInfo.InvariantCulture)
            : 0;
        var wallClock = date.ToDateTime(new TimeOnly(hour, minute, second)).AddTicks(fractionTicks);

        if (!match.Groups["zone"].Success)
        {
            return new TimerDateTime(null, wallClock);
        }

        if (match.Groups["zone"].Value is "Z" or "z")
        {
            return new TimerDateTime(new DateTimeOffset(wallClock, TimeSpan.Zero), wallClock);
        }

        var offsetHours = Number(match, "offsetHours");
        var offsetMinutes = Number(match, "offsetMinutes");
        if (offsetHours > 14 || offsetMinutes > 59)
        {
            return null;
        }

        var offset = new TimeSpan(offsetHours, offsetMinutes, 0);
        if (match.Groups["sign"].Value == "-")
        {
            offset = -offset;
        }

        return offset.Duration() > TimeSpan.FromHours(14) ? null : new TimerDateTime(new DateTimeOffset(wallClock, offset), wallClock);
    }

    private static int Number(Match match, string group) =>
        match.Groups[group].Success ? int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture) : 0;

    [GeneratedRegex(
        @"^(?<date>\d{4}-\d{2}-\d{2})(?:T(?<hour>\d{2}):(?<minute>\d{2})(?::(?<second>\d{2})(?:[.,](?<fraction>\d{1,7}))?)?(?<zone>Z|(?<sign>[+-])(?<offsetHours>\d{2})(?::?(?<offsetMinutes>\d{2}))?)?)?$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex Pattern();
}
