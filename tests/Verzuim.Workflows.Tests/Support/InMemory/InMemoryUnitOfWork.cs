using Verzuim.Workflows.Stores;

namespace Verzuim.Workflows.Tests.Support.InMemory;

/// <summary>One unit of work of <see cref="InMemoryWorkflowStore"/>: its own copies of the rows it read for change, and what it added or removed.</summary>
internal sealed class InMemoryUnitOfWork(InMemoryWorkflowStore store) : IWorkflowUnitOfWork
{
    private enum State { Read, Added, Removed }

    private sealed class Entry(object current, object? original, long stamp, State state)
    {
        public object Current { get; } = current;
        public object? Original { get; } = original;
        public long Stamp { get; } = stamp;
        public State State { get; set; } = state;
    }

    // insertion order kept: store-generated keys (timeline ids) follow the order rows were added, as on the database
    private readonly Dictionary<(Type, object), Entry> _tracked = [];
    private readonly List<Entry> _order = [];
    private readonly List<Guid> _claimed = [];
    private bool _holdsWriterLock;
    private bool _done;

    // ---- reading -------------------------------------------------------------------------------------------

    /// <summary>
    /// The rows of a kind as this unit of work sees them: committed ones (its own copy where it has one), minus what it
    /// removed, plus what it added. Tracked rows are this unit's copies (one object per row); others are fresh copies.
    /// </summary>
    private List<T> Query<T>(Func<T, bool> where, bool track) where T : class
    {
        var result = new List<T>();
        lock (store.Gate)
        {
            if (store.Tables.TryGetValue(typeof(T), out var table))
                foreach (var (key, row) in table)
                {
                    if (_tracked.TryGetValue((typeof(T), key), out var entry))
                    {
                        if (entry.State != State.Removed && where((T)entry.Current)) result.Add((T)entry.Current);
                        continue;
                    }
                    var value = (T)row.Value;
                    if (!where(value)) continue;
                    if (!track) { result.Add(InMemoryWorkflowStore.Copy(value)); continue; }
                    var copy = InMemoryWorkflowStore.Copy(value);
                    Track(new Entry(copy, InMemoryWorkflowStore.Copy(value), row.Stamp, State.Read), key);
                    result.Add(copy);
                }
        }
        foreach (var entry in _order)
            if (entry.State == State.Added && entry.Current is T added && where(added) && !result.Contains(added)) result.Add(added);
        return result;
    }

    private void Track(Entry entry, object key)
    {
        _tracked[(entry.Current.GetType(), key)] = entry;
        _order.Add(entry);
    }

    private void Add(object row)
    {
        ThrowIfDone();
        // identity keys are 0 until commit: such rows are kept by reference only
        var key = row is TimelineRecord or OutboxRecord ? new object() : InMemoryWorkflowStore.KeyOf(row);
        if (_tracked.TryGetValue((row.GetType(), key), out var existing) && existing.State != State.Removed)
            throw new InvalidOperationException($"{row.GetType().Name} {key} wordt twee keer toegevoegd.");
        Track(new Entry(row, null, 0, State.Added), key);
    }

    private void Remove(object row)
    {
        ThrowIfDone();
        var entry = _order.FirstOrDefault(e => ReferenceEquals(e.Current, row))
            ?? throw new InvalidOperationException($"{row.GetType().Name} is niet in deze eenheid van werk gelezen.");
        if (entry.State == State.Added) _order.Remove(entry);
        entry.State = State.Removed;
    }

    private static Task<T> Done<T>(T value) => Task.FromResult(value);

    // ---- definitions --------------------------------------------------------------------------------------

    public Task<DefinitionRecord?> FindDefinitionAsync(Guid id, CancellationToken ct = default) =>
        Done(Query<DefinitionRecord>(d => d.Id == id, track: false).FirstOrDefault());

    private List<DefinitionRecord> LatestPublished(string processId, bool track) =>
        Query<DefinitionRecord>(d => d.ProcessId == processId && d.Status != DefinitionStatus.Draft, track).OrderByDescending(d => d.Version).ToList();

    public Task<DefinitionRecord?> LatestPublishedAsync(string processId, CancellationToken ct = default) =>
        Done(LatestPublished(processId, track: false).FirstOrDefault());

    public Task<DefinitionRecord?> LatestPublishedForUpdateAsync(string processId, CancellationToken ct = default) =>
        Done(LatestPublished(processId, track: true).FirstOrDefault());

    public Task<DefinitionRecord?> PublishedVersionAsync(string processId, int version, CancellationToken ct = default) =>
        Done(Query<DefinitionRecord>(d => d.ProcessId == processId && d.Version == version && d.Status != DefinitionStatus.Draft, track: false).FirstOrDefault());

    public Task<List<DefinitionRecord>> DraftsAsync(string processId, CancellationToken ct = default) =>
        Done(Query<DefinitionRecord>(d => d.ProcessId == processId && d.Status == DefinitionStatus.Draft, track: true));

