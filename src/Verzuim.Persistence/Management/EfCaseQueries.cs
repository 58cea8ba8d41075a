using Microsoft.EntityFrameworkCore;
using Verzuim.Workflows.Management;
using Verzuim.Workflows.Stores;
using Verzuim.Workflows.Runtime;

namespace Verzuim.Persistence.Management;

/// <summary><see cref="ICaseQueries"/> on the store: each call reads in its own short context, untracked.</summary>
public sealed class EfCaseQueries(WorkflowStore store) : ICaseQueries
{
    public async Task<IReadOnlyList<CaseInstance>> CasesAsync(CaseFilter filter, CancellationToken ct = default)
    {
        await using var db = store.CreateContext();
        var query = Cases(db, filter.Scope);
        if (filter.BusinessKeyContains is { } term)
        {
            var lower = term.ToLowerInvariant();
            query = query.Where(i => i.BusinessKey != null && i.BusinessKey.ToLower().Contains(lower));
        }
        if (filter.BusinessKey is { } key) query = query.Where(i => i.BusinessKey == key);
        if (filter.SchoolId is { } school) query = query.Where(i => i.SchoolId == school);
        if (filter.ProcessId is { } process) query = query.Where(i => i.ProcessId == process);
        if (filter.Step is { } step) query = query.Where(i => i.Step == step);
        if (filter.StartedBefore is { } startedBefore) query = query.Where(i => i.StartedAt < startedBefore);
        if (filter.OpenAt is { } openAt) query = query.Where(i => i.EndedAt == null || i.EndedAt >= openAt);
        if (filter.Statuses is { } statuses)
        {
            var list = statuses.ToList();
            query = query.Where(i => list.Contains(i.Status));
        }
        return await Project(query.OrderBy(i => i.StartedAt).Take(filter.Max)).ToListAsync(ct);
    }

    public async Task<CaseInstance?> CaseAsync(Guid id, CaseScope scope, CancellationToken ct = default)
    {
        await using var db = store.CreateContext();
        return await Project(Cases(db, scope).Where(i => i.Id == id)).FirstOrDefaultAsync(ct);
    }

    public async Task<CaseInstance?> InstanceAsync(Guid id, CaseScope scope, CancellationToken ct = default)
    {
        await using var db = store.CreateContext();
        return await Project(Instances(db, scope).Where(i => i.Id == id)).FirstOrDefaultAsync(ct);
    }

    public async Task<IReadOnlyList<CaseInstance>> InstancesAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct = default)
    {
        var list = ids.Distinct().ToList();
        await using var db = store.CreateContext();
        return await Project(db.Instances.AsNoTracking().Where(i => list.Contains(i.Id))).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<CaseInstance>> ChildrenAsync(IReadOnlyCollection<Guid> caseIds, CancellationToken ct = default)
    {
        var list = caseIds.Distinct().ToList();
        await using var db = store.CreateContext();
        return await Project(db.Instances.AsNoTracking().Where(i => i.ParentInstanceId != null && list.Contains(i.ParentInstanceId.Value))).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<string>> ActiveElementsAsync(Guid instanceId, CancellationToken ct = default)
    {
        await using var db = store.CreateContext();
        var state = await db.Instances.AsNoTracking().Where(i => i.Id == instanceId).Select(i => i.State).FirstOrDefaultAsync(ct);
        return state is null ? [] : InstanceState.Deserialize(state).Tokens.Select(t => t.ElementId).Distinct().ToList();
    }

    public async Task<IReadOnlyList<TimelineRecord>> TimelineAsync(IReadOnlyCollection<Guid> instanceIds, IReadOnlyCollection<TimelineKind>? kinds = null,
        IReadOnlyCollection<string>? elementIds = null, CancellationToken ct = default)
    {
        var list = instanceIds.Distinct().ToList();
        await using var db = store.CreateContext();
        var query = db.Timeline.AsNoTracking().Where(t => list.Contains(t.InstanceId));
        if (kinds is not null)
        {
            var wanted = kinds.ToList();
            query = query.Where(t => wanted.Contains(t.Kind));
        }
        if (elementIds is not null)
        {
            var elements = elementIds.Distinct().ToList();
            query = query.Where(t => t.ElementId != null && elements.Contains(t.ElementId));
        }
        return await query.ToListAsync(ct);
    }

    public async Task<IReadOnlyList<CaseTimer>> TimersAsync(IReadOnlyCollection<Guid> instanceIds, CancellationToken ct = default)
    {
        var list = instanceIds.Distinct().ToList();
        await using var db = store.CreateContext();
        return await db.Subscriptions.AsNoTracking()
            .Where(s => s.Kind == SubscriptionKind.Timer && s.InstanceId != null && list.Contains(s.InstanceId.Value))
            .Select(s => new CaseTimer(s.InstanceId!.Value, s.ElementId, s.DueAt)).ToListAsync(ct);
    }

    public async Task<DateTimeOffset?> LastChangeAsync(CaseScope scope, CancellationToken ct = default)
    {
        await using var db = store.CreateContext();
        return await Instances(db, scope).MaxAsync(i => (DateTimeOffset?)i.UpdatedAt, ct);
    }

    public async Task<IReadOnlyList<CaseChange>> ChangedSinceAsync(CaseScope scope, DateTimeOffset since, CancellationToken ct = default)
    {
        await using var db = store.CreateContext();
        return await Instances(db, scope).Where(i => i.UpdatedAt >= since)
            .Select(i => new CaseChange(i.Id, i.ParentInstanceId, i.Version, i.UpdatedAt, i.SchoolId, i.Step, i.Status)).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<WaitingTimer>> WaitingTimersAsync(CaseScope scope, CancellationToken ct = default)
    {
        await using var db = store.CreateContext();
        return await db.Subscriptions.AsNoTracking().Where(s => s.Kind == SubscriptionKind.Timer)
            .Join(Instances(db, scope).Where(i => i.Status == InstanceStatus.Running || i.Status == InstanceStatus.Incident),
                s => s.InstanceId, i => i.Id, (s, i) => new WaitingTimer(i.Id, i.ParentInstanceId ?? i.Id, i.SchoolId, s.ElementId, s.DueAt))
            .ToListAsync(ct);
    }

    /// <summary>Top-level instances of the scope's schools.</summary>
    internal static IQueryable<InstanceRecord> Cases(WorkflowDbContext db, CaseScope scope) =>
        Instances(db, scope).Where(i => i.ParentInstanceId == null);

    /// <summary>Instances (cases and the sub-cases they called) of the scope's schools.</summary>
    internal static IQueryable<InstanceRecord> Instances(WorkflowDbContext db, CaseScope scope)
    {
        if (scope.AllSchools) return db.Instances.AsNoTracking();
        var schools = scope.Schools.ToList();
        return db.Instances.AsNoTracking().Where(i => i.SchoolId != null && schools.Contains(i.SchoolId));
    }

    // a projection, so the execution state (the largest column) is never read for a reader
    private static IQueryable<CaseInstance> Project(IQueryable<InstanceRecord> query) =>
        query.Select(r => new CaseInstance(r.Id, r.DefinitionId, r.ProcessId, r.DefinitionVersion, r.BusinessKey, r.Status, r.SchoolId, r.Step, r.Variables,
            r.ParentInstanceId, r.StartedAt, r.EndedAt, r.UpdatedAt));
}
