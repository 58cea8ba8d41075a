using Microsoft.EntityFrameworkCore;
using Verzuim.Workflows.Management;
using Verzuim.Workflows.Stores;

namespace Verzuim.Persistence.Management;

/// <summary><see cref="IEnginePurge"/> on the store: set-based deletes in the caller's transaction.</summary>
public sealed class EfEnginePurge : IEnginePurge
{
    public async Task<IReadOnlyList<CaseInstance>> ClosedCasesAsync(IWorkflowUnitOfWork unit, DateTimeOffset endedBefore, CancellationToken ct = default) =>
        await Closed(Db(unit)).Where(i => i.EndedAt < endedBefore)
            .Select(r => new CaseInstance(r.Id, r.DefinitionId, r.ProcessId, r.DefinitionVersion, r.BusinessKey, r.Status, r.SchoolId, r.Step, r.Variables,
                r.ParentInstanceId, r.StartedAt, r.EndedAt, r.UpdatedAt))
            .ToListAsync(ct);

    public async Task<IReadOnlyList<Guid>> PurgeCasesAsync(IWorkflowUnitOfWork unit, IReadOnlyCollection<Guid> caseIds, CancellationToken ct = default)
    {
        var db = Db(unit);
        var ids = caseIds.ToList();
        var cases = await Closed(db).Where(i => ids.Contains(i.Id)).Select(i => i.Id).ToListAsync(ct);
        if (cases.Count == 0) return [];
        var family = await db.Instances.AsNoTracking()
            .Where(i => cases.Contains(i.Id) || (i.ParentInstanceId != null && cases.Contains(i.ParentInstanceId.Value)))
            .Select(i => i.Id).ToListAsync(ct);
        await db.Timeline.Where(t => family.Contains(t.InstanceId)).ExecuteDeleteAsync(ct);
        await db.Tasks.Where(t => family.Contains(t.InstanceId)).ExecuteDeleteAsync(ct);
        await db.Incidents.Where(i => family.Contains(i.InstanceId)).ExecuteDeleteAsync(ct);
        await db.Subscriptions.Where(s => s.InstanceId != null && family.Contains(s.InstanceId.Value)).ExecuteDeleteAsync(ct);
        // an undispatched message is still owed to its receiver: the dispatcher sends it first
        await db.Outbox.Where(o => family.Contains(o.InstanceId) && o.DispatchedAt != null).ExecuteDeleteAsync(ct);
        // a migration's record of a case names its tasks, dates and who had claimed them: it goes with the case
        await db.MigrationBatchCases.Where(c => family.Contains(c.InstanceId)).ExecuteDeleteAsync(ct);
        await db.Instances.Where(i => family.Contains(i.Id)).ExecuteDeleteAsync(ct); // the tokens are the instance's state
        return cases;
    }

    public Task<int> PurgeExpiredBufferedMessagesAsync(IWorkflowUnitOfWork unit, DateTimeOffset now, CancellationToken ct = default) =>
        Db(unit).BufferedMessages.Where(b => b.ExpiresAt < now).ExecuteDeleteAsync(ct);

    public Task<int> PurgeProcessedMessagesAsync(IWorkflowUnitOfWork unit, DateTimeOffset processedBefore, CancellationToken ct = default) =>
        Db(unit).ProcessedMessages.Where(p => p.ProcessedAt < processedBefore).ExecuteDeleteAsync(ct);

    private static IQueryable<InstanceRecord> Closed(WorkflowDbContext db) => db.Instances.AsNoTracking()
        .Where(i => i.ParentInstanceId == null && i.EndedAt != null && (i.Status == InstanceStatus.Completed || i.Status == InstanceStatus.Terminated));

    private static WorkflowDbContext Db(IWorkflowUnitOfWork unit) => unit is IEfUnitOfWork ef ? ef.Db
        : throw new NotSupportedException("Deze opslag is geen EF-opslag; begin de eenheid van werk met WorkflowStore.BeginAsync.");
}