    public Task<int> MaxVersionAsync(string processId, bool includeDrafts, CancellationToken ct = default) =>
        Done(Query<DefinitionRecord>(d => d.ProcessId == processId && (includeDrafts || d.Status != DefinitionStatus.Draft), track: false)
            .Select(d => d.Version).DefaultIfEmpty(0).Max());

    public void AddDefinition(DefinitionRecord definition) => Add(definition);
    public void RemoveDefinition(DefinitionRecord definition) => Remove(definition);

    // ---- instances ----------------------------------------------------------------------------------------

    private static bool IsOpenCase(InstanceRecord i) => i.ParentInstanceId is null && i.Status is InstanceStatus.Running or InstanceStatus.Incident;

    public Task<InstanceRecord?> FindInstanceAsync(Guid id, CancellationToken ct = default) =>
        Done(Query<InstanceRecord>(i => i.Id == id, track: true).FirstOrDefault());

    public Task<Guid?> ParentOfAsync(Guid id, CancellationToken ct = default) =>
        Done(Query<InstanceRecord>(i => i.Id == id, track: false).FirstOrDefault()?.ParentInstanceId);

    public Task<bool> HasOpenCaseAsync(string processId, string businessKey, CancellationToken ct = default) =>
        Done(Query<InstanceRecord>(i => i.ProcessId == processId && i.BusinessKey == businessKey && IsOpenCase(i), track: false).Count > 0);

    public Task<List<Guid>> OpenCasesAsync(string businessKey, CancellationToken ct = default) =>
        Done(Query<InstanceRecord>(i => i.BusinessKey == businessKey && IsOpenCase(i), track: false).Select(i => i.Id).ToList());

    public void AddInstance(InstanceRecord instance) => Add(instance);

    // ---- subscriptions ------------------------------------------------------------------------------------

    public Task<List<SubscriptionRecord>> SubscriptionsOfInstanceAsync(Guid instanceId, CancellationToken ct = default) =>
        Done(Query<SubscriptionRecord>(s => s.InstanceId == instanceId, track: true));

    public Task<List<SubscriptionRecord>> WaitingForMessageAsync(string messageName, string? correlationKey, CancellationToken ct = default) =>
        Done(Query<SubscriptionRecord>(s => s.Kind == SubscriptionKind.Message && s.MessageName == messageName
                                            && (s.CorrelationKey == null || s.CorrelationKey == correlationKey), track: true));

    public Task<List<SubscriptionRecord>> MessageStartsAsync(string messageName, CancellationToken ct = default) =>
        Done(Query<SubscriptionRecord>(s => s.Kind == SubscriptionKind.MessageStart && s.MessageName == messageName, track: false));

    public Task<List<SubscriptionRecord>> StartSubscriptionsOfProcessAsync(string processId, CancellationToken ct = default)
    {
        var versions = Query<DefinitionRecord>(d => d.ProcessId == processId, track: false).Select(d => d.Id).ToHashSet();
        return Done(Query<SubscriptionRecord>(s => s.Kind is SubscriptionKind.MessageStart or SubscriptionKind.TimerStart
                                                   && s.DefinitionId is { } d && versions.Contains(d), track: true));
    }

    public Task<List<SubscriptionRecord>> ClaimDueTimersAsync(DateTimeOffset now, int max, IReadOnlyCollection<Guid> except, CancellationToken ct = default)
    {
        ThrowIfDone();
        lock (store.Gate)
        {
            var due = Query<SubscriptionRecord>(s => s.Kind is SubscriptionKind.Timer or SubscriptionKind.TimerStart && s.DueAt <= now
                                                     && !store.ClaimedTimers.Contains(s.Id) && !except.Contains(s.Id) && !_order.Any(e => e.State == State.Added && ReferenceEquals(e.Current, s)),
                    track: true)
                .OrderBy(s => s.DueAt).ThenBy(s => s.ElementId, StringComparer.Ordinal).Take(max).ToList();
            foreach (var timer in due)
            {
                store.ClaimedTimers.Add(timer.Id);
                _claimed.Add(timer.Id);
            }
            return Done(due);
        }
    }

    public void AddSubscription(SubscriptionRecord subscription) => Add(subscription);
    public void RemoveSubscription(SubscriptionRecord subscription) => Remove(subscription);

    // ---- tasks, history, incidents ------------------------------------------------------------------------

    public Task<TaskRecord?> FindTaskAsync(Guid id, CancellationToken ct = default) => Done(Query<TaskRecord>(t => t.Id == id, track: true).FirstOrDefault());

    public Task<List<TaskRecord>> OpenTasksOfInstanceAsync(Guid instanceId, CancellationToken ct = default) =>
        Done(Query<TaskRecord>(t => t.InstanceId == instanceId && t.Status == WorkTaskStatus.Open, track: true));

    public void AddTask(TaskRecord task) => Add(task);
    public void AddTimeline(TimelineRecord entry) => Add(entry);
    public void AddOutbox(OutboxRecord message) => Add(message);

