using System.Text.Json.Nodes;
using Verzuim.Workflows.Runtime;
using Verzuim.Workflows.Stores;
using Verzuim.Workflows.Tests.Support;
using static Verzuim.Workflows.Tests.Support.Bpmn;

namespace Verzuim.Workflows.Tests.Engine;

/// <summary>
/// Several inbound messages correlated in one transaction (<see cref="WorkflowEngine.CorrelateBatchAsync"/>). Batching
/// must not change what a message does: messages apply in their order (a later one sees what an earlier one opened),
/// a message id seen earlier in the batch is a duplicate, each message has the budget of its own command, and a bad
/// message fails alone while the others commit.
/// </summary>
public class MessageBatchTests : EngineTests
{
    /// <summary>start → receive 'Melding' (r1) → receive 'Melding' (r2) → user task 'klaar'; each receive appends the message's n to 'volgorde'.</summary>
    private static readonly string TweeMeldingen = Process("twee", $"""
        <bpmn:startEvent id="s"/>
        <bpmn:receiveTask id="r1" messageRef="Msg_Melding">{Append()}</bpmn:receiveTask>
        <bpmn:receiveTask id="r2" messageRef="Msg_Melding">{Append()}</bpmn:receiveTask>
        <bpmn:userTask id="klaar"/><bpmn:endEvent id="e"/>
        {Flows("s", "r1", "r2", "klaar", "e")}
        """, "Melding:leerlingId");

    private static string Append() =>
        """<bpmn:extensionElements><verzuim:output target="volgorde" expression="volgorde + n"/></bpmn:extensionElements>""";

    private static BatchedMessage Melding(string key, string n, Guid? id = null, string name = "Melding") =>
        new(new IncomingMessage(id ?? Guid.NewGuid(), name, key, new JsonObject { ["n"] = n }));

    private static async Task<Guid> StartAsync(EngineHarness h, string key) =>
        await h.Engine.StartAsync("twee", EngineHarness.Json(new { leerlingId = key, volgorde = "" }), key);

    [Fact]
    public async Task Two_messages_for_one_case_in_one_batch_apply_in_their_order()
    {
        var h = await HarnessAsync();
        await h.Engine.DeployAsync(TweeMeldingen);
        var id = await StartAsync(h, "L1");

        // the second message needs the wait on r2 that the first one opened in the same transaction
        var outcomes = await h.Engine.CorrelateBatchAsync([Melding("L1", "1"), Melding("L1", "2")]);

        Assert.All(outcomes, o => Assert.Null(o.Failure));
        Assert.Equal([CorrelationOutcome.Correlated, CorrelationOutcome.Correlated], outcomes.Select(o => o.Result!.Outcome));
        Assert.Equal(["klaar"], await h.ActiveAsync(id));
        Assert.Equal("12", (string)(await h.VariablesAsync(id))["volgorde"]!);
        Assert.Equal(["r1", "r2"], await h.PathAsync(id, TimelineKind.MessageCorrelated));
    }

    [Fact]
    public async Task A_message_id_twice_in_one_batch_is_applied_once()
    {
        var h = await HarnessAsync();
        await h.Engine.DeployAsync(TweeMeldingen);
        var id = await StartAsync(h, "L1");
        var messageId = Guid.NewGuid();

        var outcomes = await h.Engine.CorrelateBatchAsync([Melding("L1", "1", messageId), Melding("L1", "2", messageId)]);

        Assert.Equal([CorrelationOutcome.Correlated, CorrelationOutcome.Duplicate], outcomes.Select(o => o.Result!.Outcome));
        Assert.Equal(["r2"], await h.ActiveAsync(id)); // the redelivery did not take the second wait
        Assert.Equal("1", (string)(await h.VariablesAsync(id))["volgorde"]!);
        // and a redelivery in a later batch is a duplicate too
        var again = await h.Engine.CorrelateBatchAsync([Melding("L1", "3", messageId), Melding("L1", "4")]);
        Assert.Equal([CorrelationOutcome.Duplicate, CorrelationOutcome.Correlated], again.Select(o => o.Result!.Outcome));
        Assert.Equal("14", (string)(await h.VariablesAsync(id))["volgorde"]!);
    }

    [Fact]
    public async Task A_bad_message_fails_alone_and_the_others_of_its_batch_commit()
    {
        var h = await HarnessAsync();
        await h.Engine.DeployAsync(TweeMeldingen);
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++) ids.Add(await StartAsync(h, $"L{i}"));
        // an id already used by a message of another name: refused with its reason, never taken for a redelivery
        var reused = Guid.NewGuid();
        await h.SendAsync("Anders", "L2", id: reused);

