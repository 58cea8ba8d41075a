namespace Verzuim.Workflows.Time;

/// <summary>When Bevrijdingsdag (5 May) is a day off for schools.</summary>
public enum BevrijdingsdagRule
{
    /// <summary>Only in lustrum years (2025, 2030, ...), as the cao's for primary and secondary education agree.</summary>
    Lustrum,

    /// <summary>Every year (a school that gives the day off each year).</summary>
    EveryYear,

    /// <summary>Never (the school teaches on 5 May).</summary>
    Never,
}

/// <summary>
/// The Dutch public holidays on which schools are closed: Nieuwjaarsdag, Goede Vrijdag, Eerste and Tweede Paasdag,
/// Koningsdag (27 April, or 26 April when the 27th is a Sunday), Bevrijdingsdag (see <see cref="BevrijdingsdagRule"/>),
/// Hemelvaartsdag, Eerste and Tweede Pinksterdag, Eerste and Tweede Kerstdag.
/// <para>Computed here rather than taken from the PublicHoliday package: that package has no Goede Vrijdag and gives
/// Bevrijdingsdag every year (tests compare the Easter dates with it). Computed for any year, so public holidays never
/// limit a calendar's coverage.</para>
/// </summary>
public sealed class DutchPublicHolidays
{
    private readonly IReadOnlySet<DateOnly> _taughtOn;

    /// <param name="bevrijdingsdag">Whether 5 May is a day off.</param>
    /// <param name="taughtOn">Public holidays on which this school does teach (they count as school days).</param>
    public DutchPublicHolidays(BevrijdingsdagRule bevrijdingsdag = BevrijdingsdagRule.Lustrum, IEnumerable<DateOnly>? taughtOn = null)
    {
        Bevrijdingsdag = bevrijdingsdag;
        _taughtOn = (taughtOn ?? []).ToHashSet();
    }

    /// <summary>Lustrum rule, no exceptions: what a school without its own settings has.</summary>
    public static DutchPublicHolidays Standard { get; } = new();

    public BevrijdingsdagRule Bevrijdingsdag { get; }

    public IReadOnlySet<DateOnly> TaughtOn => _taughtOn;

    /// <summary>Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm, Meeus/Jones/Butcher).</summary>
    public static DateOnly EasterSunday(int year)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, 1583);
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = ((19 * a) + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        var m = (a + (11 * h) + (22 * l)) / 451;
        var month = (h + l - (7 * m) + 114) / 31;
        var day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new DateOnly(year, month, day);
    }

    /// <summary>The public holidays of <paramref name="year"/> on which this school is closed, in date order.</summary>
    public IReadOnlyList<Holiday> For(int year)
    {
        var easter = EasterSunday(year);
        var koningsdag = new DateOnly(year, 4, 27);
        if (koningsdag.DayOfWeek == DayOfWeek.Sunday)
        {
            koningsdag = koningsdag.AddDays(-1);
        }

        var days = new List<Holiday>
        {
            Day(new DateOnly(year, 1, 1), "Nieuwjaarsdag"),
            Day(easter.AddDays(-2), "Goede Vrijdag"),
            Day(easter, "Eerste Paasdag"),
            Day(easter.AddDays(1), "Tweede Paasdag"),
            Day(koningsdag, "Koningsdag"),
            Day(easter.AddDays(39), "Hemelvaartsdag"),
            Day(easter.AddDays(49), "Eerste Pinksterdag"),
            Day(easter.AddDays(50), "Tweede Pinksterdag"),
            Day(new DateOnly(year, 12, 25), "Eerste Kerstdag"),
            Day(new DateOnly(year, 12, 26), "Tweede Kerstdag"),
        };
        if (Bevrijdingsdag == BevrijdingsdagRule.EveryYear || (Bevrijdingsdag == BevrijdingsdagRule.Lustrum && year % 5 == 0))
        {
            days.Add(Day(new DateOnly(year, 5, 5), "Bevrijdingsdag"));
        }

        return days.Where(h => !_taughtOn.Contains(h.From)).OrderBy(h => h.From).ToArray();
    }

    /// <summary>The holiday's name when the school is closed for a public holiday on <paramref name="day"/>, else null.</summary>
    public string? NameOf(DateOnly day)
    {
        // Cheap pre-check: every public holiday falls in January 1, March 20 .. June 15, or December 25/26.
        var inSeason = (day.Month == 1 && day.Day == 1) || (day.Month == 12 && day.Day is 25 or 26) || day.Month is >= 3 and <= 6;
        return inSeason ? For(day.Year).FirstOrDefault(h => h.From == day)?.Name : null;
    }

    private static Holiday Day(DateOnly day, string name) => new(day, day, name);
}
