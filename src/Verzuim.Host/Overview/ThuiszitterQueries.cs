using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Verzuim.Host.Auth;
using Verzuim.Host.Cases;
using Verzuim.Host.Schools;
using Verzuim.Persistence;
using Verzuim.Workflows.Attendance;
using Verzuim.Workflows.Stores;
using Verzuim.Workflows.Time;

namespace Verzuim.Host.Overview;

/// <summary>One pupil at home on a peildatum (see <see cref="Thuiszitten"/>).</summary>
public sealed record Thuiszitter(string LeerlingId, string SchoolId, string? SchoolNaam, string? Model, DateOnly ThuisSinds, int DagenThuis,
    DateOnly Streefdatum, DateOnly WettelijkeTermijn, string Termijn, string Duur, Guid? CaseId);

/// <summary>Reads the attendance ledger of the caller's schools into thuiszitters and days at home.</summary>
public sealed class ThuiszitterQueries(Caller caller, SchoolDirectory schools, IOptions<SchoolOptions> options)
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
    public async Task<Dictionary<(string LeerlingId, string SchoolId), ThuisPeriode>> PeriodenAsync(WorkflowDbContext db, DateOnly peildatum,
        IReadOnlyCollection<string>? leerlingen, CancellationToken ct)
    {
        var mine = caller.Schools.ToList();
        var from = peildatum.AddYears(-LookBackYears);
        var query = db.AttendanceEntries.AsNoTracking().Where(e => mine.Contains(e.SchoolId) && e.Datum >= from && e.Datum <= peildatum);
        if (leerlingen is not null)
        {
            var ids = leerlingen.ToList();
            query = query.Where(e => ids.Contains(e.LeerlingId));
        }
        var rows = await query.Select(e => new { e.LeerlingId, e.SchoolId, e.Datum, e.Soort }).ToListAsync(ct);
        var result = new Dictionary<(string, string), ThuisPeriode>();
        foreach (var pupil in rows.GroupBy(r => (r.LeerlingId, r.SchoolId)))
        {
            var periode = Thuiszitten.Periode(pupil.Select(r => (r.Datum, AbsenceKinds.Parse(r.Soort))), peildatum, schools.CalendarFor(pupil.Key.SchoolId));
            if (periode is not null) result[pupil.Key] = periode;
        }
        return result;
    }

    /// <summary>Thuiszitters of the caller's schools on <paramref name="peildatum"/>: at home 4 weeks or more, without exemption.</summary>
    public async Task<List<Thuiszitter>> OnAsync(WorkflowDbContext db, DateOnly peildatum, CancellationToken ct)
    {
        var perioden = await PeriodenAsync(db, peildatum, null, ct);
        var candidates = perioden.Where(p => Thuiszitten.IsThuiszitter(p.Value)).ToList();
        if (candidates.Count == 0) return [];
        var pupils = candidates.Select(c => c.Key.LeerlingId).Distinct().ToList();
        var exempt = await ExemptAsync(db, pupils, peildatum, ct);
        var cases = await CasesOfAsync(db, pupils, ct);
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
    private async Task<HashSet<string>> ExemptAsync(WorkflowDbContext db, List<string> pupils, DateOnly peildatum, CancellationToken ct)
    {
        var mine = caller.Schools.ToList();
        // a cheap text filter first; the JSON decides
        var rows = await db.Instances.AsNoTracking()
            .Where(i => i.BusinessKey != null && pupils.Contains(i.BusinessKey) && i.SchoolId != null && mine.Contains(i.SchoolId)
                        && (i.Variables.Contains("Vrijgesteld") || i.Variables.Contains("verleend")))
            .Select(i => new { i.BusinessKey, i.Variables, i.EndedAt, i.UpdatedAt, i.SchoolId }).ToListAsync(ct);
        return rows.Where(r =>
            {
                var variables = JsonNode.Parse(r.Variables) as JsonObject;
                var exempted = CaseSummaries.Str(variables?["afloop"]) == "Vrijgesteld" || CaseSummaries.Str(variables?["vrijstelling"]) == "verleend";
                return exempted && schools.CalendarFor(r.SchoolId).LocalDate(r.EndedAt ?? r.UpdatedAt) <= peildatum;
            })
            .Select(r => r.BusinessKey!).ToHashSet(StringComparer.Ordinal);
    }

    private async Task<List<InstanceRecord>> CasesOfAsync(WorkflowDbContext db, List<string> pupils, CancellationToken ct)
    {
        var mine = caller.Schools.ToList();
        return await db.Instances.AsNoTracking()
            .Where(i => i.ParentInstanceId == null && i.BusinessKey != null && pupils.Contains(i.BusinessKey) && i.SchoolId != null && mine.Contains(i.SchoolId))
            .OrderByDescending(i => i.Status == InstanceStatus.Running || i.Status == InstanceStatus.Incident).ThenByDescending(i => i.StartedAt)
            .ToListAsync(ct);
    }
}
