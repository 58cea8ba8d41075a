using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Verzuim.Workflows.Stores;

namespace Verzuim.Persistence;

/// <summary>
/// The engine's unit of work on EF Core: one context, one read-committed transaction. "Tracked" rows are the
/// context's tracked entities (identity resolution gives one object per row); read-only ones are not tracked.
/// On PostgreSQL due timers are claimed with FOR UPDATE SKIP LOCKED and the locks are transaction-scoped advisory
/// locks; SQLite allows one writer at a time, which serializes both already.
/// </summary>
internal sealed class EfWorkflowUnitOfWork(WorkflowDbContext db, IDbContextTransaction transaction) : IWorkflowUnitOfWork, IEfUnitOfWork
{
    public WorkflowDbContext Db { get; } = db;

    // ---- definitions --------------------------------------------------------------------------------------

    public Task<DefinitionRecord?> FindDefinitionAsync(Guid id, CancellationToken ct = default) =>
        Db.Definitions.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, ct);

    public Task<DefinitionRecord?> LatestPublishedAsync(string processId, CancellationToken ct = default) =>
        LatestPublished(Db.Definitions.AsNoTracking(), processId).FirstOrDefaultAsync(ct);

    public Task<DefinitionRecord?> LatestPublishedForUpdateAsync(string processId, CancellationToken ct = default) =>
        LatestPublished(Db.Definitions, processId).FirstOrDefaultAsync(ct);

    private static IQueryable<DefinitionRecord> LatestPublished(IQueryable<DefinitionRecord> definitions, string processId) =>
        definitions.Where(d => d.ProcessId == processId && d.Status != DefinitionStatus.Draft).OrderByDescending(d => d.Version);

    public Task<DefinitionRecord?> PublishedVersionAsync(string processId, int version, CancellationToken ct = default) =>
        Db.Definitions.AsNoTracking()
            .FirstOrDefaultAsync(d => d.ProcessId == processId && d.Version == version && d.Status != DefinitionStatus.Draft, ct);

    public Task<List<DefinitionRecord>> DraftsAsync(string processId, CancellationToken ct = default) =>
        Db.Definitions.Where(d => d.ProcessId == processId && d.Status == DefinitionStatus.Draft).ToListAsync(ct);

    public async Task<int> MaxVersionAsync(string processId, bool includeDrafts, CancellationToken ct = default)
    {
        var versions = Db.Definitions.Where(d => d.ProcessId == processId);
        if (!includeDrafts) versions = versions.Where(d => d.Status != DefinitionStatus.Draft);
        return await versions.MaxAsync(d => (int?)d.Version, ct) ?? 0;
    }

    public void AddDefinition(DefinitionRecord definition) => Db.Definitions.Add(definition);
    public void RemoveDefinition(DefinitionRecord definition) => Db.Definitions.Remove(definition);

    // ---- instances ----------------------------------------------------------------------------------------

    public Task<InstanceRecord?> FindInstanceAsync(Guid id, CancellationToken ct = default) =>
        Db.Instances.FirstOrDefaultAsync(i => i.Id == id, ct);

    public Task<Guid?> ParentOfAsync(Guid id, CancellationToken ct = default) =>
        Db.Instances.AsNoTracking().Where(i => i.Id == id).Select(i => i.ParentInstanceId).FirstOrDefaultAsync(ct);

    public Task<bool> HasOpenCaseAsync(string processId, string businessKey, CancellationToken ct = default) =>
        Db.Instances.AnyAsync(i => i.ProcessId == processId && i.BusinessKey == businessKey && i.ParentInstanceId == null
                                   && (i.Status == InstanceStatus.Running || i.Status == InstanceStatus.Incident), ct);

    public Task<List<Guid>> OpenCasesAsync(string businessKey, CancellationToken ct = default) =>
        Db.Instances.AsNoTracking()
            .Where(i => i.BusinessKey == businessKey && i.ParentInstanceId == null
                        && (i.Status == InstanceStatus.Running || i.Status == InstanceStatus.Incident))
            .Select(i => i.Id).ToListAsync(ct);

    public void AddInstance(InstanceRecord instance) => Db.Instances.Add(instance);

    // ---- subscriptions ------------------------------------------------------------------------------------

    public Task<List<SubscriptionRecord>> SubscriptionsOfInstanceAsync(Guid instanceId, CancellationToken ct = default) =>
        Db.Subscriptions.Where(s => s.InstanceId == instanceId).ToListAsync(ct);

    public Task<List<SubscriptionRecord>> WaitingForMessageAsync(string messageName, string? correlationKey, CancellationToken ct = default) =>
        Db.Subscriptions
            .Where(s => s.Kind == SubscriptionKind.Message && s.MessageName == messageName
                        && (s.CorrelationKey == null || s.CorrelationKey == correlationKey))
            .ToListAsync(ct);

    public Task<List<SubscriptionRecord>> MessageStartsAsync(string messageName, CancellationToken ct = default) =>
        Db.Subscriptions.AsNoTracking().Where(s => s.Kind == SubscriptionKind.MessageStart && s.MessageName == messageName).ToListAsync(ct);

    public Task<List<SubscriptionRecord>> StartSubscriptionsOfProcessAsync(string processId, CancellationToken ct = default) =>
        Db.Subscriptions
            .Where(s => (s.Kind == SubscriptionKind.MessageStart || s.Kind == SubscriptionKind.TimerStart)
                        && Db.Definitions.Any(d => d.Id == s.DefinitionId && d.ProcessId == processId))
            .ToListAsync(ct);

    public Task<List<SubscriptionRecord>> ClaimDueTimersAsync(DateTimeOffset now, int max, IReadOnlyCollection<Guid> except, CancellationToken ct = default)
    {
        if (Db.SupportsRowLocks)
        {
            var skip = except.ToArray();
            return Db.Subscriptions.FromSqlInterpolated($"""
                SELECT * FROM subscriptions
                WHERE "Kind" IN ('Timer', 'TimerStart') AND "DueAt" <= {now} AND NOT ("Id" = ANY({skip}))
                ORDER BY "DueAt", "ElementId" COLLATE "C" LIMIT {max} FOR UPDATE SKIP LOCKED
                """).ToListAsync(ct);
        }
        return Db.Subscriptions
            .Where(s => (s.Kind == SubscriptionKind.Timer || s.Kind == SubscriptionKind.TimerStart) && s.DueAt <= now && !except.Contains(s.Id))
            .OrderBy(s => s.DueAt).ThenBy(s => s.ElementId).Take(max).ToListAsync(ct); // SQLite compares text bytewise, like "C" above
    }

    public void AddSubscription(SubscriptionRecord subscription) => Db.Subscriptions.Add(subscription);
    public void RemoveSubscription(SubscriptionRecord subscription) => Db.Subscriptions.Remove(subscription);

    // ---- tasks, history, incidents ------------------------------------------------------------------------

    public Task<TaskRecord?> FindTaskAsync(Guid id, CancellationToken ct = default) => Db.Tasks.FirstOrDefaultAsync(t => t.Id == id, ct);

    public Task<List<TaskRecord>> OpenTasksOfInstanceAsync(Guid instanceId, CancellationToken ct = default) =>
        Db.Tasks.Where(t => t.InstanceId == instanceId && t.Status == WorkTaskStatus.Open).ToListAsync(ct);

    public void AddTask(TaskRecord task) => Db.Tasks.Add(task);
    public void AddTimeline(TimelineRecord entry) => Db.Timeline.Add(entry);
    public void AddOutbox(OutboxRecord message) => Db.Outbox.Add(message);

    public async Task<IncidentRecord?> FindIncidentAsync(Guid id, CancellationToken ct = default) => await Db.Incidents.FindAsync([id], ct);

    public void AddIncident(IncidentRecord incident) => Db.Incidents.Add(incident);

    // ---- messages -----------------------------------------------------------------------------------------

    public Task<string?> ProcessedMessageNameAsync(Guid messageId, CancellationToken ct = default) =>
        Db.ProcessedMessages.AsNoTracking().Where(p => p.MessageId == messageId).Select(p => p.MessageName).FirstOrDefaultAsync(ct);

    public void AddProcessedMessage(ProcessedMessageRecord message) => Db.ProcessedMessages.Add(message);

    public Task<List<BufferedMessageRecord>> BufferedMessagesAsync(string messageName, string? correlationKey, DateTimeOffset now, CancellationToken ct = default)
    {
        var query = Db.BufferedMessages.Where(b => b.MessageName == messageName && b.ExpiresAt > now);
        if (correlationKey is not null) query = query.Where(b => b.CorrelationKey == correlationKey);
        return query.OrderBy(b => b.ReceivedAt).ToListAsync(ct);
    }

    public void AddBufferedMessage(BufferedMessageRecord message) => Db.BufferedMessages.Add(message);
    public void RemoveBufferedMessage(BufferedMessageRecord message) => Db.BufferedMessages.Remove(message);

    // ---- locks ----------------------------------------------------------------------------------------------

    public async Task LockPublishingAsync(CancellationToken ct = default)
    {
        if (Db.SupportsRowLocks) await Db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(hashtextextended('verzuim:publiceren', 0))", ct);
    }

    public async Task LockCorrelationAsync(string messageName, string? correlationKey, bool forIncomingMessage, CancellationToken ct = default)
    {
        if (!Db.SupportsRowLocks) return;
        var nameWide = messageName + "\u0001*";
        if (correlationKey is not null)
        {
            var keyed = messageName + "\u0001" + correlationKey;
            await Db.Database.ExecuteSqlInterpolatedAsync($"SELECT pg_advisory_xact_lock(hashtextextended({keyed}, 0))", ct);
        }
        if (forIncomingMessage)
            await Db.Database.ExecuteSqlInterpolatedAsync($"SELECT pg_advisory_xact_lock_shared(hashtextextended({nameWide}, 0))", ct);
        else if (correlationKey is null)
            await Db.Database.ExecuteSqlInterpolatedAsync($"SELECT pg_advisory_xact_lock(hashtextextended({nameWide}, 0))", ct);
    }

    // ---- several messages in one unit of work (a batch) ----------------------------------------------------

    public async Task<Dictionary<Guid, string>> ProcessedMessageNamesAsync(IReadOnlyCollection<Guid> messageIds, CancellationToken ct = default)
    {
        var ids = messageIds.Distinct().ToArray();
        return await Db.ProcessedMessages.AsNoTracking().Where(p => ids.Contains(p.MessageId))
            .ToDictionaryAsync(p => p.MessageId, p => p.MessageName, ct);
    }

    public async Task LockIncomingAsync(IReadOnlyCollection<(string MessageName, string? CorrelationKey)> messages, CancellationToken ct = default)
    {
        if (!Db.SupportsRowLocks || messages.Count == 0) return;
        // the same locks LockCorrelationAsync takes for each, keys before names, each set in ordinal order, in one round trip
        var keyed = messages.Where(m => m.CorrelationKey is not null).Select(m => m.MessageName + "\u0001" + m.CorrelationKey)
            .Distinct().Order(StringComparer.Ordinal).ToArray();
        var names = messages.Select(m => m.MessageName + "\u0001*").Distinct().Order(StringComparer.Ordinal).ToArray();
        await Db.Database.ExecuteSqlInterpolatedAsync($"""
            SELECT count(pg_advisory_xact_lock(hashtextextended(k, 0))) FROM unnest({keyed}::text[]) AS k;
            SELECT count(pg_advisory_xact_lock_shared(hashtextextended(k, 0))) FROM unnest({names}::text[]) AS k
            """, ct);
    }

    public Task<List<SubscriptionRecord>> WaitingForMessagesAsync(IReadOnlyCollection<(string MessageName, string? CorrelationKey)> messages,
        CancellationToken ct = default)
    {
        var names = messages.Select(m => m.MessageName).Distinct().ToArray();
        var keys = messages.Where(m => m.CorrelationKey is not null).Select(m => m.CorrelationKey!).Distinct().ToArray();
        return Db.Subscriptions
            .Where(s => s.Kind == SubscriptionKind.Message && names.Contains(s.MessageName!)
                        && (s.CorrelationKey == null || keys.Contains(s.CorrelationKey)))
            .ToListAsync(ct);
    }

    public Task<List<InstanceRecord>> FindInstancesAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct = default)
    {
        var wanted = ids.Distinct().ToArray();
        return Db.Instances.Where(i => wanted.Contains(i.Id)).ToListAsync(ct);
    }

    public Task<List<SubscriptionRecord>> SubscriptionsOfInstancesAsync(IReadOnlyCollection<Guid> instanceIds, CancellationToken ct = default)
    {
        var wanted = instanceIds.Distinct().ToArray();
        return Db.Subscriptions.Where(s => s.InstanceId != null && wanted.Contains(s.InstanceId.Value)).ToListAsync(ct);
    }

    public Task<List<TaskRecord>> OpenTasksOfInstancesAsync(IReadOnlyCollection<Guid> instanceIds, CancellationToken ct = default)
    {
        var wanted = instanceIds.Distinct().ToArray();
        return Db.Tasks.Where(t => wanted.Contains(t.InstanceId) && t.Status == WorkTaskStatus.Open).ToListAsync(ct);
    }

    // ---- finishing ----------------------------------------------------------------------------------------

    public Task SaveAsync(CancellationToken ct = default) => Db.SaveChangesAsync(ct);

    public async Task CommitAsync(CancellationToken ct = default)
    {
        await Db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        await Db.DisposeAsync();
    }
}
