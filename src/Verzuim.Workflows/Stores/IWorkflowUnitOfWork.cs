
namespace Verzuim.Workflows.Stores;

/// <summary>
/// One command's reads and writes in one transaction. Rows a method returns for change ("tracked") are this unit's
/// own copies, one object per row however often it is read: changes to them and everything added or removed are
/// written by <see cref="SaveAsync"/> or <see cref="CommitAsync"/>. Read-only results must not be changed.
/// A concurrent writer's conflicting change (the instance's version check, a row claimed elsewhere) makes
/// <see cref="CommitAsync"/> fail with an exception the store's <see cref="IWorkflowStore.IsTransient"/> accepts.
/// Disposing without committing rolls everything back.
/// </summary>
public interface IWorkflowUnitOfWork : IAsyncDisposable
{
    // ---- definitions --------------------------------------------------------------------------------------

    /// <summary>Read-only.</summary>
    Task<DefinitionRecord?> FindDefinitionAsync(Guid id, CancellationToken ct = default);

    /// <summary>The highest published or retired version of a process (never a draft). Read-only.</summary>
    Task<DefinitionRecord?> LatestPublishedAsync(string processId, CancellationToken ct = default);

    /// <summary><see cref="LatestPublishedAsync"/>, tracked: publishing retires it.</summary>
    Task<DefinitionRecord?> LatestPublishedForUpdateAsync(string processId, CancellationToken ct = default);

    /// <summary>A published or retired version (not a draft). Read-only.</summary>
    Task<DefinitionRecord?> PublishedVersionAsync(string processId, int version, CancellationToken ct = default);

    /// <summary>The process' drafts (at most one in practice). Tracked.</summary>
    Task<List<DefinitionRecord>> DraftsAsync(string processId, CancellationToken ct = default);

    /// <summary>The highest version number of the process, drafts included or not; 0 when there is none.</summary>
    Task<int> MaxVersionAsync(string processId, bool includeDrafts, CancellationToken ct = default);

    void AddDefinition(DefinitionRecord definition);
    void RemoveDefinition(DefinitionRecord definition);

    // ---- instances ----------------------------------------------------------------------------------------

    /// <summary>Tracked; the version check applies to it at commit.</summary>
    Task<InstanceRecord?> FindInstanceAsync(Guid id, CancellationToken ct = default);

    /// <summary>The instance's caller, null for a case or an unknown id. Read-only.</summary>
    Task<Guid?> ParentOfAsync(Guid id, CancellationToken ct = default);

    /// <summary>Whether a case (no caller) of the process runs or stands on an incident for the business key.</summary>
    Task<bool> HasOpenCaseAsync(string processId, string businessKey, CancellationToken ct = default);

    /// <summary>The ids of every open case (running or on an incident, no caller) of the business key, any process.</summary>
    Task<List<Guid>> OpenCasesAsync(string businessKey, CancellationToken ct = default);

    void AddInstance(InstanceRecord instance);

    // ---- subscriptions ------------------------------------------------------------------------------------

    /// <summary>The instance's waits. Tracked.</summary>
    Task<List<SubscriptionRecord>> SubscriptionsOfInstanceAsync(Guid instanceId, CancellationToken ct = default);

    /// <summary>Message waits of that name whose key equals <paramref name="correlationKey"/> or that declared none. Tracked, any order.</summary>
    Task<List<SubscriptionRecord>> WaitingForMessageAsync(string messageName, string? correlationKey, CancellationToken ct = default);

    /// <summary>Message start subscriptions of that name. Read-only.</summary>
    Task<List<SubscriptionRecord>> MessageStartsAsync(string messageName, CancellationToken ct = default);

    /// <summary>Message and timer start subscriptions of every version of the process. Tracked.</summary>
    Task<List<SubscriptionRecord>> StartSubscriptionsOfProcessAsync(string processId, CancellationToken ct = default);

    /// <summary>
    /// Up to <paramref name="max"/> timers (intermediate, boundary, timer start) due at <paramref name="now"/>, earliest
    /// first and by element id (ordinal) at one instant. Claimed: a concurrent unit of work skips them until this one
    /// ends, so each firing happens once across hosts. Timers in <paramref name="except"/> are passed over (this call
    /// already failed them). Tracked.
    /// </summary>
    Task<List<SubscriptionRecord>> ClaimDueTimersAsync(DateTimeOffset now, int max, IReadOnlyCollection<Guid> except, CancellationToken ct = default);

    void AddSubscription(SubscriptionRecord subscription);
    void RemoveSubscription(SubscriptionRecord subscription);

    // ---- tasks, history, incidents ------------------------------------------------------------------------

    /// <summary>Tracked.</summary>
    Task<TaskRecord?> FindTaskAsync(Guid id, CancellationToken ct = default);

    /// <summary>The instance's open tasks. Tracked.</summary>
    Task<List<TaskRecord>> OpenTasksOfInstanceAsync(Guid instanceId, CancellationToken ct = default);

    void AddTask(TaskRecord task);
    void AddTimeline(TimelineRecord entry);
    void AddOutbox(OutboxRecord message);

