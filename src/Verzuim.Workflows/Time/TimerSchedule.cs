using System.Globalization;
using System.Text.RegularExpressions;

namespace Verzuim.Workflows.Time;

/// <summary>
/// A parsed BPMN timer expression that can say when its n-th firing is due.
/// <list type="bullet">
/// <item><b>Date</b>: <c>2026-03-15T09:00:00Z</c>, <c>2026-03-15T09:00:00+01:00</c>,
/// <c>2026-03-15T09:00</c> (wall clock in the calendar's zone, Europe/Amsterdam by default) or
/// <c>2026-03-15</c> (00:00 in that zone).</item>
/// <item><b>Duration</b>: ISO 8601 <c>PnYnMnWnDTnHnMnS</c> (Y/M/W/D on the local calendar,
/// H/M/S as elapsed time) or school time: <c>3 schoolweken</c>, <c>1 schoolweek</c>,
/// <c>7 schooldagen</c>, <c>1 schooldag</c>, <c>3 school weeks</c>, <c>7 school days</c>.</item>
/// <item><b>Cycle</b>: <c>Rn/interval</c>, <c>R/interval</c> (unbounded) or
/// <c>Rn/start/interval</c>, where interval is any Duration form.</item>
/// </list>
/// </summary>
public sealed partial class TimerSchedule
{
    private const string ExpectedDate =
        "verwacht ISO 8601 datum-tijd (2026-03-15T09:00:00Z, 2026-03-15T09:00:00+01:00), Nederlandse tijd (2026-03-15T09:00) of een datum (2026-03-15).";

    private const string ExpectedDuration =
        "verwacht ISO 8601 (P3W, PT12H) of schooltijd ('3 schoolweken', '7 schooldagen').";

    private const string ExpectedCycle =
        "verwacht ISO 8601 herhaling (R5/PT10M, R/P1D, R3/2026-01-05T08:00:00Z/P1W) of schooltijd ('R3/1 schoolweek').";

    private readonly TimerDateTime? moment;
    private readonly TimerInterval? interval;

    private TimerSchedule(TimerKind kind, string text, TimerDateTime? moment, TimerInterval? interval, int? repetitions)
    {
        Kind = kind;
        Text = text;
        this.moment = moment;
        this.interval = interval;
        Repetitions = repetitions;
    }

    public TimerKind Kind { get; }

    /// <summary>The expression as written (surrounding whitespace removed).</summary>
    public string Text { get; }

    /// <summary>True when the duration or cycle interval counts school days rather than clock time.</summary>
    public bool IsSchoolTime => interval?.IsSchoolTime ?? false;

    /// <summary>How many times the timer fires: 1 for Date and Duration, n for <c>Rn/...</c>, null for unbounded <c>R/...</c>.</summary>
    public int? Repetitions { get; }

    /// <exception cref="TimerFormatException">The text is not a valid expression of <paramref name="kind"/>.</exception>
    public static TimerSchedule Parse(TimerKind kind, string text) =>
        TryParseCore(kind, text, out var schedule, out var error)
            ? schedule!
            : throw new TimerFormatException(kind, text ?? string.Empty, error!);

    public static bool TryParse(TimerKind kind, string text, out TimerSchedule? schedule, out string? error)
    {
        if (TryParseCore(kind, text, out schedule, out error))
        {
            return true;
        }

        schedule = null;
        return false;
    }