    public Task<IncidentRecord?> FindIncidentAsync(Guid id, CancellationToken ct = default) =>
        Done(Query<IncidentRecord>(i => i.Id == id, track: true).FirstOrDefault());

    public void AddIncident(IncidentRecord incident) => Add(incident);

    // ---- messages -----------------------------------------------------------------------------------------

    public Task<string?> ProcessedMessageNameAsync(Guid messageId, CancellationToken ct = default) =>
        Done(Query<ProcessedMessageRecord>(p => p.MessageId == messageId, track: false).FirstOrDefault()?.MessageName);

    public void AddProcessedMessage(ProcessedMessageRecord message) => Add(message);

    public Task<List<BufferedMessageRecord>> BufferedMessagesAsync(string messageName, string? correlationKey, DateTimeOffset now, CancellationToken ct = default) =>
        Done(Query<BufferedMessageRecord>(b => b.MessageName == messageName && b.ExpiresAt > now
                                               && (correlationKey == null || b.CorrelationKey == correlationKey), track: true)
            .OrderBy(b => b.ReceivedAt).ToList());

    public void AddBufferedMessage(BufferedMessageRecord message) => Add(message);
    public void RemoveBufferedMessage(BufferedMessageRecord message) => Remove(message);

    // ---- locks ----------------------------------------------------------------------------------------------

    public Task LockPublishingAsync(CancellationToken ct = default) => TakeWriterLockAsync(ct);

    public Task LockCorrelationAsync(string messageName, string? correlationKey, bool forIncomingMessage, CancellationToken ct = default) =>
        TakeWriterLockAsync(ct);

    private async Task TakeWriterLockAsync(CancellationToken ct)
    {
        ThrowIfDone();
        if (_holdsWriterLock) return;
        await store.WriterLock.WaitAsync(ct);
        _holdsWriterLock = true;
    }

    // ---- finishing ----------------------------------------------------------------------------------------

    /// <summary>Nothing to write early: this unit of work already sees its own changes, and commit checks the final rows.</summary>
    public Task SaveAsync(CancellationToken ct = default)
    {
        ThrowIfDone();
        return Task.CompletedTask;
    }

    public Task CommitAsync(CancellationToken ct = default)
    {
        ThrowIfDone();
        lock (store.Gate)
        {
            var writes = new List<(Entry Entry, Type Type, object Key)>();
            foreach (var ((type, key), entry) in _tracked)
            {
                var committed = store.Tables.GetValueOrDefault(type)?.GetValueOrDefault(key);
                switch (entry.State)
                {
                    case State.Added:
                        if (entry.Current is not (TimelineRecord or OutboxRecord) && committed is not null)
                            throw new InMemoryConflictException($"{type.Name} {key} bestaat al.");
                        writes.Add((entry, type, key));
                        break;
                    case State.Removed when entry.Original is not null:
                    case State.Read when !InMemoryWorkflowStore.SameValues(entry.Current, entry.Original!):
                        if (committed is null || committed.Stamp != entry.Stamp)
                            throw new InMemoryConflictException($"{type.Name} {key} is intussen door een andere opdracht gewijzigd.");
                        writes.Add((entry, type, key));
                        break;
                }
            }
            foreach (var group in writes.GroupBy(w => w.Type))
            {
                var after = new Dictionary<object, object>(store.Tables.GetValueOrDefault(group.Key)?.ToDictionary(r => r.Key, r => r.Value.Value) ?? []);
                foreach (var (entry, _, key) in group)
                    if (entry.State == State.Removed) after.Remove(key);
                    else after[key] = entry.Current;
                if (InMemoryWorkflowStore.UniqueViolation(group.Key, after.Values) is { } violation) throw new InMemoryConflictException(violation);
            }
            // apply in the order rows were first touched, so identity keys follow insertion order
            foreach (var entry in _order)
            {
                var write = writes.FirstOrDefault(w => ReferenceEquals(w.Entry, entry));
                if (write.Entry is null) continue;
                var table = store.Tables.TryGetValue(write.Type, out var t) ? t : store.Tables[write.Type] = [];
                if (entry.State == State.Removed) { table.Remove(write.Key); continue; }
                store.AssignIdentity(entry.Current);
                var key = InMemoryWorkflowStore.KeyOf(entry.Current);
                var stamp = table.TryGetValue(key, out var old) ? old.Stamp + 1 : 1;
                table[key] = new InMemoryWorkflowStore.Row(InMemoryWorkflowStore.Copy(entry.Current), stamp);
            }
        }
        _done = true;
        return Task.CompletedTask;
    }

    private void ThrowIfDone()
    {
        if (_done) throw new InvalidOperationException("Deze eenheid van werk is al vastgelegd.");
    }

    public ValueTask DisposeAsync()
    {
        lock (store.Gate)
            foreach (var id in _claimed) store.ClaimedTimers.Remove(id);
        _claimed.Clear();
        if (_holdsWriterLock) store.WriterLock.Release();
        _holdsWriterLock = false;
        _done = true;
        return ValueTask.CompletedTask;
    }
}
