using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Verzuim.Contracts;
using Verzuim.Persistence;
using Verzuim.Workflows.Runtime;
using Verzuim.Workflows.Stores;
using Verzuim.Workflows.Tests.Support.InMemory;
using Verzuim.Workflows.Time;

namespace Verzuim.Workflows.Tests.Support;

/// <summary>
/// An engine on a fresh PostgreSQL database (or, for the unit tier, a fresh in-memory store) and a virtual clock,
/// with read helpers for assertions.
/// </summary>
public sealed class EngineHarness
{
    private readonly WorkflowStore? _store;
    private readonly InMemoryWorkflowStore? _memory;

    private EngineHarness(WorkflowStore? store, InMemoryWorkflowStore? memory, VirtualClock clock, WorkflowEngineOptions? options)
    {
        (_store, _memory, Clock) = (store, memory, clock);
        EngineStore = (IWorkflowStore?)store ?? memory!;
        // as the host tells the engine of cases: the same protected variables, the school as the scope column
        options ??= new WorkflowEngineOptions();
        options.ProtectedVariables.UnionWith(CaseVariables.Protected);
        options.ScopeVariable ??= CaseVariables.SchoolId;
        Engine = new WorkflowEngine(EngineStore, clock, options);
    }

    /// <summary>The PostgreSQL store, for tests that read or change rows directly (not on the in-memory store).</summary>
    public WorkflowStore Store => _store ?? throw new InvalidOperationException("Deze test leest de database zelf; draai hem op PostgreSQL, niet op de geheugenopslag.");
    /// <summary>The store the engine runs on, whichever it is (a second engine on the same store is a second host).</summary>
    public IWorkflowStore EngineStore { get; }
    public VirtualClock Clock { get; }
    public WorkflowEngine Engine { get; }

    /// <summary>Monday 2 September 2024, 09:00 in Amsterdam (07:00Z): the first school day after the summer holiday (region midden).</summary>
    public static readonly DateTimeOffset SchoolYearStart = new(2024, 9, 2, 7, 0, 0, TimeSpan.Zero);

    public static async Task<EngineHarness> CreateAsync(DateTimeOffset? start = null, WorkflowEngineOptions? options = null) =>
        new(await TestDatabase.CreateAsync(), null, new VirtualClock(start ?? SchoolYearStart), options);

    /// <summary>The same engine on a fresh in-memory store: no server, for the unit tier.</summary>
    public static EngineHarness InMemory(DateTimeOffset? start = null, WorkflowEngineOptions? options = null) =>
        new(null, new InMemoryWorkflowStore(), new VirtualClock(start ?? SchoolYearStart), options);

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
        if (_memory is not null) return _memory.Rows<InstanceRecord>().Single(i => i.Id == id);
        await using var db = Store.CreateContext();
        return await db.Instances.AsNoTracking().SingleAsync(i => i.Id == id);
    }

    public async Task<JsonObject> VariablesAsync(Guid id) => (JsonObject)JsonNode.Parse((await InstanceAsync(id)).Variables)!;

    /// <summary>Element ids the instance's tokens stand on, sorted.</summary>
    public async Task<string[]> ActiveAsync(Guid id) =>
        InstanceState.Deserialize((await InstanceAsync(id)).State).Tokens.Select(t => t.ElementId).Order().ToArray();

    public async Task<List<TaskRecord>> OpenTasksAsync(Guid? instanceId = null)
    {
        if (_memory is not null)
            return _memory.Rows<TaskRecord>().Where(t => t.Status == WorkTaskStatus.Open && (instanceId == null || t.InstanceId == instanceId))
                .OrderBy(t => t.CreatedAt).ToList();
        await using var db = Store.CreateContext();
        return await db.Tasks.AsNoTracking().Where(t => t.Status == WorkTaskStatus.Open && (instanceId == null || t.InstanceId == instanceId))
            .OrderBy(t => t.CreatedAt).ToListAsync();
    }

    public async Task<Guid> TaskIdAsync(Guid instanceId, string elementId) =>
        (await OpenTasksAsync(instanceId)).Single(t => t.ElementId == elementId).Id;

    public async Task<List<TimelineRecord>> TimelineAsync(Guid id)
    {
        if (_memory is not null) return _memory.Rows<TimelineRecord>().Where(t => t.InstanceId == id).OrderBy(t => t.Sequence).ToList();
        await using var db = Store.CreateContext();
        return await db.Timeline.AsNoTracking().Where(t => t.InstanceId == id).OrderBy(t => t.Sequence).ToListAsync();
    }

    /// <summary>The element ids of one kind of timeline entry, in order: the path the instance took.</summary>
    public async Task<string[]> PathAsync(Guid id, TimelineKind kind = TimelineKind.ActivityCompleted) =>
        (await TimelineAsync(id)).Where(t => t.Kind == kind).Select(t => t.ElementId!).ToArray();

    public async Task<List<OutboxRecord>> OutboxAsync()
    {
        if (_memory is not null) return _memory.Rows<OutboxRecord>().OrderBy(o => o.Position).ToList();
        await using var db = Store.CreateContext();
        return await db.Outbox.AsNoTracking().OrderBy(o => o.Position).ToListAsync();
    }

    public async Task<List<IncidentRecord>> IncidentsAsync(Guid id)
    {
        if (_memory is not null) return _memory.Rows<IncidentRecord>().Where(i => i.InstanceId == id).OrderBy(i => i.CreatedAt).ToList();
        await using var db = Store.CreateContext();
        return await db.Incidents.AsNoTracking().Where(i => i.InstanceId == id).OrderBy(i => i.CreatedAt).ToListAsync();
    }
}