    /// <summary>Tracked; finds one added in this unit of work too.</summary>
    Task<IncidentRecord?> FindIncidentAsync(Guid id, CancellationToken ct = default);

    void AddIncident(IncidentRecord incident);

    // ---- messages -----------------------------------------------------------------------------------------

    /// <summary>The name of the message already processed under this id, or null.</summary>
    Task<string?> ProcessedMessageNameAsync(Guid messageId, CancellationToken ct = default);

    void AddProcessedMessage(ProcessedMessageRecord message);

    /// <summary>
    /// Unexpired buffered messages of that name, oldest first; with a key only those with that key, without one
    /// every key. Tracked.
    /// </summary>
    Task<List<BufferedMessageRecord>> BufferedMessagesAsync(string messageName, string? correlationKey, DateTimeOffset now, CancellationToken ct = default);

    void AddBufferedMessage(BufferedMessageRecord message);
    void RemoveBufferedMessage(BufferedMessageRecord message);

    // ---- locks ----------------------------------------------------------------------------------------------

    /// <summary>Publishing is one at a time until this unit of work ends, so two publishes cannot each miss the other's half of a call cycle.</summary>
    Task LockPublishingAsync(CancellationToken ct = default);

    /// <summary>
    /// Serializes "buffer an unmatched message" against "open a wait and look in the buffer" for the same message name
    /// and key until this unit of work ends: an incoming keyed message holds its key exclusively and the name shared;
    /// a wait without a key (it matches every key) holds the name exclusively.
    /// </summary>
    Task LockCorrelationAsync(string messageName, string? correlationKey, bool forIncomingMessage, CancellationToken ct = default);

    // ---- several messages in one unit of work (a batch) ----------------------------------------------------
    // Each is what the single-row method above does for every item, in fewer round trips; the defaults do it one by one.

    /// <summary>The names of the messages already processed under these ids; an id not processed is absent.</summary>
    async Task<Dictionary<Guid, string>> ProcessedMessageNamesAsync(IReadOnlyCollection<Guid> messageIds, CancellationToken ct = default)
    {
        var names = new Dictionary<Guid, string>();
        foreach (var id in messageIds)
            if (await ProcessedMessageNameAsync(id, ct) is { } name) names[id] = name;
        return names;
    }

    /// <summary>
    /// <see cref="LockCorrelationAsync"/> for incoming messages, for each name and key at once. The keys are locked in
    /// ordinal order before the names, whoever calls, so two units of work locking overlapping sets cannot deadlock.
    /// </summary>
    async Task LockIncomingAsync(IReadOnlyCollection<(string MessageName, string? CorrelationKey)> messages, CancellationToken ct = default)
    {
        foreach (var (name, key) in messages.Distinct().OrderBy(m => m.MessageName, StringComparer.Ordinal).ThenBy(m => m.CorrelationKey, StringComparer.Ordinal))
            await LockCorrelationAsync(name, key, forIncomingMessage: true, ct);
    }

    /// <summary><see cref="WaitingForMessageAsync"/> for each name and key (a superset may come back). Tracked.</summary>
    async Task<List<SubscriptionRecord>> WaitingForMessagesAsync(IReadOnlyCollection<(string MessageName, string? CorrelationKey)> messages,
        CancellationToken ct = default)
    {
        var waiting = new List<SubscriptionRecord>();
        foreach (var (name, key) in messages.Distinct())
            foreach (var subscription in await WaitingForMessageAsync(name, key, ct))
                if (!waiting.Contains(subscription)) waiting.Add(subscription);
        return waiting;
    }

    /// <summary><see cref="FindInstanceAsync"/> for each id; unknown ids are absent. Tracked.</summary>
    async Task<List<InstanceRecord>> FindInstancesAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct = default)
    {
        var instances = new List<InstanceRecord>();
        foreach (var id in ids)
            if (await FindInstanceAsync(id, ct) is { } instance) instances.Add(instance);
        return instances;
    }

    /// <summary>The waits of each instance. Tracked.</summary>
    async Task<List<SubscriptionRecord>> SubscriptionsOfInstancesAsync(IReadOnlyCollection<Guid> instanceIds, CancellationToken ct = default)
    {
        var subscriptions = new List<SubscriptionRecord>();
        foreach (var id in instanceIds) subscriptions.AddRange(await SubscriptionsOfInstanceAsync(id, ct));
        return subscriptions;
    }

    /// <summary>The open tasks of each instance. Tracked.</summary>
    async Task<List<TaskRecord>> OpenTasksOfInstancesAsync(IReadOnlyCollection<Guid> instanceIds, CancellationToken ct = default)
    {
        var tasks = new List<TaskRecord>();
        foreach (var id in instanceIds) tasks.AddRange(await OpenTasksOfInstanceAsync(id, ct));
        return tasks;
    }

    // ---- finishing ----------------------------------------------------------------------------------------

    /// <summary>Writes what is pending inside the transaction (before a write that depends on it), without committing.</summary>
    Task SaveAsync(CancellationToken ct = default);

    /// <summary>Writes what is pending and commits.</summary>
    Task CommitAsync(CancellationToken ct = default);
}
