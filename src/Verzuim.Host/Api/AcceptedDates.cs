using Verzuim.Workflows.Time;

namespace Verzuim.Host.Api;

/// <summary>
/// The dates the service takes from outside: from 2000 (no school keeps older attendance records) to a year ahead
/// (leave registered in advance). Anything else is a typo, and 0001-01-01 or 9999-12-31 would overflow the
/// calendar windows counted back and forth from it.
/// </summary>
public static class AcceptedDates
{
    public static readonly DateOnly First = new(2000, 1, 1);

    public static DateOnly Last(IClock clock) => SchoolCalendar.WeekendsOnly.LocalDate(clock.UtcNow).AddYears(1);

    /// <summary>Null when the date is accepted, else the Dutch reason naming the field.</summary>
    public static string? Refusal(string field, DateOnly date, IClock clock) =>
        date >= First && date <= Last(clock) ? null
            : $"{field} {date:yyyy-MM-dd} ligt buiten het toegestane bereik {First:yyyy-MM-dd} t/m {Last(clock):yyyy-MM-dd}.";
}
