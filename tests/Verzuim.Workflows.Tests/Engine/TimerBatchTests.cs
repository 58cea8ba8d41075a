using Microsoft.EntityFrameworkCore;
using Npgsql;
using Verzuim.Persistence;
using Verzuim.Workflows.Runtime;
using Verzuim.Workflows.Stores;
using Verzuim.Workflows.Tests.Support;
using static Verzuim.Workflows.Tests.Support.Bpmn;

namespace Verzuim.Workflows.Tests.Engine;

/// <summary>
/// Due timers fire in batches (several claimed and committed in one transaction). Batching must not change what
/// fires: each timer once across engines, each with the budget of its own command, a sibling an earlier timer of the
/// batch removed not at all, and a broken case stops only its own timer.
/// </summary>
public sealed class TimerBatchTests
{
    /// <summary>start → wait one hour → user task 'volgende'.</summary>
    private static readonly string Wacht = Process("wacht", $"""
        <bpmn:startEvent id="s"/>
        <bpmn:intermediateCatchEvent id="uur">{Timer("timeDuration", "PT1H")}</bpmn:intermediateCatchEvent>
        <bpmn:userTask id="volgende"/><bpmn:endEvent id="e"/>
        {Flows("s", "uur", "volgende", "e")}
        """);

    private static async Task<int> CountAsync(WorkflowStore store, string sql)
    {
        await using var connection = new NpgsqlConnection(store.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Two_engines_firing_one_burst_in_batches_fire_each_timer_once()
    {
        const int cases = 300;
        var options = new WorkflowEngineOptions { TimerBatchSize = 25 };
        var h = await EngineHarness.CreateAsync(options: options);
        await h.Engine.DeployAsync(Wacht);
        for (var i = 0; i < cases; i++) await h.Engine.StartAsync("wacht", businessKey: $"leerling-{i}");
        var second = new WorkflowEngine(h.Store, h.Clock, options);

        h.Clock.Advance(TimeSpan.FromHours(2)); // all 300 due at once
        var fired = await Task.WhenAll(h.Engine.FireDueTimersAsync(10_000), second.FireDueTimersAsync(10_000));

        Assert.Equal(cases, fired.Sum());
        // counted in the database: one TimerFired per case, none twice, and the element after the timer ran for each
        Assert.Equal(cases, await CountAsync(h.Store, """SELECT count(DISTINCT "InstanceId") FROM timeline WHERE "Kind" = 'TimerFired'"""));
        Assert.Equal(cases, await CountAsync(h.Store, """SELECT count(*) FROM timeline WHERE "Kind" = 'TimerFired'"""));
        Assert.Equal(cases, await CountAsync(h.Store, """SELECT count(*) FROM tasks WHERE "ElementId" = 'volgende' AND "Status" = 'Open'"""));
        Assert.Equal(0, await CountAsync(h.Store, """SELECT count(*) FROM subscriptions"""));
        Assert.Equal(0, await CountAsync(h.Store, """SELECT count(*) FROM incidents"""));
    }

    [Fact]
    public async Task A_looping_timer_hits_the_step_limit_without_starving_the_other_timers_of_its_batch()
    {
        // the loop's timer is due first, so it fires first in the batch; a budget shared by the batch would leave
        // nothing for the three cases after it
        var lus = Process("lus", $"""
            <bpmn:startEvent id="s"/>
            <bpmn:intermediateCatchEvent id="uur">{Timer("timeDuration", "PT1H")}</bpmn:intermediateCatchEvent>
            <bpmn:exclusiveGateway id="rond"/><bpmn:task id="stap"/>
            {Flows("s", "uur", "rond", "stap")}{Flow("stap", "rond", id: "terug")}
            """);
        var h = await EngineHarness.CreateAsync(options: new WorkflowEngineOptions
        {
            TimerBatchSize = 10, CommandLimits = new CommandLimits(MaxSteps: 300),
        });
        await h.Engine.DeployAsync(lus);
        await h.Engine.DeployAsync(Wacht);
        var looping = await h.Engine.StartAsync("lus");
        h.Clock.Advance(TimeSpan.FromMinutes(1));
        var others = new List<Guid>();
        for (var i = 0; i < 3; i++) others.Add(await h.Engine.StartAsync("wacht", businessKey: $"leerling-{i}"));

        Assert.Equal(4, await h.AdvanceAsync(TimeSpan.FromHours(2))); // one batch: nothing in it schedules a due timer

        var incident = Assert.Single(await h.IncidentsAsync(looping));
        Assert.Contains("stappen-per-opdracht", incident.Reason);
        foreach (var id in others)
        {
            Assert.Empty(await h.IncidentsAsync(id));
            Assert.Equal(["volgende"], await h.ActiveAsync(id));
            Assert.Single(await h.OpenTasksAsync(id), t => t.ElementId == "volgende");
        }
    }

    [Fact]
    public async Task A_sibling_timer_that_an_earlier_timer_of_the_batch_cancelled_is_skipped()
    {
        // two interrupting timers on one task, due at the same instant: 'a' sorts first, fires and cancels the task
        // and with it 'b', which was claimed in the same batch
        var xml = Process("twee", $"""
            <bpmn:startEvent id="s"/><bpmn:userTask id="taak"/>
            <bpmn:boundaryEvent id="a" attachedToRef="taak">{Timer("timeDuration", "PT1H")}</bpmn:boundaryEvent>
            <bpmn:boundaryEvent id="b" attachedToRef="taak">{Timer("timeDuration", "PT1H")}</bpmn:boundaryEvent>
            <bpmn:userTask id="na_a"/><bpmn:userTask id="na_b"/><bpmn:endEvent id="e"/>
            {Flows("s", "taak", "e")}{Flow("a", "na_a")}{Flow("b", "na_b")}{Flow("na_a", "e", id: "fa")}{Flow("na_b", "e", id: "fb")}
            """);
        var h = await EngineHarness.CreateAsync(options: new WorkflowEngineOptions { TimerBatchSize = 10 });
        await h.Engine.DeployAsync(xml);
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++) ids.Add(await h.Engine.StartAsync("twee", businessKey: $"leerling-{i}"));

        Assert.Equal(3, await h.AdvanceAsync(TimeSpan.FromHours(2))); // six claimed, three fired

        foreach (var id in ids)
        {
            Assert.Equal(["a"], (await h.TimelineAsync(id)).Where(t => t.Kind == TimelineKind.TimerFired).Select(t => t.ElementId));
            Assert.Equal(["na_a"], await h.ActiveAsync(id));
        }
        Assert.Equal(0, await CountAsync(h.Store, """SELECT count(*) FROM subscriptions"""));
    }

    [Fact]
    public async Task A_case_that_cannot_be_loaded_stops_only_its_own_timer()
    {
        var h = await EngineHarness.CreateAsync(options: new WorkflowEngineOptions { TimerBatchSize = 10 });
        await h.Engine.DeployAsync(Wacht);
        var broken = await h.Engine.StartAsync("wacht", businessKey: "kapot");
        h.Clock.Advance(TimeSpan.FromMinutes(1));
        var others = new List<Guid>();
        for (var i = 0; i < 4; i++) others.Add(await h.Engine.StartAsync("wacht", businessKey: $"leerling-{i}"));
        // the first due timer's case has a state no engine can read (not a conflict a retry would solve)
        await using (var db = h.Store.CreateContext())
            await db.Database.ExecuteSqlInterpolatedAsync($"""UPDATE instances SET "State" = 'kapot' WHERE "Id" = {broken}""");

        h.Clock.Advance(TimeSpan.FromHours(2));
        await Assert.ThrowsAnyAsync<System.Text.Json.JsonException>(() => h.Engine.FireDueTimersAsync(100));

        foreach (var id in others) Assert.Equal(["volgende"], await h.ActiveAsync(id));
        // the broken case's timer is still there and fails again on the next call, alone
        Assert.Equal(1, await CountAsync(h.Store, """SELECT count(*) FROM subscriptions WHERE "Kind" = 'Timer'"""));
        await Assert.ThrowsAnyAsync<System.Text.Json.JsonException>(() => h.Engine.FireDueTimersAsync(100));
        Assert.Equal(4, await CountAsync(h.Store, """SELECT count(*) FROM timeline WHERE "Kind" = 'TimerFired'"""));
    }
}
