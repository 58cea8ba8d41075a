using Microsoft.EntityFrameworkCore;
using Verzuim.Workflows.Management;
using Verzuim.Workflows.Stores;

namespace Verzuim.Persistence.Management;

/// <summary><see cref="ITaskQueries"/> on the store.</summary>
public sealed class EfTaskQueries(WorkflowStore store) : ITaskQueries
{
    public async Task<WorkTask?> TaskAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = store.CreateContext();
        return await Project(db.Tasks.AsNoTracking().Where(t => t.Id == id)).FirstOrDefaultAsync(ct);
    }

    public async Task<IReadOnlyList<WorkTask>> OpenAsync(CaseScope scope, CancellationToken ct = default)
    {
        await using var db = store.CreateContext();
        var instances = EfCaseQueries.Instances(db, scope);
        return await Project(db.Tasks.AsNoTracking().Where(t => t.Status == WorkTaskStatus.Open && instances.Any(i => i.Id == t.InstanceId))).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<WorkTask>> AllOpenAsync(CancellationToken ct = default)
    {
        await using var db = store.CreateContext();
        return await Project(db.Tasks.AsNoTracking().Where(t => t.Status == WorkTaskStatus.Open)).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<WorkTask>> OfInstancesAsync(IReadOnlyCollection<Guid> instanceIds, bool openOnly = false, CancellationToken ct = default)
    {
        var list = instanceIds.Distinct().ToList();
        await using var db = store.CreateContext();
        var query = db.Tasks.AsNoTracking().Where(t => list.Contains(t.InstanceId));
        if (openOnly) query = query.Where(t => t.Status == WorkTaskStatus.Open);
        return await Project(query.OrderBy(t => t.CreatedAt)).ToListAsync(ct);
    }

    private static IQueryable<WorkTask> Project(IQueryable<TaskRecord> query) =>
        query.Select(t => new WorkTask(t.Id, t.InstanceId, t.ElementId, t.Name, t.CandidateRole, t.BusinessKey, t.DueAt, t.Form, t.Status, t.ClaimedBy,
            t.CreatedAt, t.CompletedAt, t.CompletedBy, t.Result));
}
