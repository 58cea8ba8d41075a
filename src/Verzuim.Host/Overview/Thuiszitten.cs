using Verzuim.Cases.Attendance;
using Verzuim.Workflows.Time;

namespace Verzuim.Host.Overview;

/// <summary>How long a pupil has been at home on a peildatum, read from the attendance ledger.</summary>
/// <param name="Sinds">First school day of the unbroken absence run that reaches the peildatum.</param>
/// <param name="Dagen">Calendar days from <paramref name="Sinds"/> to the peildatum, both inclusive.</param>
public sealed record ThuisPeriode(DateOnly Sinds, int Dagen);

/// <summary>
/// The thuiszitter rule (docs/werkbak.md): a pupil enrolled at a school who, on the peildatum, has been absent
/// without exemption for 4 weeks or more. "Absent" is read from the ledger: every school day of the run carries an
/// absence registration of any kind but lateness (sick and excused absence count too: seed 003 names both the
/// "niet willer" and the "niet kunner" without a care plan); weekends, holidays and study days neither break nor end
/// the run. Four weeks are 28 calendar days, as for langdurig relatief verzuim (seed 001, "vier weken of langer").
/// Pure: the answer depends only on the arguments.
/// </summary>
public static class Thuiszitten
{
    public const int MinimumDagen = 28;

    /// <summary>Duration buckets of the register, against the placement target (3 months) and the legal term (6 months) of seed 003.</summary>
    public const string Bucket4WekenTot3Maanden = "4 weken tot 3 maanden";
    public const string Bucket3Tot6Maanden = "3 tot 6 maanden";
    public const string Bucket6MaandenOfLanger = "6 maanden of langer";
    public static readonly string[] Buckets = [Bucket4WekenTot3Maanden, Bucket3Tot6Maanden, Bucket6MaandenOfLanger];

    /// <summary>
    /// The absence run that reaches <paramref name="peildatum"/>: it ends at the last school day on or before the
    /// peildatum, which must carry an absence; null when that day was not an absence (the pupil was at school).
    /// </summary>
    public static ThuisPeriode? Periode(IEnumerable<(DateOnly Datum, AbsenceKind Soort)> ledger, DateOnly peildatum, SchoolCalendar calendar)
    {
        var absent = ledger.Where(e => e.Soort != AbsenceKind.TeLaat && e.Datum <= peildatum && calendar.IsSchoolDay(e.Datum))
            .Select(e => e.Datum).ToHashSet();
        if (absent.Count == 0) return null;
        var earliest = absent.Min();
        DateOnly? first = null;
        for (var day = peildatum; day >= earliest; day = day.AddDays(-1))
        {
            if (!calendar.IsSchoolDay(day)) continue;
            if (!absent.Contains(day)) break;
            first = day;
        }
        return first is { } since ? new ThuisPeriode(since, peildatum.DayNumber - since.DayNumber + 1) : null;
    }

    public static bool IsThuiszitter(ThuisPeriode? periode) => periode is { Dagen: >= MinimumDagen };

    /// <summary>Placement target: 3 calendar months after the first day at home (seed 003, "binnen 3 maanden").</summary>
    public static DateOnly Streefdatum(ThuisPeriode periode) => periode.Sinds.AddMonths(3);

    /// <summary>Legal term: 6 calendar months after the first day at home (seed 003, "de wettelijke termijn van 6 maanden").</summary>
    public static DateOnly WettelijkeTermijn(ThuisPeriode periode) => periode.Sinds.AddMonths(6);

    public static string Bucket(ThuisPeriode periode, DateOnly peildatum) =>
        peildatum < Streefdatum(periode) ? Bucket4WekenTot3Maanden
        : peildatum < WettelijkeTermijn(periode) ? Bucket3Tot6Maanden
        : Bucket6MaandenOfLanger;

    /// <summary>Where the pupil stands against the terms: within the target, past the target, or past the legal term.</summary>
    public static string Termijnstatus(ThuisPeriode periode, DateOnly peildatum) =>
        peildatum < Streefdatum(periode) ? "binnen streeftermijn"
        : peildatum < WettelijkeTermijn(periode) ? "streeftermijn verstreken"
        : "wettelijke termijn verstreken";

    /// <summary>The inspectorate's reference dates: 15 March, 15 June, 15 September and 15 December (seed 003).</summary>
    public static IEnumerable<DateOnly> Peildata(int year) =>
        [new(year, 3, 15), new(year, 6, 15), new(year, 9, 15), new(year, 12, 15)];

    /// <summary>The <paramref name="count"/> most recent reference dates on or before <paramref name="today"/>, newest first.</summary>
    public static IReadOnlyList<DateOnly> RecentePeildata(DateOnly today, int count = 4) =>
        Enumerable.Range(0, count / 4 + 2).SelectMany(back => Peildata(today.Year - back))
            .Where(d => d <= today).OrderDescending().Take(count).ToList();
}
