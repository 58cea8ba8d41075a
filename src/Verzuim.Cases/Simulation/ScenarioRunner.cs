using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Verzuim.Persistence;
using Verzuim.Persistence.Management;
using Verzuim.Cases.Attendance;
using Verzuim.Cases.Duo;
using Verzuim.Workflows.Expressions;
using Verzuim.Workflows.Model;
using Verzuim.Workflows.Parsing;
using Verzuim.Workflows.Runtime;
using Verzuim.Workflows.Simulation;
using Verzuim.Workflows.Stores;
using Verzuim.Workflows.Time;

namespace Verzuim.Cases.Simulation;

/// <summary>
/// Runs one scenario on virtual time with the real engine and store (SQLite in memory), so a simulated
/// timeline is what the service would produce. Between events, timers fire at their due instants in order;
/// a timer due at the same instant as an event fires first.
/// </summary>
public static class ScenarioRunner
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Reads a scenario file; the workflow path is resolved against the scenario's folder, then the working directory.</summary>
    public static async Task<SimulationResult> RunFileAsync(string scenarioPath, SimulationOptions? options = null, CancellationToken ct = default)
    {
        if (!File.Exists(scenarioPath)) throw new ScenarioException($"Scenariobestand '{scenarioPath}' bestaat niet.");
        Scenario scenario;
        try { scenario = JsonSerializer.Deserialize<Scenario>(await File.ReadAllTextAsync(scenarioPath, ct), Json) ?? throw new JsonException("leeg bestand"); }
        catch (JsonException e) { throw new ScenarioException($"Scenario '{scenarioPath}' is geen geldige JSON: {e.Message}", e); }

        if (string.IsNullOrWhiteSpace(scenario.Workflow)) throw new ScenarioException("Het scenario noemt geen \"workflow\" (pad naar een .bpmn-bestand).");
        var candidates = new[] { Path.Combine(Path.GetDirectoryName(Path.GetFullPath(scenarioPath))!, scenario.Workflow), Path.GetFullPath(scenario.Workflow) };
        var workflowPath = candidates.FirstOrDefault(File.Exists)
            ?? throw new ScenarioException($"Workflow '{scenario.Workflow}' bestaat niet (gezocht: {string.Join(", ", candidates)}).");
        var xml = await File.ReadAllTextAsync(workflowPath, ct);
        return await RunAsync(scenario, xml, CalledFiles(workflowPath, xml), options, ct);
    }

    /// <summary>
    /// The BPMN files beside the workflow that define processes it calls (transitively), such as the shared
    /// "duo-melding" fragment, so a call activity finds its process as it would in the service.
    /// </summary>
    private static List<string> CalledFiles(string workflowPath, string xml)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(workflowPath))!;
        var byProcess = new Dictionary<string, (string Path, BpmnDocument Document)>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(folder, "*.bpmn").Where(f => Path.GetFullPath(f) != Path.GetFullPath(workflowPath)).Order())
        {
            var (document, _) = BpmnReader.Validate(File.ReadAllText(file));
            foreach (var p in document?.Processes ?? []) byProcess.TryAdd(p.Id, (file, document!));
        }
        var files = new List<string>();
        var pending = new Queue<BpmnDocument>();
        if (BpmnReader.Validate(xml).Document is { } main) pending.Enqueue(main);
        while (pending.TryDequeue(out var document))
            foreach (var call in document.Processes.SelectMany(p => p.NodesById.Values).OfType<CallActivity>())
                if (byProcess.TryGetValue(call.CalledProcessId, out var called) && !files.Contains(called.Path) && document.Processes.All(p => p.Id != call.CalledProcessId))
                {
                    files.Add(called.Path);
                    pending.Enqueue(called.Document);
                }
        return files.Select(File.ReadAllText).ToList();
    }

    public static async Task<SimulationResult> RunAsync(Scenario scenario, string bpmnXml, SimulationOptions? options = null, CancellationToken ct = default) =>
        await RunAsync(scenario, bpmnXml, [], options, ct);

    public static async Task<SimulationResult> RunAsync(Scenario scenario, string bpmnXml, IReadOnlyList<string> calledXml,
        SimulationOptions? options = null, CancellationToken ct = default)
    {
        options ??= SimulationOptions.Default;
        var start = scenario.Start ?? throw new ScenarioException("Het scenario heeft geen \"start\" (ISO 8601-moment).");
        var until = scenario.Until ?? throw new ScenarioException("Het scenario heeft geen \"until\" (ISO 8601-moment).");
        if (until < start) throw new ScenarioException($"\"until\" ({until:O}) ligt voor \"start\" ({start:O}).");

        BpmnDocument document;
        try { document = BpmnReader.Parse(bpmnXml); }
        catch (BpmnValidationException e) { throw new ScenarioException(e.Message, e); }
        var process = scenario.Process is null ? document.Processes[0]
            : document.Processes.FirstOrDefault(p => p.Id == scenario.Process) ?? throw new ScenarioException($"Proces '{scenario.Process}' staat niet in de workflow.");
        var messages = MessagesOf(document);
        foreach (var called in calledXml)
            foreach (var (name, key) in MessagesOf(BpmnReader.Parse(called))) messages.TryAdd(name, key);
        var events = Validate(scenario.Events ?? [], messages, options.KnownMessages, start, until);
        var calendar = Calendar(scenario.Calendar);
        var variables = scenario.Variables ?? [];

        // a shared in-memory database lives as long as one connection to it is open
        var connectionString = $"Data Source=simulatie-{Guid.NewGuid():N};Mode=Memory;Cache=Shared";
        await using var keepAlive = new SqliteConnection(connectionString);
        await keepAlive.OpenAsync(ct);
        var store = new WorkflowStore(connectionString);
        await store.MigrateAsync(ct);
        var clock = new VirtualClock(start.ToUniversalTime());
        var engine = new WorkflowEngine(store, clock, new WorkflowEngineOptions
        {
            CalendarResolver = _ => calendar,
            ProtectedVariables = new HashSet<string>(options.ProtectedVariables, StringComparer.OrdinalIgnoreCase),
        });
        var expressions = new ExpressionEvaluator(clock);
        var ledger = new AttendanceLedger(engine);
        var duo = new DuoMeldingCorrelation(engine, new EfMessageQueries(store));
        var outcomes = new List<MessageOutcome>();

        foreach (var called in calledXml) await engine.DeployAsync(called, "simulatie", ct);
        await engine.DeployAsync(bpmnXml, "simulatie", ct);
        if (process.NoneStart is not null)
            await engine.StartAsync(process.Id, variables.DeepClone().AsObject(), BusinessKey(variables), ct);

        foreach (var e in events)
        {
            await FireTimersUntilAsync(engine, clock, e.At!.Value, ct);
            clock.Set(Max(clock.UtcNow, e.At!.Value.ToUniversalTime()));
            if (e.Message == AttendanceLedger.MessageName)
            {
                // absences go through the pupil's ledger, which adds the signals in school time, as in the service
                var data = WithPupil(variables, e.Data ?? []);
                AbsenceRegistration registration;
                try { registration = AbsenceRegistration.FromPayload(Guid.NewGuid(), data); }
                catch (FormatException x) { throw new ScenarioException($"Bericht op {e.At:O}: {x.Message}", x); }
                var recorded = await ledger.RecordAsync(registration, calendar, ct: ct);
                await NoteOutcomeAsync(store, outcomes, clock.UtcNow, e.Message, recorded.Outcome, ct);
            }
            else if (e.Message == DuoMeldingCorrelation.MessageName && BusinessKey(WithPupil(variables, e.Data ?? [])) is { } pupil)
            {
                // one report per message, resolved as the service does (by meldingId, else the pupil's oldest open report)
                CorrelationResult answered;
                try { answered = await duo.CorrelateAsync(Guid.NewGuid(), pupil, e.Data ?? [], ct); }
                catch (FormatException x) { throw new ScenarioException($"Bericht '{e.Message}' op {e.At:O}: {x.Message}", x); }
                await NoteOutcomeAsync(store, outcomes, clock.UtcNow, e.Message, answered.Outcome, ct);
            }
            else if (e.Message is { } name)
            {
                var data = e.Data ?? [];
                string? key;
                if (messages.TryGetValue(name, out var keyExpression))
                {
                    try { key = keyExpression is null ? null : expressions.EvaluateString(keyExpression, variables, data); }
                    catch (ExpressionException x) { throw new ScenarioException($"Bericht '{name}' op {e.At:O}: correlatiesleutel '{keyExpression}' is niet te bepalen uit de gegevens of variabelen ({x.Reason}).", x); }
                }
                else key = BusinessKey(WithPupil(variables, data)); // a contract message the model never waits for: keyed by pupil, as the service does
                var correlated = await engine.CorrelateAsync(new IncomingMessage(Guid.NewGuid(), name, key, data), ct);
                await NoteOutcomeAsync(store, outcomes, clock.UtcNow, name, correlated.Outcome, ct);
            }
            else await CompleteTaskAsync(engine, store, e, ct);
        }
        await FireTimersUntilAsync(engine, clock, until, ct);
        return await ReadResultAsync(store, outcomes, ct);
    }

    /// <summary>
    /// A message that reached no case is reported as the service reports it (202 with outcome Unmatched or
    /// Buffered), placed after the timeline entries written before it.
    /// </summary>
    private static async Task NoteOutcomeAsync(WorkflowStore store, List<MessageOutcome> outcomes, DateTimeOffset at, string message,
        CorrelationOutcome outcome, CancellationToken ct)
    {
        if (outcome is not (CorrelationOutcome.Unmatched or CorrelationOutcome.Buffered)) return;
        await using var db = store.CreateContext();
        var after = await db.Timeline.MaxAsync(t => (long?)t.Id, ct) ?? 0;
        outcomes.Add(new MessageOutcome(after, SimulationTimeline.OutcomeEntry(at, message, outcome)));
    }

    private static Dictionary<string, string?> MessagesOf(BpmnDocument document)
    {
        var messages = new Dictionary<string, string?>(StringComparer.Ordinal);
        void Add(MessageEventDefinition? m) { if (m is not null) messages.TryAdd(m.MessageName, m.CorrelationKey); }
        foreach (var node in document.Processes.SelectMany(p => p.NodesById.Values))
            Add(node switch
            {
                StartEvent s => s.Trigger as MessageEventDefinition,
                IntermediateCatchEvent c => c.Trigger as MessageEventDefinition,
                BoundaryEvent b => b.Trigger as MessageEventDefinition,
                ReceiveTask r => r.Message,
                _ => null,
            });
        return messages;
    }

    private static List<ScenarioEvent> Validate(List<ScenarioEvent> events, Dictionary<string, string?> messages, IReadOnlyCollection<string> knownMessages,
        DateTimeOffset start, DateTimeOffset until)
    {
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            var where = $"events[{i}]";
            if (e.At is not { } at) throw new ScenarioException($"{where}: \"at\" ontbreekt.");
            if (at < start || at > until) throw new ScenarioException($"{where}: {at:O} ligt buiten start..until.");
            if ((e.Message is null) == (e.CompleteTask is null))
                throw new ScenarioException($"{where}: geef precies één van \"message\" of \"completeTask\".");
            if (e.Message is { } name && !messages.ContainsKey(name) && !knownMessages.Contains(name))
                throw new ScenarioException($"{where}: bericht '{name}' is geen bekend bericht en wordt nergens in de workflow verwacht. Bekend: {string.Join(", ", messages.Keys.Union(knownMessages).Order())}.");
            if (e.IfOpen && e.CompleteTask is null)
                throw new ScenarioException($"{where}: \"ifOpen\" hoort bij \"completeTask\".");
        }
        return events.OrderBy(e => e.At).ToList(); // stable: same-instant events keep file order
    }

    /// <summary>A scenario may leave the pupil and school to its variables.</summary>
    private static JsonObject WithPupil(JsonObject variables, JsonObject data)
    {
        var merged = data.DeepClone().AsObject();
        foreach (var field in new[] { "leerlingId", "schoolId" })
            if (merged[field] is null && variables[field] is { } value) merged[field] = value.DeepClone();
        return merged;
    }

    private static SchoolCalendar Calendar(ScenarioCalendar? calendar)
    {
        if (calendar is null) return SchoolCalendar.WeekendsOnly;
        try
        {
            return new SchoolCalendar(calendar.Region,
                (calendar.Holidays ?? []).Select(h => new Holiday(h.From, h.To, h.Name ?? "vakantie")), calendar.StudyDays ?? [],
                publicHolidays: calendar.PublicHolidays ? DutchPublicHolidays.Standard : null, coveredUntil: calendar.CoveredUntil);
        }
        catch (ArgumentException e) { throw new ScenarioException($"Ongeldige kalender: {e.Message}", e); }
    }

    private static string? BusinessKey(JsonObject variables) =>
        variables["leerlingId"] is JsonValue v && v.TryGetValue<string>(out var key) ? key : null;

    /// <summary>
    /// Moves virtual time to <paramref name="until"/>, firing every timer due by then at its own due instant, in
    /// order. The same rule replays a scenario on the service, so both produce the same timeline.
    /// </summary>
    public static async Task FireTimersUntilAsync(WorkflowEngine engine, VirtualClock clock, DateTimeOffset until, CancellationToken ct = default)
    {
        while (await engine.NextTimerDueAsync(ct) is { } due && due <= until)
        {
            clock.Set(Max(clock.UtcNow, due));
            await engine.FireDueTimersAsync(1000, ct);
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b.ToUniversalTime();

    private static async Task CompleteTaskAsync(WorkflowEngine engine, WorkflowStore store, ScenarioEvent e, CancellationToken ct)
    {
        List<TaskRecord> open;
        await using (var db = store.CreateContext())
            open = await db.Tasks.AsNoTracking().Where(t => t.Status == WorkTaskStatus.Open).ToListAsync(ct);
        var task = open.OrderBy(t => t.CreatedAt).FirstOrDefault(t => t.ElementId == e.CompleteTask || t.Name == e.CompleteTask);
        if (task is null && e.IfOpen) return; // superseded or cancelled meanwhile: a person would find nothing to complete
        if (task is null) throw new ScenarioException($"Op {e.At:O} is er geen open taak '{e.CompleteTask}'. Open: {(open.Count == 0 ? "geen" : string.Join(", ", open.Select(t => $"{t.ElementId} ({t.Name})")))}.");
        try { await engine.CompleteTaskAsync(task.Id, e.Data ?? [], "simulatie", ct); }
        catch (TaskValidationException x) { throw new ScenarioException($"Taak '{e.CompleteTask}' op {e.At:O}: {x.Message}", x); }
    }

    private static async Task<SimulationResult> ReadResultAsync(WorkflowStore store, IReadOnlyList<MessageOutcome> outcomes, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        var instances = await db.Instances.AsNoTracking().ToListAsync(ct);
        var processOf = instances.ToDictionary(i => i.Id, i => i.ProcessId);
        var entries = (await db.Timeline.AsNoTracking().ToListAsync(ct)).OrderBy(t => t.At).ThenBy(t => t.Id).ToList();
        // instances in the order they started (their first timeline entry), not by their random ids
        var order = entries.Select(t => t.InstanceId).Distinct().ToList();
        var timeline = SimulationTimeline.Merge(entries, processOf, outcomes);
        var result = instances.OrderBy(i => order.IndexOf(i.Id)).Select(i => new SimulatedInstance
        {
            Process = i.ProcessId, Version = i.DefinitionVersion,
            Status = i.Status == InstanceStatus.Terminated ? "Completed" : i.Status.ToString(),
            Step = i.Step,
            Active = InstanceState.Deserialize(i.State).Tokens.Select(t => t.ElementId).Order().ToList(),
            Variables = JsonNode.Parse(i.Variables) as JsonObject ?? [],
        }).ToList();
        return new SimulationResult(timeline, result)
        {
            Warnings = timeline.Select(t => t.Detail).OfType<string>().Where(CalendarCoverageGap.IsMessage).Distinct().ToList(),
        };
    }
}