    /// <summary>
    /// When firing number <paramref name="firing"/> (0-based) of a timer activated at
    /// <paramref name="activatedAt"/> is due, in UTC; null when there is no such firing.
    /// <list type="bullet">
    /// <item>Date: firing 0 is the moment, even if already past (the engine fires it at once).</item>
    /// <item>Duration: firing 0 is activatedAt + duration.</item>
    /// <item>Cycle without start: firing n is the interval applied n+1 times, each step from the
    /// previous due instant, so a school-time cycle skips holidays at every step.</item>
    /// <item>Cycle with start: firing n is the start with the interval applied n times. Firings
    /// count from the start even when it lies before activatedAt, so the engine catches up
    /// missed firings instead of silently shifting the schedule.</item>
    /// </list>
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="firing"/> is negative.</exception>
    public DateTimeOffset? DueAt(DateTimeOffset activatedAt, int firing, SchoolCalendar calendar)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firing);
        ArgumentNullException.ThrowIfNull(calendar);

        if (Repetitions is int limit && firing >= limit)
        {
            return null;
        }

        switch (Kind)
        {
            case TimerKind.Date:
                return moment!.Resolve(calendar.TimeZone);
            case TimerKind.Duration:
                return interval!.AddTo(activatedAt, calendar);
            default:
                var (due, steps) = moment is null
                    ? (activatedAt, firing + 1)
                    : (moment.Resolve(calendar.TimeZone), firing);
                for (var step = 0; step < steps; step++)
                {
                    due = interval!.AddTo(due, calendar);
                }

                return due.ToUniversalTime();
        }
    }

    /// <summary>
    /// Non-null when a due instant of this schedule is a best estimate: the timer counts school time and
    /// <paramref name="due"/> lies past the last day <paramref name="calendar"/> knows holidays for.
    /// </summary>
    public CalendarCoverageGap? CoverageOf(DateTimeOffset due, SchoolCalendar calendar) =>
        IsSchoolTime ? calendar.CoverageOf(due) : null;

    public override string ToString() => Text;

    private static bool TryParseCore(TimerKind kind, string? rawText, out TimerSchedule? schedule, out string? error)
    {
        var text = (rawText ?? string.Empty).Trim();
        schedule = null;
        error = null;

        switch (kind)
        {
            case TimerKind.Date:
                var moment = TimerDateTime.TryParse(text);
                if (moment is null)
                {
                    error = $"Ongeldig tijdstip '{text}': {ExpectedDate}";
                    return false;
                }

                schedule = new TimerSchedule(kind, text, moment, null, repetitions: 1);
                return true;

            case TimerKind.Duration:
                var duration = TimerInterval.TryParseAnyForm(text);
                if (duration is null)
                {
                    error = $"Ongeldige tijdsduur '{text}': {ExpectedDuration}";
                    return false;
                }

                if (duration.IsBeyondLimit)
                {
                    error = $"Ongeldige tijdsduur '{text}': langer dan {TimerInterval.LimitYears} jaar; een termijn in een verzuimproces is korter.";
                    return false;
                }

                schedule = new TimerSchedule(kind, text, null, duration, repetitions: 1);
                return true;

            case TimerKind.Cycle:
                return TryParseCycle(text, out schedule, out error);

            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown timer kind.");
        }
    }

    private static bool TryParseCycle(string text, out TimerSchedule? schedule, out string? error)
    {
        schedule = null;
        var match = CyclePattern().Match(text);
        if (!match.Success)
        {
            error = $"Ongeldige herhaling '{text}': {ExpectedCycle}";
            return false;
        }

        int? repetitions = null;
        if (match.Groups["count"].Value.Length > 0)
        {
            if (!int.TryParse(match.Groups["count"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1)
            {
                error = $"Ongeldige herhaling '{text}': het aantal herhalingen moet een getal van minstens 1 zijn (of weglaten voor onbeperkt, 'R/P1D').";
                return false;
            }

            repetitions = count;
        }

        TimerDateTime? start = null;
        if (match.Groups["start"].Success)
        {
            start = TimerDateTime.TryParse(match.Groups["start"].Value.Trim());
            if (start is null)
            {
                error = $"Ongeldige herhaling '{text}': starttijd '{match.Groups["start"].Value.Trim()}' is geen geldig tijdstip; {ExpectedDate}";
                return false;
            }
        }

        var intervalText = match.Groups["interval"].Value.Trim();
        var interval = TimerInterval.TryParseAnyForm(intervalText);
        if (interval is null)
        {
            error = $"Ongeldige herhaling '{text}': interval '{intervalText}' is geen geldige tijdsduur; {ExpectedDuration}";
            return false;
        }

        if (interval.IsBeyondLimit)
        {
            error = $"Ongeldige herhaling '{text}': interval '{intervalText}' is langer dan {TimerInterval.LimitYears} jaar.";
            return false;
        }

        if (interval.IsZero)
        {
            error = $"Ongeldige herhaling '{text}': interval '{intervalText}' is nul; een herhaling moet vooruitgaan in de tijd.";
            return false;
        }

        schedule = new TimerSchedule(TimerKind.Cycle, text, start, interval, repetitions);
        error = null;
        return true;
    }

    // R[n]/[start/]interval; the start and interval are validated separately for precise messages.
    [GeneratedRegex(@"^R(?<count>\d*)/(?:(?<start>[^/]+)/)?(?<interval>[^/]+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex CyclePattern();
}
