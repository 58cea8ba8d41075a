using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Verzuim.Workflows.Expressions;
using Verzuim.Workflows.Model;
using Verzuim.Workflows.Parsing;
using Verzuim.Workflows.Stores;
using Verzuim.Workflows.Time;

namespace Verzuim.Workflows.Runtime;

/// <summary>
/// The engine's commands. Each runs in one unit of work of the store (<see cref="IWorkflowStore"/>) and is retried
/// from scratch when another writer got there first (optimistic concurrency on the instance row, row locks on
/// timers), so hosts stay stateless and any number of them can share one database.
/// </summary>
public sealed partial class WorkflowEngine
{
    private readonly IWorkflowStore _store;
    private readonly IClock _clock;
    private readonly WorkflowEngineOptions _options;
    private readonly ExpressionEvaluator _expressions;
    private readonly DefinitionCache _definitions = new();

    public WorkflowEngine(IWorkflowStore store, IClock clock, WorkflowEngineOptions? options = null)
    {
        _store = store;
        _clock = clock;
        _options = options ?? new WorkflowEngineOptions();
        _expressions = new ExpressionEvaluator(clock, _options.ExpressionLimits);
    }

    public IWorkflowStore Store => _store;
    public IClock Clock => _clock;

    // ---- definitions -------------------------------------------------------------------------------------

    /// <summary>
    /// Publishes every process in a BPMN file as a new version, unless the file is unchanged since the latest
    /// version. Running instances stay on their version; start events move to the new one.
    /// </summary>
    public Task<IReadOnlyList<DeployedProcess>> DeployAsync(string xml, string? publishedBy = null, CancellationToken ct = default) =>
        DeployAsync(xml, publishedBy, changeNote: null, ct);

    /// <inheritdoc cref="DeployAsync(string, string?, CancellationToken)"/>
    /// <param name="changeNote">What changed and why, kept with each new version (the process owner's note).</param>
    public Task<IReadOnlyList<DeployedProcess>> DeployAsync(string xml, string? publishedBy, string? changeNote, CancellationToken ct = default) =>
        PublishAsync(xml, publishedBy, changeNote, onlyProcess: null, enlist: null, ct);

    /// <inheritdoc cref="DeployAsync(string, string?, CancellationToken)"/>
    /// <param name="enlist">A caller's record of what was published (its audit entry), run with the published processes in
    /// the publishing unit of work before it commits: both commit or neither.</param>
    public Task<IReadOnlyList<DeployedProcess>> DeployAsync(string xml, string? publishedBy, string? changeNote,
        Func<IReadOnlyList<DeployedProcess>, IWorkflowUnitOfWork, CancellationToken, Task>? enlist, CancellationToken ct = default) =>
        PublishAsync(xml, publishedBy, changeNote, onlyProcess: null, enlist, ct);

    /// <summary>
    /// Rolls a process back by publishing an earlier version's file again, as a new version (history is never
    /// rewritten; running cases stay where they are). Only <paramref name="processId"/> gets a new version, even when
    /// the old file holds other processes; a draft in progress is kept and numbered after the new version.
    /// </summary>
    /// <param name="enlist">As for <see cref="DeployAsync(string, string?, string?, Func{IReadOnlyList{DeployedProcess}, IWorkflowUnitOfWork, CancellationToken, Task}?, CancellationToken)"/>.</param>
    public async Task<DeployedProcess> RepublishAsync(string processId, int version, string? publishedBy, string? changeNote,
        Func<IReadOnlyList<DeployedProcess>, IWorkflowUnitOfWork, CancellationToken, Task>? enlist = null, CancellationToken ct = default)
    {
        var earlier = await ExecuteAsync(tx => tx.Store.PublishedVersionAsync(processId, version, ct), ct)
            ?? throw new KeyNotFoundException($"Model '{processId}' heeft geen gepubliceerde versie {version}.");
        var deployed = await PublishAsync(earlier.Xml, publishedBy, changeNote, onlyProcess: processId, enlist, ct);
        return deployed.Single();
    }

