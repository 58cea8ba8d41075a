using Microsoft.EntityFrameworkCore;
using Verzuim.Persistence;
using Verzuim.Workflows.Stores;
using Verzuim.Workflows.Time;

namespace Verzuim.Cases.Audit;

/// <summary>
/// Writes audit entries: on its own (a read is logged even when nothing changes) or inside the transaction of the
/// change it records (<see cref="AddAsync"/>), so a change without its entry cannot be committed.
/// </summary>
public sealed class AuditTrail(WorkflowStore store, IClock clock)
{
    /// <summary>Writes the entry in its own short transaction.</summary>
    public async Task WriteAsync(AuditEntry entry, CancellationToken ct = default)
    {
        await using var db = store.CreateContext();
        await AddAsync(db, entry, ct);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The entries that match, newest first; null filters are not applied.</summary>
    public async Task<IReadOnlyList<LoggedEntry>> FindAsync(Guid? caseId, string? user, string? pupil, DateTimeOffset? from, DateTimeOffset? before, int max,
        CancellationToken ct)
    {
        await using var db = store.CreateContext();
        var query = db.AuditLog.AsNoTracking();
        if (caseId is { } id) query = query.Where(a => a.CaseId == id);
        if (user is not null) query = query.Where(a => a.User == user);
        if (pupil is not null) query = query.Where(a => a.LeerlingId == pupil);
        if (from is { } start) query = query.Where(a => a.At >= start);
        if (before is { } end) query = query.Where(a => a.At < end);
        return await query.OrderByDescending(a => a.Id).Take(max)
            .Select(a => new LoggedEntry(a.Id, a.At, a.User, a.Action, a.CaseId, a.SchoolId, a.LeerlingId, a.Result, a.Detail)).ToListAsync(ct);
    }

    /// <summary>
    /// The entry as work for an engine command's unit of work (<c>enlist</c>): written in the command's transaction, so
    /// the engine's change and its entry commit together or not at all.
    /// </summary>
    public Func<IWorkflowUnitOfWork, CancellationToken, Task> InUnitOfWork(AuditEntry entry) => (unit, ct) =>
        AddAsync(unit is IEfUnitOfWork ef ? ef.Db
            : throw new NotSupportedException("Het auditlog wordt in de EF-opslag geschreven; deze engine gebruikt een andere opslag."), entry, ct);

    /// <summary>Adds the entry to the caller's context; it is saved with what the caller saves.</summary>
    public async Task AddAsync(WorkflowDbContext db, AuditEntry entry, CancellationToken ct)
    {
        string? pupil = null;
        var schoolId = entry.SchoolId;
        if (entry.CaseId is { } id && await db.Instances.AsNoTracking().Where(i => i.Id == id)
                .Select(i => new { i.BusinessKey, i.SchoolId }).FirstOrDefaultAsync(ct) is { } owner)
            (pupil, schoolId) = (owner.BusinessKey, schoolId ?? owner.SchoolId);
        db.AuditLog.Add(new AuditEntryRecord
        {
            At = clock.UtcNow, User = entry.User, Action = entry.Action, CaseId = entry.CaseId, SchoolId = schoolId, LeerlingId = pupil,
            Result = entry.Result, Detail = entry.Detail is { Length: > AuditEntry.MaxDetailLength } d ? d[..AuditEntry.MaxDetailLength] : entry.Detail,
        });
    }
}
