using System.Text.Json;
using System.Text.Json.Nodes;
using Verzuim.Workflows.Model;
using Verzuim.Workflows.Runtime;
using Verzuim.Workflows.Stores;
using Verzuim.Workflows.Time;

namespace Verzuim.Workflows.Migration;

/// <summary>
/// Moves one case from the plan's source version to its target, inside the command's unit of work. Tokens keep their
/// ids and data and move to the mapped element; waits are reconciled with what the target element waits for (a kept
/// timer gets its due date by its <see cref="TimerRule"/>, a kept message wait keeps its correlation key, a wait the
/// target no longer has is removed, one it adds is opened as if it had been there from the element's start); open tasks
/// keep id, claim and role and get the target's form and a recomputed due date; variables stay as they are. Nothing the
/// target adds before a token runs. The case timeline gets TimerRescheduled for every moved due date and one
/// InstanceMigrated entry with who migrated, the plan and the before and after.
/// </summary>
internal sealed class CaseMigrator(WorkflowTransaction tx, MigrationPlan plan, DefinitionRecord sourceDefinition, ProcessModel source,
    DefinitionRecord targetDefinition, ProcessModel target)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Checks the case and, when nothing refuses it, migrates it (the changes are the unit of work's to commit or drop).</summary>
    public async Task<CaseMigrationPreview> MigrateAsync(Guid instanceId, string? migratedBy, CancellationToken ct)
    {
        var record = await tx.Store.FindInstanceAsync(instanceId, ct) ?? throw new KeyNotFoundException($"Zaak {instanceId} bestaat niet.");
        var state = InstanceState.Deserialize(record.State);
        var problems = await CheckAsync(record, state, ct);
        if (problems.Count > 0)
            return new(record.Id, record.BusinessKey, record.SchoolId, record.Step, record.DefinitionVersion, targetDefinition.Version, problems, [], [], []);

        var now = tx.Clock.UtcNow;
        var variables = JsonNode.Parse(record.Variables) as JsonObject ?? [];
        var calendar = tx.CalendarFor(variables);
        var subscriptions = (await tx.Store.SubscriptionsOfInstanceAsync(record.Id, ct))
            .OrderBy(s => s.CreatedAt).ThenBy(s => s.ElementId, StringComparer.Ordinal).ToList();
        var tasks = await tx.Store.OpenTasksOfInstanceAsync(record.Id, ct);
        var timeline = new List<TimelineRecord>();
        foreach (var s in subscriptions) NoteActivation(s.TokenId, s.ActivatedAt ?? s.CreatedAt);
        foreach (var t in tasks) NoteActivation(t.TokenId, t.CreatedAt);

        // ---- tokens: same id and data, the mapped element and scope
        var active = new List<ActiveElementChange>();
        var tokens = new List<Token>();
        foreach (var token in state.Tokens)
        {
            var to = plan.TargetOf(token.ElementId)!;
            active.Add(new(token.ElementId, to, target.Node(to).Name));
            tokens.Add(new Token
            {
                Id = token.Id, ElementId = to, ScopeId = MapScope(token.ScopeId)!, Status = token.Status, ArrivedVia = token.ArrivedVia,
                TaskId = token.TaskId, ChildInstanceId = token.ChildInstanceId, OwnedScopeId = token.OwnedScopeId is { } owned ? MapScope(owned) : null,
                Incident = token.Incident, IncidentPhase = token.IncidentPhase, IncidentId = token.IncidentId, StartData = token.StartData,
                PendingResult = token.PendingResult,
            });
            if (token.IncidentId is { } incidentId && await tx.Store.FindIncidentAsync(incidentId, ct) is { ResolvedAt: null } incident)
                incident.ElementId = to;
        }
        state.Tokens.Clear();
        state.Tokens.AddRange(tokens);

        // ---- waits: what each token waits for in the target, matched with what it waited for in the source
        var expected = ExpectedWaits(state);
        var timers = new List<TimerChange>();
        foreach (var subscription in subscriptions)
        {
            var to = plan.TargetOf(subscription.ElementId);
            var candidates = to is null ? [] : expected.Where(w => w.TokenId == subscription.TokenId && w.Element.Id == to && w.Existing is null
                && (w.Trigger is TimerEventDefinition) == (subscription.Kind == SubscriptionKind.Timer)).ToList();
            var wait = candidates.FirstOrDefault(w => w.Trigger is MessageEventDefinition m && m.MessageName == subscription.MessageName)
                ?? candidates.FirstOrDefault();
            if (wait is null)
            {
                tx.Store.RemoveSubscription(subscription);
                if (subscription.Kind == SubscriptionKind.Timer)
                    timers.Add(new(subscription.ElementId, null, subscription.DueAt, null, null, "het element is er in de doelversie niet meer: de timer vervalt"));
                continue;
            }
            wait.Existing = subscription;
            var from = subscription.ElementId;
            subscription.ElementId = to!;
            if (wait.Trigger is MessageEventDefinition message) subscription.MessageName = message.MessageName; // the key stays
            else if (wait.Trigger is TimerEventDefinition timer)
            {
                var rule = plan.OverrideOf(from) ?? MigrationPlanner.AutomaticRule(timer);
                var old = subscription.DueAt;
                var due = rule == TimerRule.KeepDueDate ? old : Due(timer, subscription.ActivatedAt ?? subscription.CreatedAt, subscription.Firing, variables, calendar, ref rule);
                if (due is null)
                {
                    tx.Store.RemoveSubscription(subscription);
                    timers.Add(new(from, to, old, null, rule, "de herhaling van de doelversie is al voorbij: de timer vervalt"));
                    continue;
                }
                subscription.DueAt = due;
                timers.Add(new(from, to, old, due, rule, Explain(rule, old, due, now, calendar)));
                if (due != old)
                    timeline.Add(Entry(record, state, TimelineKind.TimerRescheduled, target.Node(to!), due: due,
                        detail: $"was {(old is { } o ? calendar.ToLocalTime(o).ToString("yyyy-MM-dd HH:mm") : "-")}; migratie naar versie {targetDefinition.Version}"));
            }
        }
        foreach (var wait in expected.Where(w => w.Existing is null && w.Opens))
        {
            var subscription = NewWait(record, wait, variables, calendar, now);
            if (subscription is null) continue;
            tx.Store.AddSubscription(subscription);
            if (subscription.Kind == SubscriptionKind.Timer)
            {
                timers.Add(new(null, wait.Element.Id, null, subscription.DueAt, MigrationPlanner.AutomaticRule((TimerEventDefinition)wait.Trigger),
                    "nieuw in de doelversie: gerekend vanaf de start van het element" + (subscription.DueAt <= now ? "; al verstreken, gaat direct af" : "")));
                timeline.Add(Entry(record, state, TimelineKind.TimerScheduled, wait.Element, due: subscription.DueAt));
            }
        }

        // ---- open tasks: same id, claim and role; the target's name and form; the due date recomputed
        var taskChanges = new List<TaskChange>();
        foreach (var task in tasks)
        {
            var to = plan.TargetOf(task.ElementId)!;
            var node = (UserTask)target.Node(to);
            var old = task.DueAt;
            var rule = plan.OverrideOf(task.ElementId) ?? (node.DueDate is null ? TimerRule.KeepDueDate : MigrationPlanner.AutomaticRule(MigrationPlanner.DueDateTimer(node.DueDate)));
            task.DueAt = node.DueDate is null ? null
                : rule == TimerRule.KeepDueDate ? old
                : Due(MigrationPlanner.DueDateTimer(node.DueDate), task.CreatedAt, 0, variables, calendar, ref rule);
            taskChanges.Add(new(task.Id, task.ElementId, to, task.ClaimedBy, old, task.DueAt));
            task.ElementId = to;
            task.Name = node.Name;
            task.Form = JsonSerializer.Serialize(node.FormFields, TaskForm.JsonOptions);
            if (node.CandidateRole is { } role && !role.StartsWith('=')) task.CandidateRole = role;
        }

        var preview = new CaseMigrationPreview(record.Id, record.BusinessKey, record.SchoolId, record.Step, sourceDefinition.Version, targetDefinition.Version,
            [], active, timers, taskChanges);
        timeline.Add(Entry(record, state, TimelineKind.InstanceMigrated, null, detail: AuditDetail(preview, migratedBy)));

        record.DefinitionId = targetDefinition.Id;
        record.DefinitionVersion = targetDefinition.Version;
        record.State = state.Serialize();
        record.UpdatedAt = now;
        record.Version++; // a concurrent command on the case fails on write and runs again on the migrated case
        foreach (var entry in timeline) tx.Store.AddTimeline(entry);
        return preview;
    }

    // ---- checks -------------------------------------------------------------------------------------------

    private async Task<List<MigrationProblem>> CheckAsync(InstanceRecord record, InstanceState state, CancellationToken ct)
    {
        var problems = new List<MigrationProblem>();
        if (record.DefinitionId != sourceDefinition.Id)
            problems.Add(new("(zaak)", "andere-versie", $"Zaak {record.Id} staat op versie {record.DefinitionVersion} van '{record.ProcessId}', het plan migreert versie {sourceDefinition.Version}."));
        if (record.Status is not (InstanceStatus.Running or InstanceStatus.Incident))
            problems.Add(new("(zaak)", "zaak-gesloten", $"Zaak {record.Id} is {(record.Status == InstanceStatus.Completed ? "afgerond" : "beëindigd")}; alleen lopende zaken migreren."));
        if (problems.Count > 0) return problems;

        foreach (var token in state.Tokens)
        {
            var node = source.NodesById.GetValueOrDefault(token.ElementId);
            var label = node is null ? $"'{token.ElementId}'" : MigrationPlanner.Label(node);
            if (token.ScopeId != InstanceState.RootScope && MapScope(token.ScopeId) is null)
            {
                var scope = ScopeElement(token.ScopeId);
                problems.Add(new(scope, "bereik-verwijderd",
                    $"Een token staat in {label} binnen subproces '{scope}', dat de doelversie niet meer heeft en dat niet gemapt is."));
                continue;
            }
            if (plan.TargetOf(token.ElementId) is not { } to || !target.NodesById.TryGetValue(to, out var targetNode))
            {
                problems.Add(new(token.ElementId, "actief-element-verwijderd",
                    $"Een token staat in {label}, dat geen mapping heeft naar de doelversie; map het op een element van versie {targetDefinition.Version}."));
                continue;
            }
            if (token.ChildInstanceId is { } child && targetNode is CallActivity call
                && await tx.Store.FindInstanceAsync(child, ct) is { } called && called.ProcessId != call.CalledProcessId)
                problems.Add(new(token.ElementId, "aanroep-verwijderd",
                    $"{label} heeft een lopende aanroep van '{called.ProcessId}', maar roept in de doelversie '{call.CalledProcessId}' aan."));
            if (token.Status == TokenStatus.Waiting && targetNode is ParallelGateway or InclusiveGateway
                && (token.ArrivedVia is null || !target.FlowsById.TryGetValue(token.ArrivedVia, out var flow) || flow.Target.Id != to))
                problems.Add(new(token.ElementId, "stroom-verwijderd",
                    $"Een token wacht in samenvoeging {label} op de andere takken, maar kwam via '{token.ArrivedVia}', dat in de doelversie niet naar '{to}' leidt."));
        }
        return problems;
    }

    private static string ScopeElement(string scopeId) => scopeId.Split('/')[0];

    /// <summary>"root", or "{sub-process}/{token}" with the sub-process mapped; null when the sub-process has no mapping.</summary>
    private string? MapScope(string scopeId)
    {
        if (scopeId == InstanceState.RootScope) return scopeId;
        var slash = scopeId.IndexOf('/');
        return plan.TargetOf(scopeId[..slash]) is { } to ? to + scopeId[slash..] : null;
    }

    // ---- waits --------------------------------------------------------------------------------------------

    private sealed class Wait(string? tokenId, FlowNode element, EventDefinition trigger, bool opens, DateTimeOffset? activatedAt)
    {
        public string? TokenId { get; } = tokenId;
        public FlowNode Element { get; } = element;
        public EventDefinition Trigger { get; } = trigger;
        /// <summary>False for a token on an incident: what it still waits for is kept, nothing new opens.</summary>
        public bool Opens { get; } = opens;
        public DateTimeOffset? ActivatedAt { get; set; } = activatedAt;
        public SubscriptionRecord? Existing { get; set; }
    }

    /// <summary>What the tokens, standing on their target elements, wait for in the target version (as entering them would subscribe).</summary>
    private List<Wait> ExpectedWaits(InstanceState state)
    {
        var waits = new List<Wait>();
        if (!InterruptedScope(state, InstanceState.RootScope))
            foreach (var eventSub in target.EventSubProcesses)
                waits.Add(new(null, eventSub.StartEvent, eventSub.StartEvent.Trigger!, true, null));
        foreach (var token in state.Tokens)
        {
            var node = target.Node(token.ElementId);
            var opens = token.Status == TokenStatus.Waiting;
            void Add(FlowNode element, EventDefinition trigger) => waits.Add(new(token.Id, element, trigger, opens, null));
            switch (node)
            {
                case UserTask user:
                    foreach (var b in user.BoundaryEvents) Add(b, b.Trigger);
                    foreach (var m in user.CompleteOn.Select(c => c.Message).DistinctBy(m => m.MessageName)) Add(user, m);
                    break;
                case ReceiveTask receive:
                    foreach (var b in receive.BoundaryEvents) Add(b, b.Trigger);
                    Add(receive, receive.Message);
                    break;
                case IntermediateCatchEvent catcher:
                    Add(catcher, catcher.Trigger);
                    break;
                case EventBasedGateway gateway:
                    foreach (var f in gateway.Outgoing)
                        if (f.Target is ReceiveTask r) Add(r, r.Message);
                        else if (f.Target is IntermediateCatchEvent c) Add(c, c.Trigger);
                    break;
                case SubProcess sub when token.OwnedScopeId is { } scope:
                    foreach (var b in sub.BoundaryEvents) Add(b, b.Trigger);
                    if (!InterruptedScope(state, scope))
                        foreach (var e in sub.EventSubProcesses) Add(e.StartEvent, e.StartEvent.Trigger!);
                    break;
                case CallActivity call:
                    foreach (var b in call.BoundaryEvents) Add(b, b.Trigger);
                    break;
            }
        }
        return waits;
    }

    /// <summary>An interrupting event sub-process runs in the scope: its listeners were removed and stay so.</summary>
    private bool InterruptedScope(InstanceState state, string scopeId) =>
        state.Tokens.Any(t => t.ScopeId == scopeId && target.Node(t.ElementId) is SubProcess { TriggeredByEvent: true } e && e.StartEvent.IsInterrupting);

    /// <summary>A wait the target adds, opened as if it had been there from the element's start (a timer counts from then).</summary>
    private SubscriptionRecord? NewWait(InstanceRecord record, Wait wait, JsonObject variables, SchoolCalendar calendar, DateTimeOffset now)
    {
        var subscription = new SubscriptionRecord
        {
            Id = Guid.NewGuid(), InstanceId = record.Id, TokenId = wait.TokenId, ElementId = wait.Element.Id, CreatedAt = now,
        };
        if (wait.Trigger is MessageEventDefinition message)
        {
            subscription.Kind = SubscriptionKind.Message;
            subscription.MessageName = message.MessageName;
            subscription.CorrelationKey = message.CorrelationKey is null ? null : tx.Expressions.EvaluateString(message.CorrelationKey, variables);
            return subscription;
        }
        var timer = (TimerEventDefinition)wait.Trigger;
        var activatedAt = wait.TokenId is null ? record.StartedAt : ActivationOf(wait.TokenId) ?? now;
        var rule = TimerRule.ElapsedClockTime;
        var due = Due(timer, activatedAt, 0, variables, calendar, ref rule);
        if (due is null) return null;
        subscription.Kind = SubscriptionKind.Timer;
        subscription.DueAt = due;
        subscription.ActivatedAt = activatedAt;
        return subscription;
    }

    /// <summary>When each token's element started: when its first wait or its task was opened.</summary>
    private readonly Dictionary<string, DateTimeOffset> _activations = [];

    private DateTimeOffset? ActivationOf(string tokenId) => _activations.TryGetValue(tokenId, out var at) ? at : null;

    private void NoteActivation(string? tokenId, DateTimeOffset at)
    {
        if (tokenId is not null && (!_activations.TryGetValue(tokenId, out var known) || known > at)) _activations[tokenId] = at;
    }

    // ---- due dates ----------------------------------------------------------------------------------------

    /// <summary>The due date of firing <paramref name="firing"/> of the target timer counted from <paramref name="activatedAt"/>.</summary>
    private DateTimeOffset? Due(TimerEventDefinition timer, DateTimeOffset activatedAt, int firing, JsonObject variables, SchoolCalendar calendar, ref TimerRule rule)
    {
        var text = timer.IsExpression ? tx.Expressions.EvaluateString(timer.Text[1..], variables) : timer.Text;
        var kind = timer.Kind;
        if (timer.IsExpression && kind == TimerKind.Duration && !TimerSchedule.TryParse(kind, text, out _, out _)) kind = TimerKind.Date; // a due date "=datum"
        var schedule = TimerSchedule.Parse(kind, text);
        if (rule is TimerRule.ElapsedClockTime or TimerRule.ElapsedSchoolTime)
            rule = kind == TimerKind.Date ? TimerRule.FixedDate : schedule.IsSchoolTime ? TimerRule.ElapsedSchoolTime : TimerRule.ElapsedClockTime;
        return schedule.DueAt(activatedAt, firing, calendar)?.ToUniversalTime();
    }

    private static string Explain(TimerRule rule, DateTimeOffset? old, DateTimeOffset? due, DateTimeOffset now, SchoolCalendar calendar)
    {
        if (due is not { } d) return "vervalt";
        var text = rule switch
        {
            TimerRule.ElapsedSchoolTime => "verstreken schooltijd telt mee",
            TimerRule.ElapsedClockTime => "verstreken tijd telt mee",
            TimerRule.FixedDate => "vaste datum",
            _ => "vervaldatum blijft staan",
        };
        if (d <= now) return text + "; al verstreken, gaat direct af";
        if (rule == TimerRule.ElapsedSchoolTime)
        {
            var left = calendar.CountSchoolDays(calendar.LocalDate(now).AddDays(1), calendar.LocalDate(d));
            text += $"; nog {left} schooldag{(left == 1 ? "" : "en")}";
        }
        return old == due ? text + "; ongewijzigd" : text;
    }

    // ---- history ------------------------------------------------------------------------------------------

    private TimelineRecord Entry(InstanceRecord record, InstanceState state, TimelineKind kind, FlowNode? node, DateTimeOffset? due = null,
        string? detail = null) => new()
    {
        InstanceId = record.Id, Sequence = state.NextTimelineSequence++, At = tx.Clock.UtcNow, Kind = kind,
        ElementId = node is null ? target.Id : node.Id, ElementName = node is null ? target.Name : node.Name, ElementType = node is null ? "process" : node.BpmnType,
        Due = due?.ToUniversalTime(), Detail = detail,
    };

    /// <summary>Who, the plan and the before and after, as the audit detail of the InstanceMigrated entry.</summary>
    private string AuditDetail(CaseMigrationPreview preview, string? migratedBy) => JsonSerializer.Serialize(new
    {
        door = migratedBy,
        vanVersie = sourceDefinition.Version,
        naarVersie = targetDefinition.Version,
        vanDefinitie = sourceDefinition.Id,
        naarDefinitie = targetDefinition.Id,
        mappings = plan.Mappings.Where(m => m.SourceElementId != m.TargetElementId).Select(m => new { van = m.SourceElementId, naar = m.TargetElementId }),
        timerregels = plan.TimerOverrides.Select(o => new { element = o.SourceElementId, regel = o.Rule.ToString() }),
        actief = preview.ActiveElements.Select(a => new { van = a.SourceElementId, naar = a.TargetElementId }),
        timers = preview.Timers.Select(t => new { van = t.SourceElementId, naar = t.TargetElementId, was = t.OldDue, wordt = t.NewDue, regel = t.Rule?.ToString() }),
        taken = preview.Tasks.Select(t => new { taak = t.TaskId, van = t.SourceElementId, naar = t.TargetElementId, was = t.OldDue, wordt = t.NewDue, geclaimdDoor = t.ClaimedBy }),
    }, Json);
}