        var outcomes = await h.Engine.CorrelateBatchAsync([
            Melding("L0", "a"), Melding("L1", "a"), Melding("L2", "a", reused), Melding("L3", "a"), Melding("L4", "a"),
        ]);

        var failure = Assert.IsType<MessageIdReusedException>(outcomes[2].Failure);
        Assert.Contains(reused.ToString(), failure.Message);
        Assert.Null(outcomes[2].Result);
        foreach (var i in new[] { 0, 1, 3, 4 })
        {
            Assert.Null(outcomes[i].Failure);
            Assert.Equal(CorrelationOutcome.Correlated, outcomes[i].Result!.Outcome);
            Assert.Equal([ids[i]], outcomes[i].Result!.InstanceIds);
            Assert.Equal(["r2"], await h.ActiveAsync(ids[i]));
        }
        Assert.Equal(["r1"], await h.ActiveAsync(ids[2]));
        Assert.Equal("", (string)(await h.VariablesAsync(ids[2]))["volgorde"]!);
    }

    [Fact]
    public async Task A_message_that_starts_a_case_is_followed_by_one_for_that_case_in_the_same_batch()
    {
        var xml = Process("op-bericht", $"""
            <bpmn:startEvent id="s">{MessageRef("Melding")}</bpmn:startEvent>
            <bpmn:receiveTask id="r2" messageRef="Msg_Melding"/>
            <bpmn:userTask id="klaar"/><bpmn:endEvent id="e"/>
            {Flows("s", "r2", "klaar", "e")}
            """, "Melding:leerlingId");
        var h = await HarnessAsync();
        await h.Engine.DeployAsync(xml);

        var outcomes = await h.Engine.CorrelateBatchAsync([
            new BatchedMessage(new IncomingMessage(Guid.NewGuid(), "Melding", "L9", new JsonObject { ["leerlingId"] = "L9" })),
            new BatchedMessage(new IncomingMessage(Guid.NewGuid(), "Melding", "L9", new JsonObject { ["leerlingId"] = "L9" })),
        ]);

        Assert.Equal([CorrelationOutcome.Started, CorrelationOutcome.Correlated], outcomes.Select(o => o.Result!.Outcome));
        var id = Assert.Single(outcomes[0].Result!.InstanceIds);
        Assert.Equal([id], outcomes[1].Result!.InstanceIds); // no second case: the first is open in the same transaction
        Assert.Equal(["klaar"], await h.ActiveAsync(id));
    }

    [Fact]
    public async Task A_looping_message_hits_the_step_limit_without_starving_the_others_of_its_batch()
    {
        var lus = Process("lus", $"""
            <bpmn:startEvent id="s"/><bpmn:receiveTask id="r" messageRef="Msg_Lus"/>
            <bpmn:exclusiveGateway id="rond"/><bpmn:task id="stap"/>
            {Flows("s", "r", "rond", "stap")}{Flow("stap", "rond", id: "terug")}
            """, "Lus:leerlingId");
        var h = await HarnessAsync(options: new WorkflowEngineOptions { CommandLimits = new CommandLimits(MaxSteps: 300) });
        await h.Engine.DeployAsync(lus);
        await h.Engine.DeployAsync(TweeMeldingen);
        var looping = await h.Engine.StartAsync("lus", EngineHarness.Json(new { leerlingId = "L0" }), "L0");
        var others = new List<Guid>();
        for (var i = 1; i <= 3; i++) others.Add(await StartAsync(h, $"L{i}"));

        // the loop comes first: a budget shared by the batch would leave nothing for the three after it
        var outcomes = await h.Engine.CorrelateBatchAsync([
            new BatchedMessage(new IncomingMessage(Guid.NewGuid(), "Lus", "L0", [])), Melding("L1", "x"), Melding("L2", "x"), Melding("L3", "x"),
        ]);

        Assert.All(outcomes, o => Assert.Null(o.Failure));
        Assert.Contains("stappen-per-opdracht", Assert.Single(await h.IncidentsAsync(looping)).Reason);
        foreach (var id in others)
        {
            Assert.Empty(await h.IncidentsAsync(id));
            Assert.Equal(["r2"], await h.ActiveAsync(id));
        }
    }
}

/// <summary><see cref="MessageBatchTests"/> on the in-memory store: the unit tier.</summary>
[Trait("Category", "Unit")]
public sealed class MessageBatchInMemoryTests : MessageBatchTests
{
    protected override bool InMemory => true;
}

