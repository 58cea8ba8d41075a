using System.Text.Json;
using System.Text.Json.Nodes;
using Verzuim.Contracts;
using Verzuim.Persistence;
using Verzuim.Workflows.Runtime;
using Verzuim.Workflows.Time;

if (args is ["validate", var modelPath]) return ValidateModel.Run(modelPath);
if (args is ["migrate", var connection, var batchId, var now]) return await MigrateBatch.RunAsync(connection, Guid.Parse(batchId), DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));

// worker CONNECTION_STRING MODEL.bpmn EVENTS.json
// Applies every event in order, on a virtual clock set to each event's instant, firing due timers every
// 25 events (a fixed rhythm, so a restarted run fires each timer at the same virtual instant as before).
// Safe to start again after a kill: events already applied are recognised by their message id.
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: worker CONNECTION_STRING MODEL.bpmn EVENTS.json | worker validate MODEL.bpmn");
    return 64;
}
var events = JsonSerializer.Deserialize<List<WorkerEvent>>(await File.ReadAllTextAsync(args[2]), JsonSerializerOptions.Web)!;
var store = new WorkflowStore(args[0]);
await store.MigrateAsync();
var clock = new VirtualClock(events[0].At);
var engine = new WorkflowEngine(store, clock, new WorkflowEngineOptions
{
    DefaultMessageTimeToLive = TimeSpan.FromDays(365),
    // as the host's engine: messages never overwrite the pupil, the school is the scope column
    ProtectedVariables = new HashSet<string>(CaseVariables.Protected, StringComparer.OrdinalIgnoreCase),
    ScopeVariable = CaseVariables.SchoolId,
});
await engine.DeployAsync(await File.ReadAllTextAsync(args[1]), "worker");

var applied = 0;
foreach (var e in events)
{
    if (e.At > clock.UtcNow) clock.Set(e.At);
    await engine.CorrelateAsync(new IncomingMessage(e.Id, e.Name, e.Key, new JsonObject { ["leerlingId"] = e.Key }));
    if (++applied % 25 == 0 || applied == events.Count) await FireDueTimersAsync();
    if (applied % 500 == 0) Console.WriteLine($"applied {applied}");
}
Console.WriteLine($"done {applied}");
return 0;

async Task FireDueTimersAsync()
{
    while (await engine.FireDueTimersAsync(100) == 100) { }
}

internal sealed record WorkerEvent(Guid Id, string Name, string Key, DateTimeOffset At);
