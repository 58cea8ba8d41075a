using System.Text.Json.Nodes;
using Verzuim.Workflows.Expressions;
using Verzuim.Workflows.Model;
using Verzuim.Workflows.Stores;
using Verzuim.Workflows.Time;

namespace Verzuim.Workflows.Runtime;

/// <summary>
/// One command's unit of work: every instance it touches, every row it writes, one store transaction.
/// Executions queue what reaches beyond their own instance; <see cref="DrainAsync"/> carries it out.
/// </summary>
internal sealed class WorkflowTransaction(IWorkflowUnitOfWork store, IClock clock, ExpressionEvaluator expressions,
    DefinitionCache definitions, WorkflowEngineOptions options, CancellationToken cancellation = default)
{
    private int _steps;
    private int _calls;

    private readonly Dictionary<Guid, InstanceExecution> _loaded = [];
    private readonly HashSet<Guid> _created = [];
    private readonly Queue<Func<Task>> _pending = new();
    private readonly List<(InstanceExecution Execution, SubscriptionRecord Subscription)> _newMessageSubscriptions = [];

    // what a batch of messages read up front (PrepareMessagesAsync), and what this unit of work already did
    private readonly Dictionary<Guid, string> _processed = [];
    private readonly HashSet<Guid> _processedKnown = [];
    private readonly HashSet<(string Name, string? Key, bool Incoming)> _locked = [];
    private readonly Dictionary<string, List<SubscriptionRecord>> _messageStarts = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, (InstanceRecord Record, List<SubscriptionRecord> Subscriptions, List<TaskRecord> Tasks)> _prefetched = [];
    private List<SubscriptionRecord>? _prefetchedWaits;
    private HashSet<(string Name, string? Key)>? _prefetchedWaitKeys;
    private readonly HashSet<(string Name, string? Key)> _changedWaits = [];

    public IWorkflowUnitOfWork Store { get; } = store;
    public IClock Clock { get; } = clock;
    public ExpressionEvaluator Expressions { get; private set; } = expressions;
    public DefinitionCache Definitions { get; } = definitions;
    public SchoolCalendar CalendarFor(JsonObject variables) => options.CalendarResolver(variables);
    public IReadOnlyList<IExecutionObserver> Observers { get; } = [.. options.Observers];
    public bool IsProtected(string variable) => options.ProtectedVariables.Contains(variable);
    public bool KeepsHistoryOf(string variable) => options.HistoryVariables.Contains(variable);
    public CancellationToken Cancellation => cancellation;

    /// <summary>One more element entered in this command; false once the command's <see cref="CommandLimits.MaxSteps"/> are used up.</summary>
    public bool TryTakeStep() => ++_steps <= options.CommandLimits.MaxSteps;

    /// <summary>
    /// The next command of a batch (a timer of a batch fired in one transaction) starts: a fresh budget of steps,
    /// calls and expression time, as if it ran in a transaction of its own.
    /// </summary>
    public void BeginCommand(ExpressionEvaluator expressions)
    {
        _steps = 0;
        _calls = 0;
        Expressions = expressions;
        ScheduledDueTimer = false;
    }

    /// <summary>A timer already due (at or before now) was scheduled since the command began: a timer batch stops there to keep the firing order.</summary>
    public bool ScheduledDueTimer { get; private set; }

    public string StepsReason =>
        $"Limiet 'stappen-per-opdracht': meer dan {options.CommandLimits.MaxSteps} stappen in één opdracht (alle zaken samen): waarschijnlijk een lus zonder wachtmoment.";

    public async Task<InstanceExecution> LoadAsync(Guid instanceId, CancellationToken ct = default)
    {
        if (_loaded.TryGetValue(instanceId, out var loaded)) return loaded;
        InstanceRecord record;
        List<SubscriptionRecord> subscriptions;
        List<TaskRecord> tasks;
        if (_prefetched.Remove(instanceId, out var prefetched)) (record, subscriptions, tasks) = prefetched;
        else
        {
            await ReadyAsync(ct);
            record = await Store.FindInstanceAsync(instanceId, ct) ?? throw new KeyNotFoundException($"Instantie {instanceId} bestaat niet.");
            subscriptions = await Store.SubscriptionsOfInstanceAsync(instanceId, ct);
            tasks = await Store.OpenTasksOfInstanceAsync(instanceId, ct);
        }
        var model = await Definitions.ModelAsync(Store.FindDefinitionAsync, record.DefinitionId, ct);
        subscriptions = subscriptions.OrderBy(s => s.CreatedAt).ThenBy(s => s.ElementId, StringComparer.Ordinal).ToList();
        var execution = new InstanceExecution(this, record, model, subscriptions, tasks);
        _loaded[instanceId] = execution;
        return execution;
    }

    public InstanceExecution Create(DefinitionRecord definition, ProcessModel model, JsonObject variables, string? businessKey,
        Guid? parentInstanceId = null, string? parentTokenId = null)
    {
        var now = Clock.UtcNow;
        var record = new InstanceRecord
        {
            Id = Guid.NewGuid(), DefinitionId = definition.Id, ProcessId = definition.ProcessId, DefinitionVersion = definition.Version,
            BusinessKey = businessKey, Status = InstanceStatus.Running, Variables = variables.ToJsonString(),
            State = new InstanceState().Serialize(), ParentInstanceId = parentInstanceId, ParentTokenId = parentTokenId,
            StartedAt = now, UpdatedAt = now, Version = 1,
        };
        Store.AddInstance(record);
        var execution = new InstanceExecution(this, record, model, [], []);
        _loaded[record.Id] = execution;
        _created.Add(record.Id);
        return execution;
    }

    /// <summary>
    /// Reads for several instances in three round trips what <see cref="LoadAsync"/> would read for each. Safe until the
    /// instance is loaded: only its own execution changes its rows, and a loaded instance is never read again.
    /// </summary>
    public async Task PrefetchAsync(IReadOnlyCollection<Guid> instanceIds, CancellationToken ct = default)
    {
        var ids = instanceIds.Where(id => !_loaded.ContainsKey(id) && !_prefetched.ContainsKey(id)).Distinct().ToList();
        if (ids.Count < 2) return; // one instance: LoadAsync reads it as cheaply
        await ReadyAsync(ct);
        var records = await Store.FindInstancesAsync(ids, ct);
        var subscriptions = (await Store.SubscriptionsOfInstancesAsync(ids, ct)).ToLookup(s => s.InstanceId!.Value);
        var tasks = (await Store.OpenTasksOfInstancesAsync(ids, ct)).ToLookup(t => t.InstanceId);
        foreach (var record in records) _prefetched[record.Id] = (record, subscriptions[record.Id].ToList(), tasks[record.Id].ToList());
    }

    // ---- messages: the reads and locks of a correlation, shared by the messages of a batch ---------------------

    /// <summary>
    /// Before a batch of messages: which ids were processed already, the locks of every name and key (in one fixed
    /// order), the waits for them and the instances waiting, each in one round trip instead of one per message.
    /// </summary>
    public async Task PrepareMessagesAsync(IReadOnlyList<IncomingMessage> messages, CancellationToken ct = default)
    {
        var ids = messages.Select(m => m.MessageId).ToList();
        foreach (var (id, name) in await Store.ProcessedMessageNamesAsync(ids, ct)) _processed[id] = name;
        _processedKnown.UnionWith(ids);
        var keys = messages.Select(m => (m.Name, m.CorrelationKey)).Distinct().ToList();
        await Store.LockIncomingAsync(keys, ct);
        foreach (var (name, key) in keys) _locked.Add((name, key, true));
        _prefetchedWaits = await Store.WaitingForMessagesAsync(keys, ct);
        _prefetchedWaitKeys = [.. keys];
        await PrefetchAsync(_prefetchedWaits.Select(s => s.InstanceId!.Value).ToList(), ct);
    }

    /// <summary>The name of the message processed under this id before or in this unit of work, or null.</summary>
    public async Task<string?> ProcessedMessageNameAsync(Guid messageId, CancellationToken ct = default)
    {
        if (_processed.TryGetValue(messageId, out var name)) return name;
        if (_processedKnown.Contains(messageId)) return null;
        await ReadyAsync(ct);
        return await Store.ProcessedMessageNameAsync(messageId, ct);
    }

    /// <summary>
    /// The next message of a batch begins: what the ones before it wrote is written before this unit of work next
    /// reads from the store (<see cref="ReadyAsync"/>), so every read sees it as if each message had committed on its
    /// own; a message that reads nothing (all it needs was read up front) costs no round trip for it.
    /// </summary>
    public void SaveBeforeNextRead() => _saveBeforeRead = true;

    private bool _saveBeforeRead;

    /// <summary>Before a read from the store whose answer may depend on what this unit of work wrote: see <see cref="SaveBeforeNextRead"/>.</summary>
    public async Task ReadyAsync(CancellationToken ct = default)
    {
        if (!_saveBeforeRead) return;
        _saveBeforeRead = false;
        await Store.SaveAsync(ct);
    }

    public void AddProcessedMessage(ProcessedMessageRecord message)
    {
        Store.AddProcessedMessage(message);
        _processed[message.MessageId] = message.MessageName; // a second message with this id in the batch is its duplicate
    }

    /// <summary>The store's correlation lock, taken once per unit of work (a batch took its messages' locks up front).</summary>
    public async Task LockCorrelationAsync(string messageName, string? correlationKey, bool forIncomingMessage, CancellationToken ct = default)
    {
        if (_locked.Add((messageName, correlationKey, forIncomingMessage)))
            await Store.LockCorrelationAsync(messageName, correlationKey, forIncomingMessage, ct);
    }

    /// <summary>
    /// The store's waits for the name and key. A batch read them up front; that list holds while no wait of the name
    /// for that key (or for every key) was added or removed since; otherwise the store is asked after what is pending
    /// is written.
    /// </summary>
    public async Task<List<SubscriptionRecord>> WaitingForMessageAsync(string messageName, string? correlationKey, CancellationToken ct = default)
    {
        if (_prefetchedWaits is not null && _prefetchedWaitKeys!.Contains((messageName, correlationKey))
            && !_changedWaits.Contains((messageName, correlationKey)) && !_changedWaits.Contains((messageName, null)))
            return _prefetchedWaits.Where(s => s.MessageName == messageName && (s.CorrelationKey is null || s.CorrelationKey == correlationKey)).ToList();
        await ReadyAsync(ct);
        return await Store.WaitingForMessageAsync(messageName, correlationKey, ct);
    }

    /// <summary>Message start subscriptions of the name, read once per unit of work (only publishing changes them, under its own lock).</summary>
    public async Task<List<SubscriptionRecord>> MessageStartsAsync(string messageName, CancellationToken ct = default)
    {
        if (!_messageStarts.TryGetValue(messageName, out var starts))
            _messageStarts[messageName] = starts = await Store.MessageStartsAsync(messageName, ct);
        return starts;
    }

    // ---- called by executions ---------------------------------------------------------------------------

    public void AddTask(InstanceExecution execution, TaskRecord task)
    {
        Store.AddTask(task);
        execution.OpenTasks.Add(task);
    }

    public void AddSubscription(InstanceExecution execution, SubscriptionRecord subscription)
    {
        Store.AddSubscription(subscription);
        if (subscription.Kind == SubscriptionKind.Timer && subscription.DueAt <= Clock.UtcNow) ScheduledDueTimer = true;
        if (subscription.Kind == SubscriptionKind.Message)
        {
            _newMessageSubscriptions.Add((execution, subscription));
            _changedWaits.Add((subscription.MessageName!, subscription.CorrelationKey));
        }
    }

    public void RemoveSubscription(SubscriptionRecord subscription)
    {
        Store.RemoveSubscription(subscription);
        if (subscription.Kind == SubscriptionKind.Message) _changedWaits.Add((subscription.MessageName!, subscription.CorrelationKey));
    }
    public void AddTimeline(TimelineRecord entry) => Store.AddTimeline(entry);
    public void AddOutbox(OutboxRecord message) => Store.AddOutbox(message);

    public Guid AddIncident(InstanceExecution execution, Token token, FlowNode node, string reason)
    {
        var incident = new IncidentRecord
        {
            Id = Guid.NewGuid(), InstanceId = execution.Record.Id, TokenId = token.Id, ElementId = node.Id, Reason = reason, CreatedAt = Clock.UtcNow,
        };
        Store.AddIncident(incident);
        return incident.Id;
    }

    public void ResolveIncident(Guid incidentId) => _pending.Enqueue(async () =>
    {
        var incident = await Store.FindIncidentAsync(incidentId);
        if (incident is not null) incident.ResolvedAt ??= Clock.UtcNow;
    });

    public void StartChild(InstanceExecution parent, Token token, string processId, JsonObject variables) => _pending.Enqueue(async () =>
    {
        if (++_calls > options.CommandLimits.MaxCalls)
        {
            parent.Halt(token, $"Limiet 'aanroepen-per-opdracht': deze aanroep van '{processId}' zou meer dan {options.CommandLimits.MaxCalls} aangeroepen zaken in één opdracht openen.");
            return;
        }
        var depth = await CallDepthAsync(parent) + 1;
        if (depth > options.CommandLimits.MaxCallDepth)
        {
            parent.RaiseIncident(token.Id, $"Limiet 'aanroepdiepte': deze aanroep van '{processId}' zou de {depth}e geneste zaak openen, "
                + $"meer dan {options.CommandLimits.MaxCallDepth}; waarschijnlijk roepen processen elkaar in een kring aan.");
            return;
        }
        var definition = await Store.LatestPublishedAsync(processId);
        if (definition is null)
        {
            parent.RaiseIncident(token.Id, $"Het aangeroepen proces '{processId}' is niet gepubliceerd.");
            return;
        }
        var model = Definitions.Model(definition);
        if (model.NoneStart is not { } start)
        {
            parent.RaiseIncident(token.Id, $"Het aangeroepen proces '{processId}' heeft geen gewone startgebeurtenis.");
            return;
        }
        var child = Create(definition, model, variables, parent.Record.BusinessKey, parent.Record.Id, token.Id);
        token.ChildInstanceId = child.Record.Id;
        child.Start(start, null);
    });

    /// <summary>How many callers are above the instance (0 for a case): followed through this command's instances, then the stored ones.</summary>
    private async Task<int> CallDepthAsync(InstanceExecution execution)
    {
        var depth = 0;
        for (var parent = execution.Record.ParentInstanceId; parent is { } id && depth <= options.CommandLimits.MaxCallDepth; depth++)
            parent = _loaded.TryGetValue(id, out var loaded) ? loaded.Record.ParentInstanceId
                : await Store.ParentOfAsync(id);
        return depth;
    }

    public void NotifyParent(Guid parentId, string tokenId, JsonObject childVariables) => _pending.Enqueue(async () =>
    {
        var parent = await LoadAsync(parentId);
        parent.ChildCompleted(tokenId, childVariables.DeepClone().AsObject());
    });

    public void CancelChild(Guid childId) => _pending.Enqueue(async () =>
    {
        var child = await LoadAsync(childId);
        child.Terminate();
    });

    // ---- finishing -------------------------------------------------------------------------------------

    /// <summary>Runs queued cross-instance work and hands buffered messages to new subscriptions, until nothing is left.</summary>
    public async Task DrainAsync(CancellationToken ct = default)
    {
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            if (_pending.TryDequeue(out var action))
            {
                await action();
                continue;
            }
            if (_newMessageSubscriptions.Count == 0) return;
            var (execution, subscription) = _newMessageSubscriptions[0];
            _newMessageSubscriptions.RemoveAt(0);
            if (!execution.Subscriptions.Contains(subscription)) continue;
            await LockCorrelationAsync(subscription.MessageName!, subscription.CorrelationKey, forIncomingMessage: false, ct);
            await ReadyAsync(ct);
            // oldest first; a message the wait does not take (an event sub-process' start condition) stays buffered
            foreach (var buffered in await Store.BufferedMessagesAsync(subscription.MessageName!, subscription.CorrelationKey, Clock.UtcNow, ct))
                if (execution.Fire(subscription, JsonNode.Parse(buffered.Payload) as JsonObject))
                {
                    Store.RemoveBufferedMessage(buffered);
                    break;
                }
        }
    }

    /// <summary>Writes each touched instance's state back; the version bump makes a concurrent writer fail and retry.</summary>
    public void Flush()
    {
        var now = Clock.UtcNow;
        foreach (var execution in _loaded.Values)
        {
            // serialized once: the comparison with what was loaded and the write use the same text
            var (state, variables) = (execution.State.Serialize(), execution.Variables.ToJsonString());
            if (!_created.Contains(execution.Record.Id) && !execution.IsChangedFrom(state, variables)) continue; // only read (e.g. a start condition that did not hold)
            var record = execution.Record;
            record.Variables = variables;
            record.SchoolId = options.ScopeVariable is { } scope && execution.Variables[scope] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
            record.State = state;
            record.UpdatedAt = now;
            if (!_created.Contains(record.Id)) record.Version++;
        }
    }
}
