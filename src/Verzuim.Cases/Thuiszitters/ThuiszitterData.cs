using Microsoft.EntityFrameworkCore;
using Verzuim.Workflows.Management;
using Verzuim.Persistence;
using Verzuim.Workflows.Stores;

namespace Verzuim.Cases.Thuiszitters;

/// <summary>A registration in the attendance ledger, as the thuiszitter count reads it.</summary>
public sealed record LedgerDay(string LeerlingId, string SchoolId, DateOnly Datum, string Soort);

/// <summary>A case whose variables may record an exemption (the JSON decides), with when it ended or last changed.</summary>
public sealed record ExemptionCandidate(string LeerlingId, string? SchoolId, string Variables, DateTimeOffset? EndedAt, DateTimeOffset UpdatedAt);

/// <summary>What the thuiszitter overview and register read: the attendance ledger, exemptions and the pupils' cases, of the given schools.</summary>
public sealed class ThuiszitterData(WorkflowStore store)
{
    /// <summary>Registrations at the schools from <paramref name="from"/> up to and including <paramref name="until"/> (of the given pupils only, when given).</summary>
    public async Task<IReadOnlyList<LedgerDay>> LedgerAsync(IReadOnlyCollection<string> schools, DateOnly from, DateOnly until,
        IReadOnlyCollection<string>? pupils, CancellationToken ct)
    {
        var mine = schools.ToList();
        await using var db = store.CreateContext();
        var query = db.AttendanceEntries.AsNoTracking().Where(e => mine.Contains(e.SchoolId) && e.Datum >= from && e.Datum <= until);
        if (pupils is not null)
        {
            var ids = pupils.ToList();
            query = query.Where(e => ids.Contains(e.LeerlingId));
        }
        return await query.Select(e => new LedgerDay(e.LeerlingId, e.SchoolId, e.Datum, e.Soort)).ToListAsync(ct);
    }

    /// <summary>
    /// Instances of the pupils at the schools whose variables mention an exemption outcome ("Vrijgesteld", "verleend"):
    /// a cheap text filter, the caller reads the JSON.
    /// </summary>
    public async Task<IReadOnlyList<ExemptionCandidate>> ExemptionCandidatesAsync(IReadOnlyCollection<string> schools, IReadOnlyCollection<string> pupils,
        CancellationToken ct)
    {
        var (mine, ids) = (schools.ToList(), pupils.ToList());
        await using var db = store.CreateContext();
        return await db.Instances.AsNoTracking()
            .Where(i => i.BusinessKey != null && ids.Contains(i.BusinessKey) && i.SchoolId != null && mine.Contains(i.SchoolId)
                        && (i.Variables.Contains("Vrijgesteld") || i.Variables.Contains("verleend")))
            .Select(i => new ExemptionCandidate(i.BusinessKey!, i.SchoolId, i.Variables, i.EndedAt, i.UpdatedAt)).ToListAsync(ct);
    }

    /// <summary>The pupils' cases at the schools: open ones first, then the newest.</summary>
    public async Task<IReadOnlyList<CaseInstance>> CasesOfAsync(IReadOnlyCollection<string> schools, IReadOnlyCollection<string> pupils, CancellationToken ct)
    {
        var (mine, ids) = (schools.ToList(), pupils.ToList());
        await using var db = store.CreateContext();
        return (await db.Instances.AsNoTracking()
            .Where(i => i.ParentInstanceId == null && i.BusinessKey != null && ids.Contains(i.BusinessKey) && i.SchoolId != null && mine.Contains(i.SchoolId))
            .OrderByDescending(i => i.Status == InstanceStatus.Running || i.Status == InstanceStatus.Incident).ThenByDescending(i => i.StartedAt)
            .ToListAsync(ct)).Select(CaseInstance.From).ToList();
    }
}
