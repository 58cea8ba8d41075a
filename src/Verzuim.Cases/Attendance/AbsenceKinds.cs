namespace Verzuim.Cases.Attendance;

/// <summary>Reading an <see cref="AbsenceKind"/> from the text stored in the ledger or sent by a school system.</summary>
public static class AbsenceKinds
{
    /// <summary>
    /// Parses a kind by name, ignoring case, surrounding white space and word separators, so "ziek",
    /// " Ziek ", "te laat", "te-laat" and "TE_LAAT" all work: school systems and people spell them that way.
    /// Numbers are refused (unlike <see cref="Enum.Parse{TEnum}(string, bool)"/>): "2" is not a kind of absence,
    /// and accepting it would silently tie stored data to the enum's order.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    /// <exception cref="FormatException"><paramref name="value"/> names no kind; the message quotes it.</exception>
    public static AbsenceKind Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);

        var key = string.Concat(value.Where(c => !char.IsWhiteSpace(c) && c is not '_' and not '-'));
        foreach (var kind in Enum.GetValues<AbsenceKind>())
        {
            if (string.Equals(kind.ToString(), key, StringComparison.OrdinalIgnoreCase))
            {
                return kind;
            }
        }

        throw new FormatException(
            $"Unknown absence kind '{value}'; expected one of: {string.Join(", ", Enum.GetNames<AbsenceKind>())}.");
    }
}
