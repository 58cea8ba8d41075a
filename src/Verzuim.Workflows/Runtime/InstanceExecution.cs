using System.Text.Json;
using System.Text.Json.Nodes;
using Verzuim.Workflows.Expressions;
using Verzuim.Workflows.Model;
using Verzuim.Workflows.Stores;
using Verzuim.Workflows.Time;

namespace Verzuim.Workflows.Runtime;

/// <summary>
/// Token semantics for one instance, in memory. It never touches the database: it changes the records it was
/// given and asks its <see cref="WorkflowTransaction"/> for anything outside the instance (child instances,
/// the parent, buffered messages), so one command is one atomic commit however far the tokens run.
/// </summary>
internal sealed partial class InstanceExecution
{
    private readonly WorkflowTransaction _tx;
    private readonly Queue<(Token Token, bool IsRetry)> _ready = new();
    /// <summary>The incident a command limit raised in this instance: every other token the command stops here joins it.</summary>
    private Guid? _halted;
    private EndEvent? _lastEnd;

    public InstanceExecution(WorkflowTransaction tx, InstanceRecord record, ProcessModel model,
        List<SubscriptionRecord> subscriptions, List<TaskRecord> openTasks)
    {
        _tx = tx;
        Record = record;
        Model = model;
        State = InstanceState.Deserialize(record.State);
        Variables = JsonNode.Parse(record.Variables) as JsonObject ?? [];
        Subscriptions = subscriptions;
        OpenTasks = openTasks;
        _loadedAs = (State.Serialize(), Variables.ToJsonString());
    }

    private readonly (string State, string Variables) _loadedAs;

    /// <summary>
    /// Whether the state and variables, serialized now, differ from what was loaded (a message it did not take changes
    /// nothing). The caller serializes once and writes what it compared.
    /// </summary>
    public bool IsChangedFrom(string state, string variables) => _loadedAs != (state, variables);

    public InstanceRecord Record { get; }
    public ProcessModel Model { get; }
    public InstanceState State { get; }
    public JsonObject Variables { get; private set; }
    public List<SubscriptionRecord> Subscriptions { get; }
    public List<TaskRecord> OpenTasks { get; }
    public bool IsEnded => Record.Status is InstanceStatus.Completed or InstanceStatus.Terminated;

    internal DateTimeOffset Now => _tx.Clock.UtcNow;
    private ExpressionEvaluator Expressions => _tx.Expressions;
    private SchoolCalendar Calendar => _tx.CalendarFor(Variables);

    // ---- commands -------------------------------------------------------------------------------------

    public void Start(StartEvent start, JsonObject? payload)
    {
        AddTimeline(TimelineKind.InstanceStarted, null);
        var token = NewToken(start.Id, InstanceState.RootScope);
        AddTimeline(TimelineKind.ActivityStarted, start);
        if (start.Trigger is MessageEventDefinition m) AddTimeline(TimelineKind.MessageCorrelated, start, message: m.MessageName);
        if (start.Trigger is TimerEventDefinition) AddTimeline(TimelineKind.TimerFired, start);
        Leave(token, start, payload); // the start's data is in the variables from here
        Subscribe(ListenerSubscriptions(null, Model.EventSubProcesses)); // the process' event sub-processes listen from now on
        var observers = _tx.Observers;
        for (var i = 0; i < observers.Count; i++) observers[i].InstanceStarted(Observed);
        EnterStep(start);
        Run();
    }

    /// <summary>
    /// A message arrived or a timer came due for <paramref name="subscription"/>. False when it did not take the
    /// message (the wait is gone, or an event sub-process' start condition does not hold): nothing changed.
    /// </summary>
    public bool Fire(SubscriptionRecord subscription, JsonObject? payload, IReadOnlySet<string>? trusted = null)
    {
        if (Model.Node(subscription.ElementId) is StartEvent { Container: { TriggeredByEvent: true } eventSub } start)
            return StartEventSubProcess(subscription, eventSub, start, payload);
        if (Model.Node(subscription.ElementId) is UserTask userTask)
            return CompleteTaskByMessage(subscription, userTask, payload);
        var token = State.Tokens.FirstOrDefault(t => t.Id == subscription.TokenId);
        if (token is null || !Subscriptions.Contains(subscription))
        {
            RemoveSubscription(subscription); // left over from a token that is gone: nothing waits any more
            return false;
        }
        var node = Model.Node(subscription.ElementId);
        if (subscription.Kind == SubscriptionKind.Timer) AddTimeline(TimelineKind.TimerFired, node, due: subscription.DueAt);
        else AddTimeline(TimelineKind.MessageCorrelated, node, message: subscription.MessageName);

        if (node is BoundaryEvent boundary)
        {
            if (boundary.CancelActivity) CancelToken(token);
            else if (subscription.Kind == SubscriptionKind.Timer) Reschedule(subscription, (TimerEventDefinition)boundary.Trigger);
            // a non-interrupting message boundary keeps listening: its subscription stays
            var boundaryToken = NewToken(boundary.Id, token.ScopeId);
            AddTimeline(TimelineKind.ActivityStarted, boundary);
            Leave(boundaryToken, boundary, payload, trusted: trusted);
        }
        else if (Model.Node(token.ElementId) is EventBasedGateway gateway)
        {
            // the first event wins the race; the others stop waiting
            RemoveSubscriptionsOf(token);
            AddTimeline(TimelineKind.ActivityCompleted, gateway);
            token.ElementId = node.Id;
            token.ArrivedVia = gateway.Outgoing.First(f => f.Target == node).Id;
            token.Status = TokenStatus.Ready;
            AddTimeline(TimelineKind.ActivityStarted, node);
            Leave(token, node, payload, trusted: trusted);
        }
        else
        {
            RemoveSubscription(subscription);
            token.Status = TokenStatus.Ready;
            Leave(token, node, payload, trusted: trusted);
        }
        Run();
        return true;
    }

