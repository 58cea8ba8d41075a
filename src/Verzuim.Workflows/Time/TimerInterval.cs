namespace Verzuim.Workflows.Time;

/// <summary>
/// A length of time that a timer waits: either ISO 8601 (<see cref="IsoDuration"/>) or school
/// time (<see cref="SchoolTimeDuration"/>). Both are applied to an instant with a calendar,
/// because neither is a fixed number of seconds (days follow DST, school days skip holidays).
/// </summary>
internal abstract class TimerInterval
{
    public abstract bool IsSchoolTime { get; }

    /// <summary>True when adding the interval never moves time forward (useless as a cycle step).</summary>
    public abstract bool IsZero { get; }

    /// <summary>
    /// Longer than any term in an absence protocol can be (100 years): refused when parsing, because adding it overflows
    /// the calendar ('P1000000Y') or counts school days for ages ('2000000000 schooldagen').
    /// </summary>
    public abstract bool IsBeyondLimit { get; }

    public const int LimitYears = 100;

    public abstract DateTimeOffset AddTo(DateTimeOffset start, SchoolCalendar calendar);

    public static TimerInterval? TryParseAnyForm(string text) =>
        (TimerInterval?)IsoDuration.TryParse(text) ?? SchoolTimeDuration.TryParse(text);
}