    private async Task<IReadOnlyList<DeployedProcess>> PublishAsync(string xml, string? publishedBy, string? changeNote, string? onlyProcess,
        Func<IReadOnlyList<DeployedProcess>, IWorkflowUnitOfWork, CancellationToken, Task>? enlist, CancellationToken ct)
    {
        var document = BpmnReader.Parse(xml);
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(xml)));
        IReadOnlyList<DeployedProcess> attempt = []; // what this attempt published, for the caller's enlisted work
        return await ExecuteAsync(async tx =>
        {
            await tx.Store.LockPublishingAsync(ct);
            if (await CallCyclesAsync(tx, document, ct) is { Count: > 0 } cycles) throw new BpmnValidationException(cycles);
            var deployed = new List<DeployedProcess>();
            foreach (var process in document.Processes.Where(p => onlyProcess is null || p.Id == onlyProcess))
            {
                var latest = await tx.Store.LatestPublishedForUpdateAsync(process.Id, ct);
                if (latest is not null && latest.ContentHash == hash)
                {
                    deployed.Add(new DeployedProcess(latest.Id, process.Id, latest.Version, Changed: false));
                    continue;
                }
                var drafts = await tx.Store.DraftsAsync(process.Id, ct);
                var maxVersion = await tx.Store.MaxVersionAsync(process.Id, includeDrafts: false, ct);
                if (onlyProcess is null)
                    foreach (var draft in drafts) tx.Store.RemoveDefinition(draft); // publishing supersedes the draft: the studio publishes what it was editing
                else if (drafts.Count > 0)
                {
                    // a rollback keeps the draft; it moves past the new version (the version number is unique)
                    foreach (var draft in drafts) draft.Version = maxVersion + 2;
                    await tx.Store.SaveAsync(ct); // before the insert that takes the draft's old number
                }
                var record = new DefinitionRecord
                {
                    Id = Guid.NewGuid(), ProcessId = process.Id, Version = maxVersion + 1, Name = process.Name, Xml = xml, ContentHash = hash,
                    Status = DefinitionStatus.Published, CreatedAt = _clock.UtcNow, PublishedAt = _clock.UtcNow, PublishedBy = publishedBy,
                    ChangeNote = changeNote,
                };
                if (latest is not null) latest.Status = DefinitionStatus.Retired;
                tx.Store.AddDefinition(record);
                await MoveStartSubscriptionsAsync(tx, process, record, ct);
                deployed.Add(new DeployedProcess(record.Id, process.Id, record.Version, Changed: true));
            }
            return attempt = deployed;
        }, ct, enlist is null ? null : (unit, c) => enlist(attempt, unit, c));
    }

    /// <summary>
    /// The file judged as publishing would judge it: its own problems, and call cycles through what is published now
    /// (the reader alone sees only cycles inside the file).
    /// </summary>
    public async Task<IReadOnlyList<BpmnProblem>> ValidateAsync(string xml, CancellationToken ct = default)
    {
        var (document, problems) = BpmnReader.Validate(xml);
        if (document is null) return problems;
        var cycles = await ExecuteAsync(tx => CallCyclesAsync(tx, document, ct), ct);
        return [.. problems, .. cycles.Where(c => !problems.Any(p => p.ElementId == c.ElementId && p.Rule == c.Rule))];
    }

    /// <summary>
    /// Call cycles (<see cref="CallCycles"/>) through what is published now: the file's processes replace their
    /// published versions, every other process a chain of calls reaches is read as published.
    /// </summary>
    private async Task<List<BpmnProblem>> CallCyclesAsync(WorkflowTransaction tx, BpmnDocument document, CancellationToken ct)
    {
        var own = document.Processes.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var published = new Dictionary<string, ProcessModel?>(StringComparer.Ordinal);
        var pending = new Queue<string>(document.Processes.SelectMany(CallCycles.CalledBy));
        while (pending.TryDequeue(out var id))
        {
            if (own.Contains(id) || published.ContainsKey(id)) continue;
            var definition = await tx.Store.LatestPublishedAsync(id, ct);
            var model = published[id] = definition is null ? null : _definitions.Model(definition);
            foreach (var called in model is null ? [] : CallCycles.CalledBy(model)) pending.Enqueue(called);
        }
        return CallCycles.Find(document.Processes, id => published.GetValueOrDefault(id)).ToList();
    }

    /// <summary>
    /// Keeps a work-in-progress file as the draft of each process in it (one draft per process, replaced on every
    /// save). A draft may still have problems; it never runs and never moves start events.
    /// </summary>
    public async Task<IReadOnlyList<DeployedProcess>> SaveDraftAsync(string xml, string? savedBy = null, CancellationToken ct = default)
    {
        var processes = BpmnReader.ProcessIdsAndNames(xml);
        if (processes.Count == 0) throw new BpmnValidationException([new BpmnProblem("(bestand)", null, "geen-proces", "Het bestand bevat geen proces.")]);
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(xml)));
        return await ExecuteAsync(async tx =>
        {
            var saved = new List<DeployedProcess>();
            foreach (var (processId, name) in processes)
            {
                var draft = (await tx.Store.DraftsAsync(processId, ct)).FirstOrDefault();
                if (draft is null)
                {
                    var maxVersion = await tx.Store.MaxVersionAsync(processId, includeDrafts: true, ct);
                    draft = new DefinitionRecord
                    {
                        Id = Guid.NewGuid(), ProcessId = processId, Version = maxVersion + 1, Xml = xml, ContentHash = hash, Status = DefinitionStatus.Draft,
                    };
                    tx.Store.AddDefinition(draft);
                }
                draft.Name = name;
                draft.Xml = xml;
                draft.ContentHash = hash;
                draft.CreatedAt = _clock.UtcNow;
                draft.PublishedBy = savedBy;
                saved.Add(new DeployedProcess(draft.Id, processId, draft.Version, Changed: true));
            }
            return saved;
        }, ct);
    }

    private async Task MoveStartSubscriptionsAsync(WorkflowTransaction tx, ProcessModel process, DefinitionRecord record, CancellationToken ct)
    {
        foreach (var old in await tx.Store.StartSubscriptionsOfProcessAsync(process.Id, ct)) tx.Store.RemoveSubscription(old);
        var now = _clock.UtcNow;
        foreach (var start in process.MessageStarts)
            tx.Store.AddSubscription(new SubscriptionRecord
            {
                Id = Guid.NewGuid(), Kind = SubscriptionKind.MessageStart, DefinitionId = record.Id, ElementId = start.Id,
                MessageName = ((MessageEventDefinition)start.Trigger!).MessageName, CreatedAt = now,
            });
        foreach (var start in process.TimerStarts)
        {
            var timer = (TimerEventDefinition)start.Trigger!;
            var due = TimerSchedule.Parse(timer.Kind, timer.Text).DueAt(now, 0, SchoolCalendar.WeekendsOnly);
            if (due is null) continue;
            tx.Store.AddSubscription(new SubscriptionRecord
            {
                Id = Guid.NewGuid(), Kind = SubscriptionKind.TimerStart, DefinitionId = record.Id, ElementId = start.Id,
                DueAt = due.Value.ToUniversalTime(), ActivatedAt = now, CreatedAt = now,
            });
        }
    }

    // ---- instances ---------------------------------------------------------------------------------------

    /// <summary>Starts the latest published version at its none start event. One running case per business key and process.</summary>
    public Task<Guid> StartAsync(string processId, JsonObject? variables = null, string? businessKey = null, CancellationToken ct = default) =>
        ExecuteAsync(async tx =>
        {
            var definition = await tx.Store.LatestPublishedAsync(processId, ct)
                ?? throw new KeyNotFoundException($"Proces '{processId}' is niet gepubliceerd.");
            var model = _definitions.Model(definition);
            var start = model.NoneStart ?? throw new InvalidOperationException($"Proces '{processId}' heeft geen gewone startgebeurtenis; het start op een bericht of timer.");
            if (businessKey is not null && await HasOpenCaseAsync(tx, processId, businessKey, ct))
                throw new InvalidOperationException($"Er loopt al een zaak van '{processId}' voor '{businessKey}'.");
            var execution = tx.Create(definition, model, variables?.DeepClone().AsObject() ?? [], businessKey);
            execution.Start(start, null);
            return execution.Record.Id;
        }, ct);

    /// <summary>
    /// Delivers a message to every waiting element whose name matches and whose correlation key equals the
    /// message's (or that declared no key), and starts processes with a matching message start event when
    /// no case for that key runs. Unmatched messages are buffered for their time-to-live; a message id seen
    /// before is a duplicate and changes nothing.
    /// </summary>
    public Task<CorrelationResult> CorrelateAsync(IncomingMessage message, CancellationToken ct = default) =>
        ExecuteAsync(tx => CorrelateInAsync(tx, message, null, ct), ct);

    /// <summary>
    /// <see cref="CorrelateAsync(IncomingMessage, CancellationToken)"/> with a first step in the same transaction, under the
    /// lock of the message's name and key: <paramref name="prepare"/> records what the message adds (the attendance
    /// ledger's entry) and builds the payload from everything stored for the key. Two messages for one key thus
    /// never see each other half-done, and the record and the correlation commit or roll back together.
    /// The prepared <see cref="PreparedMessage.OpenCaseVariables"/> are then set on every open case of the key.
    /// </summary>
    public Task<CorrelationResult> CorrelateAsync(IncomingMessage message, Func<IWorkflowUnitOfWork, CancellationToken, Task<PreparedMessage>> prepare,
        CancellationToken ct = default) =>
        ExecuteAsync(tx => CorrelateInAsync(tx, message, prepare, ct), ct);

    private async Task<CorrelationResult> CorrelateInAsync(WorkflowTransaction tx, IncomingMessage message,
        Func<IWorkflowUnitOfWork, CancellationToken, Task<PreparedMessage>>? prepare, CancellationToken ct)
    {
        var seen = await tx.ProcessedMessageNameAsync(message.MessageId, ct);
        if (seen == message.Name) return new CorrelationResult(CorrelationOutcome.Duplicate, []);
        // the same id for another message is a sender's bug, not a redelivery: dropping it as a duplicate would lose it
        if (seen is not null) throw new MessageIdReusedException(message.MessageId, seen, message.Name);
        await tx.LockCorrelationAsync(message.Name, message.CorrelationKey, forIncomingMessage: true, ct);
        JsonObject? openCaseVariables = null;
        if (prepare is not null)
        {
            await tx.ReadyAsync(ct); // the step reads the store itself
            var prepared = await prepare(tx.Store, ct);
            message = message with { Payload = prepared.Payload };
            openCaseVariables = prepared.OpenCaseVariables;
        }

        var waiting = await tx.WaitingForMessageAsync(message.Name, message.CorrelationKey, ct);
        // waits opened in one step share an instant: element id (ordinal) settles their order on every store
        waiting = waiting.OrderBy(s => s.CreatedAt).ThenBy(s => s.ElementId, StringComparer.Ordinal).ToList();
        // Every element of an instance that waits at arrival gets the message, each once; waits the message itself
        // opens (a loop back to the receive task) are not in this list (docs/engine-semantics.md, Correlation).
        var touched = new List<Guid>();
        foreach (var group in waiting.GroupBy(s => s.InstanceId!.Value))
        {
            var execution = await tx.LoadAsync(group.Key, ct);
            var reached = new HashSet<string>(StringComparer.Ordinal);
            foreach (var subscription in group)
                if (!execution.IsEnded && execution.Subscriptions.Contains(subscription) && !reached.Contains(subscription.ElementId)
                    && execution.Fire(subscription, message.Payload.DeepClone().AsObject(), message.TrustedVariables))
                    reached.Add(subscription.ElementId);
            if (reached.Count > 0) touched.Add(group.Key);
            await tx.DrainAsync(ct);
        }

        var started = await StartByMessageAsync(tx, message, ct);
        var outcome = touched.Count > 0 ? CorrelationOutcome.Correlated
            : started.Count > 0 ? CorrelationOutcome.Started
            : Buffer(tx, message) ? CorrelationOutcome.Buffered : CorrelationOutcome.Unmatched;
        tx.AddProcessedMessage(new ProcessedMessageRecord
        {
            MessageId = message.MessageId, MessageName = message.Name, ProcessedAt = _clock.UtcNow, Outcome = outcome.ToString(),
        });
        if (openCaseVariables is not null && message.CorrelationKey is not null)
            await SetOnOpenCasesAsync(tx, message.CorrelationKey, [.. touched, .. started], openCaseVariables, ct);
        return new CorrelationResult(outcome, [.. touched, .. started]);
    }

    /// <summary>
    /// Correlates several messages in one transaction, in the order given (so messages for one key apply in their
    /// order), each as <see cref="CorrelateAsync(IncomingMessage, Func{IWorkflowUnitOfWork, CancellationToken, Task{PreparedMessage}}, CancellationToken)"/>
    /// would on its own: its own command budget, its own preparation under its key's lock, a message id seen before
    /// (also earlier in the batch) a duplicate. The reads every message needs (processed ids, locks, waits, waiting
    /// instances, start subscriptions) are shared. When the batch fails for another reason than a conflict a retry
    /// solves, its first half and then its second are correlated again, each as a batch of its own, down to one
    /// message per transaction: one bad message fails alone and the others commit, still in their order. Each outcome
    /// holds its own result or failure.
    /// </summary>
    public async Task<IReadOnlyList<BatchOutcome>> CorrelateBatchAsync(IReadOnlyList<BatchedMessage> messages, CancellationToken ct = default)
    {
        var outcomes = new List<BatchOutcome>(messages.Count);
        await CorrelateBatchAsync(messages, outcomes, ct);
        return outcomes;
    }

    private async Task CorrelateBatchAsync(IReadOnlyList<BatchedMessage> messages, List<BatchOutcome> outcomes, CancellationToken ct)
    {
        if (messages.Count == 0) return;
        if (messages.Count == 1)
        {
            var item = messages[0];
            try { outcomes.Add(new BatchOutcome(await ExecuteAsync(tx => CorrelateInAsync(tx, item.Message, item.Prepare, ct), ct), null)); }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                outcomes.Add(new BatchOutcome(null, e));
            }
            return;
        }
        try
        {
            var results = await ExecuteAsync(tx => CorrelateBatchInAsync(tx, messages, ct), ct);
            outcomes.AddRange(results.Select(r => new BatchOutcome(r, null)));
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            var half = messages.Count / 2;
            await CorrelateBatchAsync(messages.Take(half).ToList(), outcomes, ct);
            await CorrelateBatchAsync(messages.Skip(half).ToList(), outcomes, ct);
        }
    }

    private async Task<List<CorrelationResult>> CorrelateBatchInAsync(WorkflowTransaction tx, IReadOnlyList<BatchedMessage> messages, CancellationToken ct)
    {
        await tx.PrepareMessagesAsync(messages.Select(m => m.Message).ToList(), ct);
        var results = new List<CorrelationResult>(messages.Count);
        for (var i = 0; i < messages.Count; i++)
        {
            if (i > 0)
            {
                // what the messages before wrote is visible to this one's reads, as when each had its own transaction
                tx.SaveBeforeNextRead();
                tx.BeginCommand(CommandExpressions(ct));
            }
            results.Add(await CorrelateInAsync(tx, messages[i].Message, messages[i].Prepare, ct));
            await tx.DrainAsync(ct); // what the message set off runs on its own budget
        }
        return results;
    }

    private static async Task SetOnOpenCasesAsync(WorkflowTransaction tx, string businessKey, IEnumerable<Guid> inThisTransaction,
        JsonObject variables, CancellationToken ct)
    {
        await tx.ReadyAsync(ct);
        var stored = await tx.Store.OpenCasesAsync(businessKey, ct);
        foreach (var id in stored.Union(inThisTransaction))
        {
            var execution = await tx.LoadAsync(id, ct);
            if (execution.IsEnded || execution.Record.ParentInstanceId is not null) continue;
            foreach (var (name, value) in variables) execution.Assign(null, name, value);
        }
    }

    private async Task<List<Guid>> StartByMessageAsync(WorkflowTransaction tx, IncomingMessage message, CancellationToken ct)
    {
        var started = new List<Guid>();
        var starts = await tx.MessageStartsAsync(message.Name, ct);
        foreach (var subscription in starts)
        {
            var definition = await DefinitionAsync(tx, subscription.DefinitionId!.Value, ct);
            if (message.StartableProcesses is { } allowed && !allowed.Contains(definition.ProcessId)) continue;
            if (message.CorrelationKey is not null && await HasOpenCaseAsync(tx, definition.ProcessId, message.CorrelationKey, ct)) continue;
            var model = _definitions.Model(definition);
            var start = (StartEvent)model.Node(subscription.ElementId);
            if (start.Condition is not null && !StartConditionHolds(tx, start, message)) continue;
            var execution = tx.Create(definition, model, [], message.CorrelationKey);
            execution.Start(start, message.Payload.DeepClone().AsObject());
            await tx.DrainAsync(ct);
            started.Add(execution.Record.Id);
        }
        return started;
    }

    /// <summary>A start condition that fails to evaluate opens no case: there is no token yet to hold an incident, so it is reported to the sender.</summary>
    private static bool StartConditionHolds(WorkflowTransaction tx, StartEvent start, IncomingMessage message)
    {
        try { return tx.Expressions.EvaluateCondition(start.Condition!, message.Payload); }
        catch (ExpressionException e)
        {
            throw new StartConditionException($"Startvoorwaarde van '{start.DisplayName}' ({start.Id}) faalt voor bericht {message.Name} {message.MessageId}: {e.Reason}", e);
        }
    }

    private static async Task<bool> HasOpenCaseAsync(WorkflowTransaction tx, string processId, string businessKey, CancellationToken ct)
    {
        await tx.ReadyAsync(ct);
        return await tx.Store.HasOpenCaseAsync(processId, businessKey, ct);
    }

    private static async Task<DefinitionRecord> DefinitionAsync(WorkflowTransaction tx, Guid id, CancellationToken ct) =>
        await tx.Store.FindDefinitionAsync(id, ct) ?? throw new InvalidOperationException($"Definitie {id} bestaat niet.");

    private bool Buffer(WorkflowTransaction tx, IncomingMessage message)
    {
        var ttl = message.TimeToLive ?? _options.DefaultMessageTimeToLive;
        if (ttl <= TimeSpan.Zero) return false;
        tx.Store.AddBufferedMessage(new BufferedMessageRecord
        {
            MessageId = message.MessageId, MessageName = message.Name, CorrelationKey = message.CorrelationKey,
            Payload = message.Payload.ToJsonString(), ReceivedAt = _clock.UtcNow, ExpiresAt = _clock.UtcNow + ttl,
        });
        return true;
    }

    /// <summary>Completes an open task with form data (validated against the task's form) and runs the case on.</summary>
    public Task CompleteTaskAsync(Guid taskId, JsonObject? data = null, string? completedBy = null, CancellationToken ct = default) =>
        CompleteTaskAsync(taskId, data, completedBy, null, ct);

    /// <summary>
    /// <see cref="CompleteTaskAsync(Guid, JsonObject?, string?, CancellationToken)"/> with <paramref name="enlist"/> run in the
    /// command's unit of work before it commits (a caller's record of the change, such as its audit entry): both commit or neither.
    /// </summary>
    public Task CompleteTaskAsync(Guid taskId, JsonObject? data, string? completedBy, Func<IWorkflowUnitOfWork, CancellationToken, Task>? enlist,
        CancellationToken ct = default) =>
        ExecuteAsync(async tx =>
        {
            var task = await tx.Store.FindTaskAsync(taskId, ct)
                ?? throw new KeyNotFoundException($"Taak {taskId} bestaat niet.");
            if (task.Status != WorkTaskStatus.Open) throw new InvalidOperationException($"Taak '{task.Name}' is al {(task.Status == WorkTaskStatus.Completed ? "afgerond" : "geannuleerd")}.");
            var execution = await tx.LoadAsync(task.InstanceId, ct);
            execution.CompleteTask(execution.OpenTasks.First(t => t.Id == taskId), data ?? [], completedBy);
            return true;
        }, ct, enlist);

    /// <summary>Retries the token an incident stopped; a new failure makes a new incident.</summary>
    public Task RetryIncidentAsync(Guid incidentId, CancellationToken ct = default) => RetryIncidentAsync(incidentId, null, null, ct);

    /// <summary>
    /// <see cref="RetryIncidentAsync(Guid, CancellationToken)"/> after setting <paramref name="corrections"/> on the case (an
    /// operator's fix of the data the token failed on), with <paramref name="enlist"/> run in the same unit of work before it
    /// commits: the correction, the retry (or the new incident it makes) and the caller's record of it commit together.
    /// </summary>
    public Task RetryIncidentAsync(Guid incidentId, JsonObject? corrections, Func<IWorkflowUnitOfWork, CancellationToken, Task>? enlist,
        CancellationToken ct = default) =>
        ExecuteAsync(async tx =>
        {
            var incident = await tx.Store.FindIncidentAsync(incidentId, ct)
                ?? throw new KeyNotFoundException($"Incident {incidentId} bestaat niet.");
            if (incident.ResolvedAt is not null) throw new InvalidOperationException("Dit incident is al opgelost.");
            incident.ResolvedAt = _clock.UtcNow;
            var execution = await tx.LoadAsync(incident.InstanceId, ct);
            foreach (var (name, value) in corrections ?? []) execution.Assign(null, name, value?.DeepClone());
            execution.Retry(incidentId);
            return true;
        }, ct, enlist);

    /// <summary>True for a variable only a process start or an explicit mapping may set (school, pupil, signals, medical detail).</summary>
    public bool IsProtected(string variable) => _options.ProtectedVariables.Contains(variable);

    /// <summary>Sets or replaces case variables (an operator correcting data before retrying an incident).</summary>
    public Task SetVariablesAsync(Guid instanceId, JsonObject variables, CancellationToken ct = default) =>
        ExecuteAsync(async tx =>
        {
            var execution = await tx.LoadAsync(instanceId, ct);
            foreach (var (name, value) in variables) execution.Assign(null, name, value);
            return true;
        }, ct);

    /// <summary>
    /// The calendar under a case changed: its waiting timers are recomputed from their original start, in one
    /// transaction for the case (see <see cref="InstanceExecution.RecomputeTimers"/>). Returns how many moved.
    /// </summary>
    public Task<int> RecomputeTimersAsync(Guid instanceId, string reason, CancellationToken ct = default) =>
        ExecuteAsync(async tx => (await tx.LoadAsync(instanceId, ct)).RecomputeTimers(reason), ct);

    // ---- timers ------------------------------------------------------------------------------------------

    /// <summary>
    /// Fires timers that are due, earliest first (timers due at the same instant by element id, so every store fires
    /// them in the same order), up to <see cref="WorkflowEngineOptions.TimerBatchSize"/> in one transaction. On
    /// PostgreSQL the timer rows are claimed with FOR UPDATE SKIP LOCKED and deleted (or rescheduled) in the
    /// transaction that applies them, so across any number of hosts each firing happens exactly once; timers that
    /// came due during downtime fire now. Each timer of a batch has the budget of a command of its own. A batch that
    /// fails (not a conflict that a retry solves) is fired again one timer per transaction, so one broken case stops
    /// only its own timer; that failure is then thrown, as it was when every timer had its own transaction.
    /// </summary>
    public async Task<int> FireDueTimersAsync(int max = 100, CancellationToken ct = default)
    {
        var fired = 0;
        var failed = new List<Guid>(); // timers whose own transaction failed: this call does not claim them again
        ExceptionDispatchInfo? failure = null;
        var singles = 0; // after a failed batch: that many timers one per transaction
        while (fired < max && !ct.IsCancellationRequested)
        {
            var size = singles > 0 ? 1 : Math.Min(Math.Max(1, _options.TimerBatchSize), max - fired);
            var claimed = new List<Guid>();
            try
            {
                var (count, more) = await ExecuteAsync(tx => FireTimerBatchAsync(tx, size, failed, claimed, ct), ct);
                fired += count;
                singles = Math.Max(0, singles - 1);
                if (!more) break;
            }
            catch (Exception e) when (claimed.Count > 0 && e is not OperationCanceledException && !_store.IsTransient(e))
            {
                if (size > 1) { singles = claimed.Count; continue; }
                failed.Add(claimed[0]);
                failure ??= ExceptionDispatchInfo.Capture(e);
                singles = Math.Max(0, singles - 1);
            }
            if (failure is not null && singles == 0) break;
        }
        failure?.Throw();
        return fired;
    }

    /// <summary>
    /// Claims up to <paramref name="size"/> due timers and fires them in order. Returns how many fired and whether
    /// more may be due. A timer that an earlier one of the batch removed (an interrupting boundary cancelled its
    /// siblings, the case ended) is skipped. When a timer schedules one that is due already (a zero duration, a
    /// cycle behind after downtime), the batch ends there: the next batch claims it in its place in the order.
    /// </summary>
    private async Task<(int Fired, bool More)> FireTimerBatchAsync(WorkflowTransaction tx, int size, List<Guid> failed, List<Guid> claimed,
        CancellationToken ct)
    {
        claimed.Clear(); // a retried attempt claims afresh
        var now = _clock.UtcNow;
        var timers = await tx.Store.ClaimDueTimersAsync(now, size, failed, ct);
        claimed.AddRange(timers.Select(t => t.Id));
        await tx.PrefetchAsync(timers.Where(t => t.InstanceId is not null).Select(t => t.InstanceId!.Value).ToList(), ct);
        var fired = 0;
        for (var i = 0; i < timers.Count; i++)
        {
            var timer = timers[i];
            if (i > 0) tx.BeginCommand(CommandExpressions(ct));
            bool dueAgain;
            if (timer.Kind == SubscriptionKind.TimerStart) dueAgain = await FireStartTimerAsync(tx, timer, ct) && timer.DueAt <= now;
            else
            {
                var execution = await tx.LoadAsync(timer.InstanceId!.Value, ct);
                if (execution.IsEnded || !execution.Subscriptions.Contains(timer)) continue;
                execution.Fire(timer, null);
                dueAgain = execution.Subscriptions.Contains(timer) && timer.DueAt <= now; // a non-interrupting cycle behind
            }
            await tx.DrainAsync(ct); // what the timer set off runs on its own budget
            fired++;
            if (dueAgain || tx.ScheduledDueTimer) return (fired, true);
        }
        return (fired, timers.Count == size);
    }

    /// <summary>Starts a case at a timer start event; true when the timer stays for its next firing.</summary>
    private async Task<bool> FireStartTimerAsync(WorkflowTransaction tx, SubscriptionRecord timer, CancellationToken ct)
    {
        var definition = await DefinitionAsync(tx, timer.DefinitionId!.Value, ct);
        var model = _definitions.Model(definition);
        var start = (StartEvent)model.Node(timer.ElementId);
        var trigger = (TimerEventDefinition)start.Trigger!;
        var next = TimerSchedule.Parse(trigger.Kind, trigger.Text).DueAt(timer.ActivatedAt ?? timer.CreatedAt, timer.Firing + 1, SchoolCalendar.WeekendsOnly);
        if (next is null) tx.Store.RemoveSubscription(timer);
        else
        {
            timer.Firing++;
            timer.DueAt = next.Value.ToUniversalTime();
        }
        var execution = tx.Create(definition, model, [], null);
        execution.Start(start, null);
        return next is not null;
    }

    /// <summary>When the next timer is due (for a virtual-time driver or a poller's sleep).</summary>
    public Task<DateTimeOffset?> NextTimerDueAsync(CancellationToken ct = default) => _store.NextTimerDueAsync(ct);

    /// <summary>The parsed model of a stored version (cached: a version never changes), for readers such as the overview.</summary>
    public Task<ProcessModel> ModelAsync(Guid definitionId, CancellationToken ct = default) =>
        _definitions.ModelAsync(_store.FindDefinitionAsync, definitionId, ct);

    // ---- the transaction and its retries -------------------------------------------------------------------

    /// <param name="enlist">A caller's work in the same unit of work, after the engine's (on every attempt), before the commit.</param>
    private async Task<T> ExecuteAsync<T>(Func<WorkflowTransaction, Task<T>> work, CancellationToken ct,
        Func<IWorkflowUnitOfWork, CancellationToken, Task>? enlist = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var store = await _store.BeginAsync(ct);
                // each attempt gets the whole budget: a retried attempt starts from scratch on fresh state
                var tx = new WorkflowTransaction(store, _clock, CommandExpressions(ct), _definitions, _options, ct);
                var result = await work(tx);
                await tx.DrainAsync(ct);
                tx.Flush();
                if (enlist is not null) await enlist(store, ct);
                await store.CommitAsync(ct);
                return result;
            }
            catch (Exception e) when (attempt < _options.MaxAttempts && _store.IsTransient(e))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20) * attempt), ct);
            }
        }
    }

    private ExpressionEvaluator CommandExpressions(CancellationToken ct) =>
        _expressions.WithBudget(new ExpressionBudget(_options.CommandLimits.ExpressionBudget, ct));
}

/// <summary>One message of <see cref="WorkflowEngine.CorrelateBatchAsync"/>, with the preparation step <c>CorrelateAsync</c> takes.</summary>
public sealed record BatchedMessage(IncomingMessage Message, Func<IWorkflowUnitOfWork, CancellationToken, Task<PreparedMessage>>? Prepare = null);

/// <summary>What became of one message of a batch: its result, or why it failed (nothing of it was committed).</summary>
public sealed record BatchOutcome(CorrelationResult? Result, Exception? Failure);

/// <summary>A message start event's condition could not be evaluated over the message: the message is refused with the reason.</summary>
public sealed class StartConditionException(string message, Exception inner) : Exception(message, inner);

/// <summary>A message id already used by a message of another name: refused with the reason, never taken for a redelivery.</summary>
public sealed class MessageIdReusedException(Guid messageId, string usedBy, string refused)
    : Exception($"berichtId {messageId} is al gebruikt voor een {usedBy}-bericht; een {refused} met dezelfde berichtId wordt geweigerd (elk bericht een eigen berichtId).");

public sealed record DeployedProcess(Guid DefinitionId, string ProcessId, int Version, bool Changed);