    /// <summary>
    /// An event sub-process' start happened. Its scope is the process (listener without token) or the sub-process
    /// instance the listener's token owns. Interrupting: the scope stops listening and every other token in it is
    /// cancelled, so the scope completes when the event sub-process ends. Non-interrupting: the listener stays
    /// (a timer moves to its next cycle) and each trigger runs its own instance of the event sub-process.
    /// </summary>
    private bool StartEventSubProcess(SubscriptionRecord subscription, SubProcess eventSub, StartEvent start, JsonObject? payload)
    {
        var owner = subscription.TokenId is null ? null : State.Tokens.FirstOrDefault(t => t.Id == subscription.TokenId);
        var scopeId = subscription.TokenId is null ? InstanceState.RootScope : owner?.OwnedScopeId;
        if (scopeId is null || !Subscriptions.Contains(subscription))
        {
            RemoveSubscription(subscription);
            return false;
        }
        if (subscription.Kind == SubscriptionKind.Message && start.Condition is not null && !EventStartConditionHolds(start, payload)) return false;

        if (subscription.Kind == SubscriptionKind.Timer) AddTimeline(TimelineKind.TimerFired, start, due: subscription.DueAt);
        else AddTimeline(TimelineKind.MessageCorrelated, start, message: subscription.MessageName);
        if (start.IsInterrupting)
        {
            foreach (var listener in Subscriptions.Where(s => s.TokenId == subscription.TokenId && IsEventSubProcessStart(s.ElementId)).ToList())
                RemoveSubscription(listener);
            foreach (var other in State.Tokens.Where(t => t.ScopeId == scopeId).ToList()) CancelToken(other);
        }
        else if (subscription.Kind == SubscriptionKind.Timer) Reschedule(subscription, (TimerEventDefinition)start.Trigger!);

        var token = NewToken(eventSub.Id, scopeId);
        token.StartData = payload?.ToJsonString(); // handed to the start event when the event sub-process is entered
        _ready.Enqueue((token, false));
        Run();
        return true;
    }

    /// <summary>Same scope as a process' message start condition (the message data), over the case variables.</summary>
    private bool EventStartConditionHolds(StartEvent start, JsonObject? payload)
    {
        try { return ConditionOverMessage(start.Condition!, payload); }
        catch (ExpressionException e)
        {
            throw new StartConditionException($"Startvoorwaarde van '{start.DisplayName}' ({start.Id}) in zaak {Record.Id} faalt: {e.Reason}", e);
        }
    }

    /// <summary>A condition on an incoming message: the message data over the case variables.</summary>
    private bool ConditionOverMessage(string condition, JsonObject? payload)
    {
        var scope = Variables.DeepClone().AsObject();
        foreach (var (name, value) in payload ?? []) scope[name] = value?.DeepClone();
        return Expressions.EvaluateCondition(condition, scope);
    }

    private bool IsEventSubProcessStart(string elementId) =>
        Model.Node(elementId) is StartEvent { Container.TriggeredByEvent: true };

