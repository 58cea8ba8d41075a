using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Verzuim.Cases.Thuiszitters;
using Verzuim.Host.Auth;
using Verzuim.Host.Cases;
using Verzuim.Host.Schools;
using Verzuim.Cases.Attendance;
using Verzuim.Workflows.Time;

namespace Verzuim.Host.Overview;

/// <summary>One pupil at home on a peildatum (see <see cref="Thuiszitten"/>).</summary>
public sealed record Thuiszitter(string LeerlingId, string SchoolId, string? SchoolNaam, string? Model, DateOnly ThuisSinds, int DagenThuis,
    DateOnly Streefdatum, DateOnly WettelijkeTermijn, string Termijn, string Duur, Guid? CaseId);

/// <summary>Reads the attendance ledger of the caller's schools into thuiszitters and days at home.</summary>
public sealed class ThuiszitterQueries(Caller caller, SchoolDirectory schools, IOptions<SchoolOptions> options, ThuiszitterData data)
{
    // a run longer than this is "6 months or longer" however far it reaches back, so older rows need not be read
    private const int LookBackYears = 2;

    /// <summary>The model a school follows (its configured main process): a pupil without a case is counted under it.</summary>
    public string? ModelOf(string schoolId) =>
        options.Value.Lijst.FirstOrDefault(s => string.Equals(s.Id, schoolId, StringComparison.OrdinalIgnoreCase))?.Model;

    /// <summary>The caller's schools as configured, in configuration order.</summary>
    public IReadOnlyList<SchoolSettings> MySchools() =>
        options.Value.Lijst.Where(s => caller.HasSchool(s.Id)).ToList();

    /// <summary>
    /// The absence run reaching <paramref name="peildatum"/> of every pupil of the caller's schools (or of the given
    /// pupils only), per (pupil, school): a pupil who changed schools has a run at each.
    /// </summary>
    public async Task<Dictionary<(string LeerlingId, string SchoolId), ThuisPeriode>> PeriodenAsync(DateOnly peildatum,
        IReadOnlyCollection<string>? leerlingen, CancellationToken ct)
    {
        var rows = await data.LedgerAsync(caller.Schools.ToList(), peildatum.AddYears(-LookBackYears), peildatum, leerlingen, ct);
        var result = new Dictionary<(string, string), ThuisPeriode>();
        foreach (var pupil in rows.GroupBy(r => (r.LeerlingId, r.SchoolId)))
        {
            var periode = Thuiszitten.Periode(pupil.Select(r => (r.Datum, AbsenceKinds.Parse(r.Soort))), peildatum, schools.CalendarFor(pupil.Key.SchoolId));
            if (periode is not null) result[pupil.Key] = periode;
        }
        return result;
    }

    /// <summary>Thuiszitters of the caller's schools on <paramref name="peildatum"/>: at home 4 weeks or more, without exemption.</summary>
    public async Task<List<Thuiszitter>> OnAsync(DateOnly peildatum, CancellationToken ct)
    {
        var perioden = await PeriodenAsync(peildatum, null, ct);
        var candidates = perioden.Where(p => Thuiszitten.IsThuiszitter(p.Value)).ToList();
        if (candidates.Count == 0) return [];
        var pupils = candidates.Select(c => c.Key.LeerlingId).Distinct().ToList();
        var exempt = await ExemptAsync(pupils, peildatum, ct);
        var cases = await data.CasesOfAsync(caller.Schools.ToList(), pupils, ct);
        return candidates.Where(c => !exempt.Contains(c.Key.LeerlingId))
            .Select(c =>
            {
                var (pupil, school) = c.Key;
                var periode = c.Value;
                var open = cases.FirstOrDefault(i => i.BusinessKey == pupil && i.SchoolId == school);
                return new Thuiszitter(pupil, school, schools.NameOf(school), open?.ProcessId ?? ModelOf(school), periode.Sinds, periode.Dagen,
                    Thuiszitten.Streefdatum(periode), Thuiszitten.WettelijkeTermijn(periode), Thuiszitten.Termijnstatus(periode, peildatum),
                    Thuiszitten.Bucket(periode, peildatum), open?.Id);
            })
            .OrderByDescending(t => t.DagenThuis).ThenBy(t => t.LeerlingId, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Pupils exempted by a case on or before the peildatum: the Apeldoorn model records <c>afloop = 'Vrijgesteld'</c>,
    /// Groningen's step 6 <c>vrijstelling = 'verleend'</c>. The case's end (or last change) dates the exemption.
    /// </summary>
    private async Task<HashSet<string>> ExemptAsync(List<string> pupils, DateOnly peildatum, CancellationToken ct)
    {
        // a cheap text filter first; the JSON decides
        var rows = await data.ExemptionCandidatesAsync(caller.Schools.ToList(), pupils, ct);
        return rows.Where(r =>
            {
                var variables = JsonNode.Parse(r.Variables) as JsonObject;
                var exempted = CaseSummaries.Str(variables?["afloop"]) == "Vrijgesteld" || CaseSummaries.Str(variables?["vrijstelling"]) == "verleend";
                return exempted && schools.CalendarFor(r.SchoolId).LocalDate(r.EndedAt ?? r.UpdatedAt) <= peildatum;
            })
            .Select(r => r.LeerlingId).ToHashSet(StringComparer.Ordinal);
    }
}
