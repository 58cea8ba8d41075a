using System.Text.Json;
using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Verzuim.Cases.Simulation;
using Verzuim.Contracts;
using Verzuim.Host.Messaging;
using Verzuim.Persistence;
using Verzuim.Workflows.Parsing;
using Verzuim.Workflows.Runtime;
using Verzuim.Workflows.Simulation;
using Verzuim.Workflows.Stores;
using Verzuim.Workflows.Tests.Models;
using Verzuim.Workflows.Time;

namespace Verzuim.Host.Tests.Scenarios;

/// <summary>
/// Every model scenario runs twice: in simulate (SQLite in memory) and on the real service — the host on
/// PostgreSQL, its messages published over RabbitMQ as the contracts other systems send, on a virtual clock —
/// and both must produce the same timeline.
/// </summary>
public sealed class ScenarioOnServiceTests
{
    public static TheoryData<string> Scenarios() => ModelScenarioTests.Scenarios();

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task The_service_produces_the_same_timeline_as_simulate(string scenarioName)
    {
        var path = Path.Combine(ModelScenarioTests.RepositoryRoot, "tests", "Scenarios", scenarioName);
        var scenario = JsonSerializer.Deserialize<Scenario>(await File.ReadAllTextAsync(path), ScenarioRunner.Json)!;
        var simulated = await ScenarioRunner.RunFileAsync(path, ModelScenarioTests.Options);

        var workflowPath = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, scenario.Workflow!));
        var process = scenario.Process ?? BpmnReader.Parse(await File.ReadAllTextAsync(workflowPath)).Processes[0].Id;
        var variables = scenario.Variables ?? [];
        var events = (scenario.Events ?? []).OrderBy(e => e.At).ToList();
        var schoolId = Text(variables, "schoolId") ?? events.Select(e => e.Data is null ? null : Text(e.Data, "schoolId")).FirstOrDefault(s => s is not null) ?? "S-SCENARIO";
        var clock = new VirtualClock(scenario.Start!.Value);

        await using var host = await VerzuimHost.StartAsync(settings: SchoolSettings(workflowPath, schoolId, process, scenario.Calendar),
            services: s => s.Replace(ServiceDescriptor.Singleton<IClock>(clock)));
        var engine = host.Services.GetRequiredService<WorkflowEngine>();
        var store = host.Services.GetRequiredService<WorkflowStore>();
        var client = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(new Uri(VerzuimHost.RabbitMq)));
        var outcomes = new List<MessageOutcome>();
        await client.StartAsync();
        try
        {
            if (BpmnReader.Parse(await File.ReadAllTextAsync(workflowPath)).Processes.First(p => p.Id == process).NoneStart is not null)
            {
                // on the service a case always belongs to a school: its calendar comes from the school's configuration
                var start = variables.DeepClone().AsObject();
                start["schoolId"] ??= schoolId;
                await engine.StartAsync(process, start, Text(variables, "leerlingId"));
            }

            foreach (var e in events)
            {
                await ScenarioRunner.FireTimersUntilAsync(engine, clock, e.At!.Value);
                if (e.At!.Value > clock.UtcNow) clock.Set(e.At.Value);
                if (e.Message is { } name) outcomes.AddRange(await PublishAsync(client, store, name, e, variables, schoolId));
                else await CompleteTaskAsync(engine, store, e);
            }
            await ScenarioRunner.FireTimersUntilAsync(engine, clock, scenario.Until!.Value);

            var pupils = events.Select(e => e.Data is null ? null : Text(e.Data, "leerlingId")).Append(Text(variables, "leerlingId"))
                .OfType<string>().ToHashSet();
            var onService = await TimelineAsync(store, outcomes, pupils);
            var expected = simulated.Timeline.Select(t => Line(t.At, t.Kind, t.Id, t.Process, t.Role, t.Due, t.Message)).ToList();
            var first = Enumerable.Range(0, Math.Max(expected.Count, onService.Count))
                .FirstOrDefault(i => i >= expected.Count || i >= onService.Count || expected[i] != onService[i], -1);
            if (first >= 0)
                Assert.Fail($"Timelines differ at entry {first} of {expected.Count} (simulate) / {onService.Count} (service):\n" +
                    $"  simulate: {(first < expected.Count ? expected[first] : "(end)")}\n  service:  {(first < onService.Count ? onService[first] : "(end)")}\n" +
                    $"  before:   {(first > 0 ? expected[first - 1] : "(start)")}");
        }
        finally { await client.StopAsync(); }
    }

    private static string Line(DateTimeOffset at, string kind, string? id, string? process, string? role, DateTimeOffset? due, string? message) =>
        $"{at.UtcDateTime:O} {kind} {process}/{id} role={role} due={due?.UtcDateTime:O} message={message}";

    /// <summary>
    /// The service's timeline of the scenario's pupils' cases and their called cases. Other test classes publish contract
    /// messages to the same broker, and a published message reaches every host's queue: their pupils' cases are not ours.
    /// </summary>
    private static async Task<List<string>> TimelineAsync(WorkflowStore store, IReadOnlyList<MessageOutcome> outcomes, IReadOnlySet<string> pupils)
    {
        await using var db = store.CreateContext();
        var instances = await db.Instances.AsNoTracking().Select(i => new { i.Id, i.ProcessId, i.BusinessKey, i.ParentInstanceId }).ToListAsync();
        var ours = instances.Where(i => i.ParentInstanceId is null && i.BusinessKey is not null && pupils.Contains(i.BusinessKey)).Select(i => i.Id).ToHashSet();
        for (var added = true; added;)
            added = instances.Where(i => i.ParentInstanceId is { } parent && ours.Contains(parent)).Aggregate(false, (any, i) => ours.Add(i.Id) | any);
        var process = instances.Where(i => ours.Contains(i.Id)).ToDictionary(i => i.Id, i => i.ProcessId);
        var timeline = await db.Timeline.AsNoTracking().ToListAsync();
        return SimulationTimeline.Merge(timeline.Where(t => ours.Contains(t.InstanceId)).ToList(), process, outcomes)
            .Select(t => Line(t.At, t.Kind, t.Id, t.Process, t.Role, t.Due, t.Message)).ToList();
    }

    private static Dictionary<string, string?> SchoolSettings(string workflowPath, string schoolId, string process, ScenarioCalendar? calendar)
    {
        // the school follows the model file: every process in it may open a case, as in simulate
        var others = BpmnReader.Parse(File.ReadAllText(workflowPath)).Processes.Select(p => p.Id).Where(id => id != process).ToList();
        var settings = new Dictionary<string, string?>
        {
            ["Engine:WorkflowsPath"] = Path.GetDirectoryName(workflowPath),
            ["Engine:TimerPollInterval"] = "01:00:00", // the test fires timers itself, at the instants simulate does
            ["Scholen:Lijst:0:Id"] = schoolId,
            ["Scholen:Lijst:0:Model"] = process,
            ["Scholen:Lijst:0:Regio"] = calendar?.Region ?? "midden",
            ["Scholen:Lijst:0:Vakanties:0:Van"] = "1900-01-01", // an explicit list, so the region's advice dates do not apply
            ["Scholen:Lijst:0:Vakanties:0:Tot"] = "1900-01-01",
            ["Scholen:Lijst:0:Feestdagen"] = (calendar?.PublicHolidays ?? false).ToString(), // as simulate: only the days the scenario lists
        };
        for (var m = 0; m < others.Count; m++) settings[$"Scholen:Lijst:0:Modellen:{m}"] = others[m];
        var i = 1;
        foreach (var h in calendar?.Holidays ?? [])
        {
            settings[$"Scholen:Lijst:0:Vakanties:{i}:Van"] = h.From.ToString("yyyy-MM-dd");
            settings[$"Scholen:Lijst:0:Vakanties:{i}:Tot"] = h.To.ToString("yyyy-MM-dd");
            i++;
        }
        var d = 0;
        foreach (var day in calendar?.StudyDays ?? []) settings[$"Scholen:Lijst:0:Studiedagen:{d++}"] = day.ToString("yyyy-MM-dd");
        return settings;
    }

    /// <summary>The scenario's message data as the contract another system would publish; what the service made of it when it reached no case.</summary>
    private static async Task<IEnumerable<MessageOutcome>> PublishAsync(IBusControl client, WorkflowStore store, string name, ScenarioEvent e, JsonObject variables, string schoolId)
    {
        Assert.True(MessageNames.Types.TryGetValue(name, out var type), $"'{name}' is no contract");
        var body = new JsonObject
        {
            ["berichtId"] = Guid.NewGuid(), ["tijdstip"] = e.At!.Value,
            ["leerlingId"] = Text(variables, "leerlingId"), ["schoolId"] = Text(variables, "schoolId") ?? schoolId,
        };
        foreach (var (key, value) in e.Data ?? []) body[key] = value?.DeepClone();
        var message = (IPupilEvent)body.Deserialize(type, ContractJson.Options)!;
        await client.Publish(message, type);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using (var db = store.CreateContext())
                if (await db.ProcessedMessages.AsNoTracking().FirstOrDefaultAsync(p => p.MessageId == message.BerichtId) is { } processed)
                {
                    if (!Enum.TryParse<CorrelationOutcome>(processed.Outcome, out var outcome)
                        || outcome is not (CorrelationOutcome.Unmatched or CorrelationOutcome.Buffered)) return [];
                    var after = await db.Timeline.MaxAsync(t => (long?)t.Id) ?? 0;
                    return [new MessageOutcome(after, SimulationTimeline.OutcomeEntry(processed.ProcessedAt, name, outcome))];
                }
            Assert.True(DateTime.UtcNow < deadline, $"{name} at {e.At:O} was not processed within 30 s (see the error queue)");
            await Task.Delay(50);
        }
    }

    private static async Task CompleteTaskAsync(WorkflowEngine engine, WorkflowStore store, ScenarioEvent e)
    {
        await using var db = store.CreateContext();
        var task = (await db.Tasks.AsNoTracking().Where(t => t.Status == WorkTaskStatus.Open).ToListAsync())
            .OrderBy(t => t.CreatedAt).FirstOrDefault(t => t.ElementId == e.CompleteTask || t.Name == e.CompleteTask);
        if (task is null && e.IfOpen) return; // as simulate: superseded meanwhile
        await engine.CompleteTaskAsync((task ?? throw new InvalidOperationException($"no open task '{e.CompleteTask}' at {e.At:O}")).Id, e.Data ?? [], "scenario");
    }

    private static string? Text(JsonObject o, string name) => o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