    public void CompleteTask(TaskRecord task, JsonObject data, string? user)
    {
        var token = State.Tokens.FirstOrDefault(t => t.TaskId == task.Id)
            ?? throw new InvalidOperationException($"Taak {task.Id} hoort bij geen wachtend token meer.");
        var node = (UserTask)Model.Node(task.ElementId);
        // today in the Netherlands: a form filled in just after midnight names the Dutch date
        TaskForm.Validate(node, data, DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(Now, Time.SchoolCalendar.DutchTimeZone).DateTime));
        FinishTask(token, node, task, data, user, detail: null);
    }

    /// <summary>
    /// verzuim:completeOn: a matching message completes the open task as if done in the inbox, with the message data
    /// as its result. The form's required fields are not demanded: the message is the evidence.
    /// </summary>
    private bool CompleteTaskByMessage(SubscriptionRecord subscription, UserTask node, JsonObject? payload)
    {
        var token = State.Tokens.FirstOrDefault(t => t.Id == subscription.TokenId);
        var task = token?.TaskId is { } taskId ? OpenTasks.FirstOrDefault(t => t.Id == taskId) : null;
        if (token is null || task is null || !Subscriptions.Contains(subscription))
        {
            RemoveSubscription(subscription);
            return false;
        }
        var data = payload ?? [];
        bool Holds(string condition)
        {
            try { return ConditionOverMessage(condition, data); }
            catch (ExpressionException e)
            {
                // like a start condition: the message is refused with the reason, the task stays open
                throw new StartConditionException($"Afrondvoorwaarde van taak '{node.DisplayName}' ({node.Id}) in zaak {Record.Id} faalt: {e.Reason}", e);
            }
        }
        if (!node.CompleteOn.Any(c => c.Message.MessageName == subscription.MessageName && (c.Condition is null || Holds(c.Condition)))) return false;
        AddTimeline(TimelineKind.MessageCorrelated, node, message: subscription.MessageName);
        FinishTask(token, node, task, data, $"systeem:{subscription.MessageName}", detail: $"afgerond door bericht {subscription.MessageName}");
        return true;
    }

    private void FinishTask(Token token, UserTask node, TaskRecord task, JsonObject data, string? completedBy, string? detail)
    {
        task.Status = WorkTaskStatus.Completed;
        task.CompletedAt = Now;
        task.CompletedBy = completedBy;
        task.Result = data.ToJsonString();
        OpenTasks.Remove(task);
        token.TaskId = null;
        token.Status = TokenStatus.Ready;
        AddTimeline(TimelineKind.TaskCompleted, node, role: task.CandidateRole, detail: detail);
        Leave(token, node, data);
        Run();
    }

    public void ChildCompleted(string tokenId, JsonObject childVariables)
    {
        var token = State.Tokens.FirstOrDefault(t => t.Id == tokenId);
        if (token is null) return; // the call activity was cancelled meanwhile
        token.ChildInstanceId = null;
        token.Status = TokenStatus.Ready;
        Leave(token, Model.Node(token.ElementId), childVariables);
        Run();
    }

    /// <summary>Resumes every token the incident stopped (a command limit stops all tokens it caught under one incident).</summary>
    public void Retry(Guid incidentId)
    {
        var tokens = State.Tokens.Where(t => t.IncidentId == incidentId).ToList();
        if (tokens.Count == 0) throw new InvalidOperationException($"Incident {incidentId} hoort bij geen token van deze instantie.");
        foreach (var token in tokens)
        {
            var phase = token.IncidentPhase;
            var pending = token.PendingResult is null ? null : JsonNode.Parse(token.PendingResult) as JsonObject;
            token.Status = TokenStatus.Ready;
            token.Incident = null;
            token.IncidentPhase = null;
            token.IncidentId = null;
            token.PendingResult = null;
            if (phase == IncidentPhase.Leave) Leave(token, Model.Node(token.ElementId), pending);
            else _ready.Enqueue((token, phase != IncidentPhase.Queued));
        }
        Run();
    }

    /// <summary>
    /// The school calendar changed: every waiting timer is counted again from its original start with the calendar
    /// as it is now; a timer whose due date moves gets a TimerRescheduled entry with the old date and
    /// <paramref name="reason"/>. Returns how many moved.
    /// </summary>
    public int RecomputeTimers(string reason)
    {
        var moved = 0;
        foreach (var timer in Subscriptions.Where(s => s.Kind == SubscriptionKind.Timer && s.DueAt is not null).ToList())
        {
            if (TimerOf(Model.Node(timer.ElementId)) is not { } definition) continue;
            var due = Schedule(definition.Kind, definition.Text).DueAt(timer.ActivatedAt ?? timer.CreatedAt, timer.Firing, Calendar)?.ToUniversalTime();
            if (due is null || due == timer.DueAt) continue;
            var old = Calendar.ToLocalTime(timer.DueAt!.Value);
            timer.DueAt = due;
            var provisional = Provisional(timer);
            AddTimeline(TimelineKind.TimerRescheduled, Model.Node(timer.ElementId), due: due,
                detail: $"was {old:yyyy-MM-dd HH:mm}; {reason}{(provisional is null ? "" : $"; {provisional}")}");
            moved++;
        }
        return moved;
    }

    /// <summary>A call activity is cancelled, or an operator stops the case: every token goes, nothing continues.</summary>
    public void Terminate()
    {
        foreach (var token in State.Tokens.Where(t => t.ScopeId == InstanceState.RootScope).ToList()) CancelToken(token);
        EndInstance(InstanceStatus.Terminated);
    }

    /// <summary>
    /// A command limit stopped <paramref name="token"/>: the first one in this instance raises the incident, every
    /// later one in the same command joins it (one incident, not one per token); retrying resumes them all.
    /// </summary>
    public void Halt(Token token, string reason, IncidentPhase phase = IncidentPhase.Enter)
    {
        RemoveSubscriptionsOf(token); // a call refused by MaxCalls had subscribed its boundaries; the retry enters again
        if (_halted is { } incident && State.Tokens.Any(t => t.IncidentId == incident))
        {
            token.Status = TokenStatus.Incident;
            token.Incident = reason;
            token.IncidentPhase = phase;
            token.IncidentId = incident;
        }
        else
        {
            Incident(token, Model.Node(token.ElementId), phase, reason, null);
            _halted = token.IncidentId;
        }
        UpdateStatus();
    }

    /// <summary>Marks a token as an incident from outside (e.g. the called process does not exist).</summary>
    public void RaiseIncident(string tokenId, string reason)
    {
        var token = State.Tokens.First(t => t.Id == tokenId);
        // the call never started: its boundary events stop listening, and a retry (which enters again) subscribes them anew
        RemoveSubscriptionsOf(token);
        Incident(token, Model.Node(token.ElementId), IncidentPhase.Enter, reason, null);
        UpdateStatus();
    }

    // ---- the token loop ---------------------------------------------------------------------------------

    private void Run()
    {
        do RunReady();
        while (ActivateInclusiveJoins()); // a join fires once nothing else can still reach it; its token runs on
        UpdateStatus();
    }

    private void RunReady()
    {
        while (_ready.TryDequeue(out var item))
        {
            var token = item.Token;
            if (!State.Tokens.Contains(token) || token.Status != TokenStatus.Ready) continue; // cancelled while queued
            _tx.Cancellation.ThrowIfCancellationRequested();
            if (!_tx.TryTakeStep())
            {
                Halt(token, _tx.StepsReason, IncidentPhase.Queued);
                continue;
            }
            var node = Model.Node(token.ElementId);
            if (!item.IsRetry)
            {
                AddTimeline(TimelineKind.ActivityStarted, node);
                EnterStep(node);
            }
            try { Enter(token, node); }
            catch (ExpressionException e) { Incident(token, node, IncidentPhase.Enter, e.Message, null); }
            catch (Time.TimerFormatException e) { Incident(token, node, IncidentPhase.Enter, e.Message, null); }
        }
    }

    private void Enter(Token token, FlowNode node)
    {
        switch (node)
        {
            case StartEvent:
            {
                // an event sub-process' start carries the message that triggered it
                var data = token.StartData is null ? null : JsonNode.Parse(token.StartData) as JsonObject;
                token.StartData = null;
                Leave(token, node, data);
                break;
            }
            case PassThroughTask or BoundaryEvent:
                Leave(token, node, null);
                break;
            case IntermediateThrowEvent { Message: { } message } thrower:
                Publish(thrower, message, thrower.Payload);
                Leave(token, node, null);
                break;
            case IntermediateThrowEvent:
                Leave(token, node, null);
                break;
            case SendTask send:
                Publish(send, send.Message, send.Payload);
                Leave(token, node, null);
                break;
            case EndEvent end:
            {
                _lastEnd = end;
                // evaluate before any effect, so a failing mapping or payload leaves nothing half done
                var outputs = end.Outputs.Count > 0 ? EvaluateMappings(end.Outputs, null) : null;
                if (end.Result is MessageEventDefinition m) Publish(end, m, end.Payload);
                foreach (var (name, value) in outputs ?? []) Assign(end, name, value);
                AddTimeline(TimelineKind.ActivityCompleted, end);
                if (end.Result is TerminateEventDefinition) TerminateScope(token);
                else EndToken(token);
                break;
            }
            case UserTask userTask:
                EnterUserTask(token, userTask);
                break;
            case ReceiveTask receive:
            {
                var subscriptions = BoundarySubscriptions(token, receive);
                subscriptions.Add(MessageSubscription(token, receive, receive.Message));
                Wait(token, subscriptions);
                break;
            }
            case IntermediateCatchEvent catcher:
                Wait(token, [catcher.Trigger is MessageEventDefinition catchMessage
                    ? MessageSubscription(token, catcher, catchMessage)
                    : TimerSubscription(token, catcher, (TimerEventDefinition)catcher.Trigger)]);
                break;
            case ExclusiveGateway gateway:
                Leave(token, node, null, [ChooseFlow(gateway)]);
                break;
            case ParallelGateway gateway:
                Join(token, gateway);
                break;
            case InclusiveGateway gateway:
                ArriveAtInclusive(token, gateway);
                break;
            case EventBasedGateway gateway:
                Wait(token, gateway.Outgoing.Select(f => f.Target switch
                {
                    ReceiveTask r => MessageSubscription(token, r, r.Message),
                    IntermediateCatchEvent { Trigger: MessageEventDefinition m } c => MessageSubscription(token, c, m),
                    IntermediateCatchEvent { Trigger: TimerEventDefinition t } c => TimerSubscription(token, c, t),
                    _ => throw new InvalidOperationException($"{f.Target} volgt een gebeurtenisgateway."),
                }).ToList());
                break;
            case SubProcess sub:
            {
                var subscriptions = BoundarySubscriptions(token, sub);
                subscriptions.AddRange(ListenerSubscriptions(token, sub.EventSubProcesses));
                var scope = $"{sub.Id}/{token.Id}";
                token.OwnedScopeId = scope;
                Wait(token, subscriptions);
                var inner = NewToken(sub.StartEvent.Id, scope);
                inner.StartData = token.StartData;
                token.StartData = null;
                _ready.Enqueue((inner, false));
                break;
            }
            case CallActivity call:
            {
                var inputs = call.Inputs.Count == 0 ? Variables.DeepClone().AsObject() : EvaluateMappings(call.Inputs, null);
                var subscriptions = BoundarySubscriptions(token, call);
                Wait(token, subscriptions);
                _tx.StartChild(this, token, call.CalledProcessId, inputs);
                break;
            }
            default:
                throw new InvalidOperationException($"Geen gedrag voor {node}.");
        }
    }

    private void EnterUserTask(Token token, UserTask node)
    {
        DateTimeOffset? due = node.DueDate is null ? null : DueInstant(node.DueDate, TimerKind.Duration);
        // "=expression": the role comes from the case, e.g. a called fragment whose caller names who acts
        var role = node.CandidateRole is { } r && r.StartsWith('=') ? Expressions.EvaluateString(r[1..], Variables) : node.CandidateRole;
        var subscriptions = BoundarySubscriptions(token, node);
        subscriptions.AddRange(node.CompleteOn.Select(c => c.Message).DistinctBy(m => m.MessageName).Select(m => MessageSubscription(token, node, m)));
        var task = new TaskRecord
        {
            Id = Guid.NewGuid(), InstanceId = Record.Id, TokenId = token.Id, ElementId = node.Id, Name = node.Name,
            CandidateRole = role, BusinessKey = Record.BusinessKey, DueAt = due, CreatedAt = Now,
            Form = JsonSerializer.Serialize(node.FormFields, TaskForm.JsonOptions), Status = WorkTaskStatus.Open,
        };
        _tx.AddTask(this, task);
        token.TaskId = task.Id;
        AddTimeline(TimelineKind.TaskCreated, node, role: role, due: due);
        var observers = _tx.Observers;
        for (var i = 0; i < observers.Count; i++) observers[i].UserTaskCreated(Observed, node, task);
        Wait(token, subscriptions);
    }

    private SequenceFlow ChooseFlow(ExclusiveGateway gateway)
    {
        // a single flow is taken unconditionally only when it has no condition (BPMN 2.0 §13.3.2: a false one is an incident)
        if (gateway.Outgoing is [{ Condition: null } only]) return only;
        foreach (var flow in gateway.Outgoing.Where(f => f.Id != gateway.DefaultFlowId))
            if (Expressions.EvaluateCondition(flow.Condition!, Variables)) return flow;
        return gateway.Outgoing.FirstOrDefault(f => f.Id == gateway.DefaultFlowId)
            ?? throw new ExpressionException(string.Join(" | ", gateway.Outgoing.Select(f => f.Condition)),
                "geen enkele voorwaarde is waar en de gateway heeft geen standaardstroom");
    }

    private void Join(Token token, ParallelGateway gateway)
    {
        if (gateway.Incoming.Count <= 1)
        {
            Leave(token, gateway, null);
            return;
        }
        token.Status = TokenStatus.Waiting;
        var arrived = State.Tokens.Where(t => t.ElementId == gateway.Id && t.ScopeId == token.ScopeId && t.Status == TokenStatus.Waiting).ToList();
        var oneEach = gateway.Incoming.Select(f => arrived.FirstOrDefault(t => t.ArrivedVia == f.Id)).ToList();
        if (oneEach.Any(t => t is null)) return; // still waiting for another branch
        foreach (var t in oneEach) State.Tokens.Remove(t!);
        var merged = NewToken(gateway.Id, token.ScopeId);
        Leave(merged, gateway, null);
    }

    private void Leave(Token token, FlowNode node, JsonObject? result, IReadOnlyList<SequenceFlow>? flows = null, IReadOnlySet<string>? trusted = null)
    {
        try { ApplyOutputs(node, result, trusted); }
        catch (ExpressionException e)
        {
            Incident(token, node, IncidentPhase.Leave, e.Message, result);
            return;
        }
        if (node is not EndEvent) AddTimeline(TimelineKind.ActivityCompleted, node);
        RemoveSubscriptionsOf(token);
        token.TaskId = null;
        flows ??= node.Outgoing;
        if (flows.Count == 0)
        {
            EndToken(token);
            return;
        }
        for (var i = 0; i < flows.Count; i++)
        {
            var moving = i == 0 ? token : NewToken(node.Id, token.ScopeId);
            moving.ElementId = flows[i].Target.Id;
            moving.ArrivedVia = flows[i].Id;
            moving.Status = TokenStatus.Ready;
            _ready.Enqueue((moving, false));
        }
    }

    private void ApplyOutputs(FlowNode node, JsonObject? result, IReadOnlySet<string>? trusted)
    {
        if (node.Outputs.Count > 0)
        {
            var values = EvaluateMappings(node.Outputs, result);
            foreach (var (name, value) in values) Assign(node, name, value);
        }
        else if (result is not null)
        {
            // without mappings the result is merged, as in Zeebe: message data and form fields become variables, except
            // the protected ones (school, pupil, signals, medical detail): only a process start's data or an explicit mapping sets those
            foreach (var (name, value) in result)
                if (node is StartEvent { Container: null } || !_tx.IsProtected(name) || trusted?.Contains(name) == true) Assign(node, name, value);
        }
    }

    /// <summary>
    /// Sets a variable; a change of one the options keep a history of (<see cref="WorkflowEngineOptions.HistoryVariables"/>)
    /// is written to the timeline as VariableChanged: the node that set it (none for an operator or a message's
    /// case-wide data), the new value as {"name": value} in the detail.
    /// </summary>
    public void Assign(FlowNode? node, string name, JsonNode? value)
    {
        var changed = _tx.KeepsHistoryOf(name) && !JsonNode.DeepEquals(Variables[name], value);
        Variables[name] = value?.DeepClone();
        if (changed) AddTimeline(TimelineKind.VariableChanged, node, detail: new JsonObject { [name] = value?.DeepClone() }.ToJsonString());
    }

    /// <summary>Evaluates every mapping before assigning any, so a failing one leaves the variables untouched.</summary>
    private JsonObject EvaluateMappings(IReadOnlyList<VariableMapping> mappings, JsonObject? overlay)
    {
        var values = new JsonObject();
        foreach (var mapping in mappings) values[mapping.Target] = Expressions.Evaluate(mapping.Expression, Variables, overlay);
        return values;
    }

    // ---- ending ---------------------------------------------------------------------------------------

    private void EndToken(Token token)
    {
        State.Tokens.Remove(token);
        CompleteScopeIfEmpty(token.ScopeId);
    }

    private void CompleteScopeIfEmpty(string scopeId)
    {
        if (State.Tokens.Any(t => t.ScopeId == scopeId)) return;
        if (scopeId == InstanceState.RootScope)
        {
            EndInstance(InstanceStatus.Completed);
            return;
        }
        var owner = State.Tokens.First(t => t.OwnedScopeId == scopeId);
        owner.OwnedScopeId = null;
        owner.Status = TokenStatus.Ready;
        Leave(owner, Model.Node(owner.ElementId), null);
    }

    /// <summary>A terminate end event ends its own scope: the whole instance at process level, only the sub-process inside one.</summary>
    private void TerminateScope(Token token)
    {
        State.Tokens.Remove(token);
        foreach (var other in State.Tokens.Where(t => t.ScopeId == token.ScopeId).ToList()) CancelToken(other);
        CompleteScopeIfEmpty(token.ScopeId);
    }

    private void CancelToken(Token token)
    {
        if (!State.Tokens.Remove(token)) return;
        AddTimeline(TimelineKind.ActivityCancelled, Model.Node(token.ElementId));
        RemoveSubscriptionsOf(token);
        if (token.TaskId is { } taskId && OpenTasks.FirstOrDefault(t => t.Id == taskId) is { } task)
        {
            task.Status = WorkTaskStatus.Cancelled;
            task.CompletedAt = Now;
            OpenTasks.Remove(task);
        }
        if (token.OwnedScopeId is { } scope)
            foreach (var inner in State.Tokens.Where(t => t.ScopeId == scope).ToList()) CancelToken(inner);
        if (token.ChildInstanceId is { } child) _tx.CancelChild(child);
        // an incident several tokens share (a command limit) is resolved with the last of them
        if (token.IncidentId is { } incident && !State.Tokens.Any(t => t.IncidentId == incident)) _tx.ResolveIncident(incident);
    }

    private void EndInstance(InstanceStatus status)
    {
        if (IsEnded) return;
        foreach (var s in Subscriptions.ToList()) RemoveSubscription(s);
        Record.Status = status;
        Record.EndedAt = Now;
        AddTimeline(TimelineKind.InstanceCompleted, null, detail: status == InstanceStatus.Terminated ? "beëindigd" : null);
        var observers = _tx.Observers;
        for (var i = 0; i < observers.Count; i++) observers[i].InstanceEnded(Observed, status, _lastEnd);
        if (status == InstanceStatus.Completed && Record.ParentInstanceId is { } parent)
            _tx.NotifyParent(parent, Record.ParentTokenId!, Variables);
    }

    private void UpdateStatus()
    {
        if (IsEnded) return;
        Record.Status = State.Tokens.Any(t => t.Status == TokenStatus.Incident) ? InstanceStatus.Incident : InstanceStatus.Running;
    }

    private void Incident(Token token, FlowNode node, IncidentPhase phase, string reason, JsonObject? pendingResult)
    {
        token.Status = TokenStatus.Incident;
        token.Incident = reason;
        token.IncidentPhase = phase;
        token.PendingResult = pendingResult?.ToJsonString();
        token.IncidentId = _tx.AddIncident(this, token, node, reason);
        AddTimeline(TimelineKind.Incident, node, detail: reason);
    }

    // ---- waiting ----------------------------------------------------------------------------------------

    private void Wait(Token token, List<SubscriptionRecord> subscriptions)
    {
        token.Status = TokenStatus.Waiting;
        Subscribe(subscriptions);
    }

    private void Subscribe(List<SubscriptionRecord> subscriptions)
    {
        foreach (var s in subscriptions)
        {
            Subscriptions.Add(s);
            _tx.AddSubscription(this, s);
            if (s.Kind == SubscriptionKind.Timer) AddTimeline(TimelineKind.TimerScheduled, Model.Node(s.ElementId), due: s.DueAt, detail: Provisional(s));
        }
    }

    /// <summary>A school-time due date past the calendar's holiday data is a best estimate: the timeline says so.</summary>
    private string? Provisional(SubscriptionRecord timer) =>
        timer.DueAt is { } due && TimerOf(Model.Node(timer.ElementId)) is { } t ? Schedule(t.Kind, t.Text).CoverageOf(due, Calendar)?.Message : null;

    private static TimerEventDefinition? TimerOf(FlowNode node) =>
        (node switch { BoundaryEvent b => b.Trigger, IntermediateCatchEvent c => c.Trigger, StartEvent s => s.Trigger, _ => null }) as TimerEventDefinition; // start: of an event sub-process

    /// <summary>Boundary subscriptions are computed before the activity starts, so a failing expression changes nothing.</summary>
    private List<SubscriptionRecord> BoundarySubscriptions(Token token, FlowNode activity) =>
        activity.BoundaryEvents.Select(b => b.Trigger is MessageEventDefinition m
            ? MessageSubscription(token, b, m)
            : TimerSubscription(token, b, (TimerEventDefinition)b.Trigger)).ToList();

    /// <summary>
    /// The start events of a scope's event sub-processes listen while the scope is active: held by the token that
    /// owns the sub-process scope (so they go when it completes or is cancelled), or by no token at process level
    /// (they go when the instance ends).
    /// </summary>
    private List<SubscriptionRecord> ListenerSubscriptions(Token? owner, IEnumerable<SubProcess> eventSubProcesses) =>
        eventSubProcesses.Select(e => e.StartEvent.Trigger is MessageEventDefinition m
            ? MessageSubscription(owner, e.StartEvent, m)
            : TimerSubscription(owner, e.StartEvent, (TimerEventDefinition)e.StartEvent.Trigger!)).ToList();

    private SubscriptionRecord MessageSubscription(Token? token, FlowNode element, MessageEventDefinition message) => new()
    {
        Id = Guid.NewGuid(), Kind = SubscriptionKind.Message, InstanceId = Record.Id, TokenId = token?.Id, ElementId = element.Id,
        MessageName = message.MessageName, CreatedAt = Now,
        CorrelationKey = message.CorrelationKey is null ? null : Expressions.EvaluateString(message.CorrelationKey, Variables),
    };

    private SubscriptionRecord TimerSubscription(Token? token, FlowNode element, TimerEventDefinition timer)
    {
        var schedule = Schedule(timer.Kind, timer.Text);
        var due = schedule.DueAt(Now, 0, Calendar)
            ?? throw new ExpressionException(timer.Text, "de timer heeft geen enkel moment om af te gaan");
        return new SubscriptionRecord
        {
            Id = Guid.NewGuid(), Kind = SubscriptionKind.Timer, InstanceId = Record.Id, TokenId = token?.Id, ElementId = element.Id,
            DueAt = due.ToUniversalTime(), ActivatedAt = Now, Firing = 0, CreatedAt = Now,
        };
    }

    private void Reschedule(SubscriptionRecord subscription, TimerEventDefinition timer)
    {
        var next = Schedule(timer.Kind, timer.Text).DueAt(subscription.ActivatedAt ?? Now, subscription.Firing + 1, Calendar);
        if (next is null)
        {
            RemoveSubscription(subscription);
            return;
        }
        subscription.Firing++;
        subscription.DueAt = next.Value.ToUniversalTime();
        AddTimeline(TimelineKind.TimerScheduled, Model.Node(subscription.ElementId), due: subscription.DueAt, detail: Provisional(subscription));
    }

    private TimerSchedule Schedule(TimerKind kind, string text) =>
        TimerSchedule.Parse(kind, text.StartsWith('=') ? Expressions.EvaluateString(text[1..], Variables) : text);

    /// <summary>A due date is a duration from now ("5 schooldagen", "P2W") or a date.</summary>
    private DateTimeOffset DueInstant(string text, TimerKind preferred)
    {
        var literal = text.StartsWith('=') ? Expressions.EvaluateString(text[1..], Variables) : text;
        var kind = TimerSchedule.TryParse(preferred, literal, out _, out _) ? preferred : TimerKind.Date;
        return (TimerSchedule.Parse(kind, literal).DueAt(Now, 0, Calendar) ?? Now).ToUniversalTime();
    }

    private void RemoveSubscriptionsOf(Token token)
    {
        foreach (var s in Subscriptions.Where(s => s.TokenId == token.Id).ToList()) RemoveSubscription(s);
    }

    private void RemoveSubscription(SubscriptionRecord subscription)
    {
        Subscriptions.Remove(subscription);
        _tx.RemoveSubscription(subscription);
    }

    // ---- messages out and history ---------------------------------------------------------------------

    private void Publish(FlowNode node, MessageEventDefinition message, string? payloadExpression)
    {
        var payload = payloadExpression is null ? [] : Expressions.Evaluate(payloadExpression, Variables) as JsonObject
            ?? throw new ExpressionException(payloadExpression, "de berichtinhoud moet een object zijn, bijv. ({ reden: 'x' })");
        var key = message.CorrelationKey is null ? null : Expressions.EvaluateString(message.CorrelationKey, Variables);
        AddOutbox(message.MessageName, key, payload);
        AddTimeline(TimelineKind.MessagePublished, node, message: message.MessageName);
    }

    /// <summary>verzuim:stap: the case is now in the node's step; said once per change, not on every re-entry.</summary>
    private void EnterStep(FlowNode node)
    {
        if (node.Step is null || node.Step == Record.Step) return;
        Record.Step = node.Step;
        var observers = _tx.Observers;
        for (var i = 0; i < observers.Count; i++) observers[i].StepEntered(Observed, node);
    }

    /// <summary>What observers see of this instance; made on first use (no observers: never).</summary>
    private ObservedInstance Observed => _observed ??= new ObservedInstance(this);
    private ObservedInstance? _observed;

    /// <summary>An outbox row in the format a model's message event writes (the dispatcher and every consumer read one format).</summary>
    internal void AddOutbox(string messageName, string? correlationKey, JsonObject payload) =>
        _tx.AddOutbox(new OutboxRecord
        {
            Id = Guid.NewGuid(), InstanceId = Record.Id, MessageName = messageName, CorrelationKey = correlationKey,
            Payload = payload.ToJsonString(), CreatedAt = Now,
        });

    private Token NewToken(string elementId, string scopeId)
    {
        var token = new Token { Id = State.NewTokenId(), ElementId = elementId, ScopeId = scopeId, Status = TokenStatus.Ready };
        State.Tokens.Add(token);
        return token;
    }

    private void AddTimeline(TimelineKind kind, FlowNode? node, string? role = null, DateTimeOffset? due = null, string? message = null, string? detail = null) =>
        _tx.AddTimeline(new TimelineRecord
        {
            InstanceId = Record.Id, Sequence = State.NextTimelineSequence++, At = Now, Kind = kind,
            ElementId = node is null ? Model.Id : node.Id, ElementName = node is null ? Model.Name : node.Name, ElementType = node is null ? "process" : node.BpmnType,
            Role = role, Due = due?.ToUniversalTime(), Message = message, Detail = detail,
        });
}
