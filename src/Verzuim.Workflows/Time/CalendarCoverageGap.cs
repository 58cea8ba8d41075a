namespace Verzuim.Workflows.Time;

/// <summary>
/// A school-time computation reached past the last day a calendar's holiday data knows, so its result is a best
/// estimate (unknown days were counted as school days). Shown to users as <see cref="Message"/>.
/// </summary>
public sealed record CalendarCoverageGap(string? Region, DateOnly CoveredUntil)
{
    private static readonly string[] Months =
        ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"];

    /// <summary>"termijn voorlopig: geen vakantiedata na 23 augustus 2026" (region zuid)</summary>
    public string Message =>
        $"termijn voorlopig: geen vakantiedata na {DutchDate(CoveredUntil)}{(Region is null ? "" : $" (regio {Region})")}";

    public static string DutchDate(DateOnly day) => $"{day.Day} {Months[day.Month - 1]} {day.Year}";
}
