namespace Verzuim.Workflows.Time;

/// <summary>
/// A school-time computation reached past the last day a calendar's holiday data knows, so its result is a best
/// estimate (unknown days were counted as school days). Shown to users as <see cref="Message"/>.
/// </summary>
public sealed record CalendarCoverageGap(string? Region, DateOnly CoveredUntil)
{
    private static readonly string[] Months =
        ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"];

    private const string Prefix = "termijn voorlopig: ";

    /// <summary>"termijn voorlopig: geen vakantiedata na 23 augustus 2026 (regio zuid)"</summary>
    public string Message => CoveredUntil == DateOnly.MinValue
        ? $"{Prefix}geen vakantiedata{(Region is null ? "" : $" voor regio {Region}")}"
        : $"{Prefix}geen vakantiedata na {DutchDate(CoveredUntil)}{(Region is null ? "" : $" (regio {Region})")}";

    /// <summary>True for a text made by <see cref="Message"/> (e.g. a timeline entry's detail).</summary>
    public static bool IsMessage(string text) => text.StartsWith(Prefix, StringComparison.Ordinal);

    public static string DutchDate(DateOnly day) => $"{day.Day} {Months[day.Month - 1]} {day.Year}";
}