/// <summary>Batches on PostgreSQL: two engines (hosts) at once, and a case no engine can read.</summary>
public sealed class MessageBatchPostgresTests
{
    private static readonly string TweeMeldingen = Process("twee", """
        <bpmn:startEvent id="s"/>
        <bpmn:receiveTask id="r1" messageRef="Msg_Melding"><bpmn:extensionElements><verzuim:output target="volgorde" expression="volgorde + n"/></bpmn:extensionElements></bpmn:receiveTask>
        <bpmn:receiveTask id="r2" messageRef="Msg_Melding"><bpmn:extensionElements><verzuim:output target="volgorde" expression="volgorde + n"/></bpmn:extensionElements></bpmn:receiveTask>
        <bpmn:userTask id="klaar"/><bpmn:endEvent id="e"/>
        """ + Flows("s", "r1", "r2", "klaar", "e"), "Melding:leerlingId");

    private static BatchedMessage Melding(string key, string n) =>
        new(new IncomingMessage(Guid.NewGuid(), "Melding", key, new JsonObject { ["n"] = n }));

    [Fact]
    public async Task Two_engines_applying_batches_of_the_same_cases_in_opposite_orders_apply_each_message_once()
    {
        const int cases = 60;
        var h = await EngineHarness.CreateAsync();
        await h.Engine.DeployAsync(TweeMeldingen);
        var ids = new List<Guid>();
        for (var i = 0; i < cases; i++)
            ids.Add(await h.Engine.StartAsync("twee", EngineHarness.Json(new { leerlingId = $"L{i}", volgorde = "" }), $"L{i}"));
        var second = new WorkflowEngine(h.Store, h.Clock, new WorkflowEngineOptions());

        // the keys' locks are taken in one order whatever the batch's order, so the two cannot deadlock
        async Task<List<BatchOutcome>> Run(WorkflowEngine engine, IEnumerable<int> order, string n)
        {
            var all = new List<BatchOutcome>();
            foreach (var chunk in order.Chunk(20)) all.AddRange(await engine.CorrelateBatchAsync(chunk.Select(i => Melding($"L{i}", n)).ToList()));
            return all;
        }
        var results = await Task.WhenAll(Run(h.Engine, Enumerable.Range(0, cases), "a"), Run(second, Enumerable.Range(0, cases).Reverse(), "b"));

        Assert.All(results.SelectMany(r => r), o => Assert.Equal(CorrelationOutcome.Correlated, Assert.IsType<CorrelationResult>(o.Result).Outcome));
        foreach (var id in ids)
        {
            Assert.Equal(["klaar"], await h.ActiveAsync(id));
            Assert.Contains((string)(await h.VariablesAsync(id))["volgorde"]!, new[] { "ab", "ba" });
        }
    }

    [Fact]
    public async Task A_case_no_engine_can_read_fails_only_its_own_message()
    {
        var h = await EngineHarness.CreateAsync();
        await h.Engine.DeployAsync(TweeMeldingen);
        var ids = new List<Guid>();
        for (var i = 0; i < 4; i++)
            ids.Add(await h.Engine.StartAsync("twee", EngineHarness.Json(new { leerlingId = $"L{i}", volgorde = "" }), $"L{i}"));
        await using (var db = h.Store.CreateContext())
            await Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.ExecuteSqlInterpolatedAsync(db.Database,
                $"""UPDATE instances SET "State" = 'kapot' WHERE "Id" = {ids[1]}""");

        var outcomes = await h.Engine.CorrelateBatchAsync([Melding("L0", "a"), Melding("L1", "a"), Melding("L2", "a"), Melding("L3", "a")]);

        Assert.IsAssignableFrom<System.Text.Json.JsonException>(outcomes[1].Failure);
        foreach (var i in new[] { 0, 2, 3 })
        {
            Assert.Equal(CorrelationOutcome.Correlated, outcomes[i].Result!.Outcome);
            Assert.Equal(["r2"], await h.ActiveAsync(ids[i]));
        }
        // the failed message left nothing behind: it is not processed, so its redelivery is tried again
        await using var check = h.Store.CreateContext();
        Assert.Equal(3, check.ProcessedMessages.Count());
        // the batch was halved, not taken apart: the messages after the bad one's half still shared a transaction
        await using var connection = new Npgsql.NpgsqlConnection(h.Store.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("""SELECT count(DISTINCT xmin::text) FROM processed_messages""", connection);
        Assert.Equal(2L, (long)(await command.ExecuteScalarAsync())!);
    }
}
