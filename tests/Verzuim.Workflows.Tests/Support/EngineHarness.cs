using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Verzuim.Persistence;
using Verzuim.Workflows.Stores;
using Verzuim.Workflows.Runtime;
using Verzuim.Workflows.Time;

namespace Verzuim.Workflows.Tests.Support;

/// <summary>An engine on a fresh PostgreSQL database and a virtual clock, with read helpers for assertions.</summary>
public sealed class EngineHarness
{
    private EngineHarness(WorkflowStore store, VirtualClock clock, WorkflowEngine engine) => (Store, Clock, Engine) = (store, clock, engine);

    public WorkflowStore Store { get; }
    public VirtualClock Clock { get; }
    public WorkflowEngine Engine { get; }

    /// <summary>Monday 2 September 2024, 09:00 in Amsterdam (07:00Z): the first school day after the summer holiday (region midden).</summary>
    public static readonly DateTimeOffset SchoolYearStart = new(2024, 9, 2, 7, 0, 0, TimeSpan.Zero);

    public static async Task<EngineHarness> CreateAsync(DateTimeOffset? start = null, WorkflowEngineOptions? options = null)
    {
        var store = await TestDatabase.CreateAsync();
        var clock = new VirtualClock(start ?? SchoolYearStart);
        return new EngineHarness(store, clock, new WorkflowEngine(store, clock, options));
    }

    public async Task<Guid> DeployAndStartAsync(string xml, string processId, object? variables = null, string? businessKey = null)
    {
        await Engine.DeployAsync(xml);
        return await Engine.StartAsync(processId, Json(variables), businessKey);
    }

    public static JsonObject Json(object? value) =>
        value is null ? [] : value as JsonObject ?? (JsonObject)System.Text.Json.JsonSerializer.SerializeToNode(value)!;

    public Task<CorrelationResult> SendAsync(string name, string? key = null, object? payload = null, Guid? id = null, TimeSpan? ttl = null) =>
        Engine.CorrelateAsync(new IncomingMessage(id ?? Guid.NewGuid(), name, key, Json(payload), ttl));

    /// <summary>Moves virtual time forward and fires what came due.</summary>
    public async Task<int> AdvanceAsync(TimeSpan by)
    {
        Clock.Advance(by);
        return await Engine.FireDueTimersAsync(1000);
    }

    public async Task<int> AdvanceToAsync(DateTimeOffset to)
    {
        Clock.Set(to);
        return await Engine.FireDueTimersAsync(1000);
    }

    public async Task<InstanceRecord> InstanceAsync(Guid id)
    {
        await using var db = Store.CreateContext();
        return await db.Instances.AsNoTracking().SingleAsync(i => i.Id == id);
    }

    public async Task<JsonObject> VariablesAsync(Guid id) => (JsonObject)JsonNode.Parse((await InstanceAsync(id)).Variables)!;

    /// <summary>Element ids the instance's tokens stand on, sorted.</summary>
    public async Task<string[]> ActiveAsync(Guid id) =>
        InstanceState.Deserialize((await InstanceAsync(id)).State).Tokens.Select(t => t.ElementId).Order().ToArray();

    public async Task<List<TaskRecord>> OpenTasksAsync(Guid? instanceId = null)
    {
        await using var db = Store.CreateContext();
        return await db.Tasks.AsNoTracking().Where(t => t.Status == WorkTaskStatus.Open && (instanceId == null || t.InstanceId == instanceId))
            .OrderBy(t => t.CreatedAt).ToListAsync();
    }

    public async Task<Guid> TaskIdAsync(Guid instanceId, string elementId) =>
        (await OpenTasksAsync(instanceId)).Single(t => t.ElementId == elementId).Id;

    public async Task<List<TimelineRecord>> TimelineAsync(Guid id)
    {
        await using var db = Store.CreateContext();
        return await db.Timeline.AsNoTracking().Where(t => t.InstanceId == id).OrderBy(t => t.Sequence).ToListAsync();
    }

    /// <summary>The element ids of one kind of timeline entry, in order: the path the instance took.</summary>
    public async Task<string[]> PathAsync(Guid id, TimelineKind kind = TimelineKind.ActivityCompleted) =>
        (await TimelineAsync(id)).Where(t => t.Kind == kind).Select(t => t.ElementId!).ToArray();

    public async Task<List<OutboxRecord>> OutboxAsync()
    {
        await using var db = Store.CreateContext();
        return await db.Outbox.AsNoTracking().OrderBy(o => o.Position).ToListAsync();
    }

    public async Task<List<IncidentRecord>> IncidentsAsync(Guid id)
    {
        await using var db = Store.CreateContext();
        return await db.Incidents.AsNoTracking().Where(i => i.InstanceId == id).OrderBy(i => i.CreatedAt).ToListAsync();
    }
}
