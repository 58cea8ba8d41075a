using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Verzuim.Persistence;
using Verzuim.Workflows.Expressions;
using Verzuim.Workflows.Runtime;
using Verzuim.Workflows.Stores;
using Verzuim.Workflows.Tests.Support;
using static Verzuim.Workflows.Tests.Support.Bpmn;

namespace Verzuim.Workflows.Tests.Engine;

/// <summary>
/// One command (here: a start) has one budget of steps and of expression time over everything it runs, and its
/// cancellation stops a running expression. Running out is one incident with the limit's name, committed once.
/// </summary>
public sealed class CommandBudgetTests
{
    /// <summary>A loop without a wait that forks on every round: the queue of ready tokens grows with every step.</summary>
    private static readonly string ForkingLoop = Process("vork", $"""
        <bpmn:startEvent id="s"/><bpmn:exclusiveGateway id="rond"/><bpmn:parallelGateway id="splits"/>
        {Flow("s", "rond")}{Flow("rond", "splits")}{Flow("splits", "rond", id: "terug1")}{Flow("splits", "rond", id: "terug2")}
        """);

    [Fact]
    public async Task A_forking_loop_without_a_wait_is_one_incident_naming_the_step_limit()
    {
        var h = await EngineHarness.CreateAsync(options: new WorkflowEngineOptions { CommandLimits = new CommandLimits(MaxSteps: 2_000) });
        var id = await h.DeployAndStartAsync(ForkingLoop, "vork");

        var incident = Assert.Single(await h.IncidentsAsync(id)); // not one per token still queued when the limit ran out
        Assert.Contains("stappen-per-opdracht", incident.Reason);
        var instance = await h.InstanceAsync(id);
        Assert.Equal(InstanceStatus.Incident, instance.Status);
        var tokens = InstanceState.Deserialize(instance.State).Tokens;
        Assert.True(tokens.Count > 500, $"{tokens.Count} tokens"); // every round adds one: about half the steps are still queued
        Assert.All(tokens, t => Assert.Equal((TokenStatus.Incident, incident.Id), (t.Status, t.IncidentId)));

        // retrying resumes them all and runs into the limit again: the old incident resolved, one new one
        await h.Engine.RetryIncidentAsync(incident.Id);
        var incidents = await h.IncidentsAsync(id);
        Assert.Equal(2, incidents.Count);
        Assert.Single(incidents, i => i.ResolvedAt is null);
    }

    /// <summary>Called processes that each stay under the limit run in one command: the limit is the command's, not each instance's.</summary>
    [Fact]
    public async Task The_step_limit_counts_every_instance_of_the_command()
    {
        var xml = Definitions($"""
            <bpmn:process id="ouder" isExecutable="true">
              <bpmn:startEvent id="s"/><bpmn:parallelGateway id="splits"/><bpmn:parallelGateway id="samen"/><bpmn:endEvent id="e"/>
              <bpmn:callActivity id="k1" calledElement="tel"/><bpmn:callActivity id="k2" calledElement="tel"/><bpmn:callActivity id="k3" calledElement="tel"/>
              {Flows("s", "splits")}{Flows("splits", "k1", "samen")}{Flows("splits", "k2", "samen")}{Flows("splits", "k3", "samen")}{Flow("samen", "e")}
            </bpmn:process>
            <bpmn:process id="tel" isExecutable="true">
              <bpmn:startEvent id="ts"/>
              <bpmn:task id="plus"><bpmn:extensionElements><verzuim:output target="i" expression="i + 1"/></bpmn:extensionElements></bpmn:task>
              <bpmn:exclusiveGateway id="nog" default="klaar"/><bpmn:endEvent id="te"/>
              {Flows("ts", "plus", "nog")}{Flow("nog", "plus", "i < 60")}{Flow("nog", "te", id: "klaar")}
            </bpmn:process>
            """);
        // one tel instance: start, 60 × (plus, nog), end = 122 steps; three of them and the parent pass 300
        var h = await EngineHarness.CreateAsync(options: new WorkflowEngineOptions { CommandLimits = new CommandLimits(MaxSteps: 300) });
        var id = await h.DeployAndStartAsync(xml, "ouder", new { i = 0 }); // the calls pass every variable: each tel counts from 0

        await using var db = h.Store.CreateContext();
        // one incident per instance the limit stopped: the third tel in its loop, and the parent at its join (the
        // children's calls run before the parent moves on, so its step to the join comes after the budget is gone)
        var incidents = await db.Incidents.AsNoTracking().ToListAsync();
        Assert.All(incidents, i => Assert.Contains("stappen-per-opdracht", i.Reason));
        Assert.Equal(["plus", "samen"], incidents.Select(i => i.ElementId).Order());
        Assert.Equal(InstanceStatus.Incident, (await h.InstanceAsync(id)).Status);
        Assert.Equal(2, await db.Instances.CountAsync(i => i.ProcessId == "tel" && i.Status == InstanceStatus.Completed));
    }

    /// <summary>A loop whose every expression stays under its own 10 s limit: the command's 1 s of expression time ends it.</summary>
    [Fact]
    public async Task Expressions_of_one_command_share_its_expression_time()
    {
        const string heavy = "(() => { let n = 0; for (let k = 0; k &lt; 1000000; k++) n += k; return i &lt; 100 })()";
        var xml = Process("zwaar", $"""
            <bpmn:startEvent id="s"/>
            <bpmn:task id="plus"><bpmn:extensionElements><verzuim:output target="i" expression="i + 1"/></bpmn:extensionElements></bpmn:task>
            <bpmn:exclusiveGateway id="nog" default="klaar"/><bpmn:endEvent id="e"/>
            {Flows("s", "plus", "nog")}<bpmn:sequenceFlow id="opnieuw" sourceRef="nog" targetRef="plus"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">{heavy}</bpmn:conditionExpression></bpmn:sequenceFlow>{Flow("nog", "e", id: "klaar")}
            """);
        var h = await EngineHarness.CreateAsync(options: new WorkflowEngineOptions
        {
            ExpressionLimits = ExpressionLimits.Default with { Timeout = TimeSpan.FromSeconds(10), MaxStatements = 50_000_000, MaxMemoryBytes = 100_000_000 },
            CommandLimits = new CommandLimits(ExpressionTime: TimeSpan.FromSeconds(1)),
        });
        await h.Engine.DeployAsync(xml);
        var clock = Stopwatch.StartNew();
        var id = await h.Engine.StartAsync("zwaar", new System.Text.Json.Nodes.JsonObject { ["i"] = 0 });

        var incident = Assert.Single(await h.IncidentsAsync(id));
        Assert.Contains("rekentijd-per-opdracht", incident.Reason);
        Assert.Contains(incident.ElementId, new[] { "nog", "plus" }); // the heavy condition, or the next expression once the time is gone
        var rounds = (int)(await h.VariablesAsync(id))["i"]!;
        Assert.InRange(rounds, 1, 99); // 100 rounds of the heavy condition take far more than 1 s
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"{clock.Elapsed}");
    }

    [Fact]
    public async Task Cancelling_the_command_stops_a_running_expression_and_commits_nothing()
    {
        var xml = Process("eindeloos", $"""
            <bpmn:startEvent id="s"/><bpmn:exclusiveGateway id="g" default="nee"/><bpmn:endEvent id="ja_e"/><bpmn:endEvent id="nee_e"/>
            {Flow("s", "g")}{Flow("g", "ja_e", "(() => { while (true) {} })()", id: "ja")}{Flow("g", "nee_e", id: "nee")}
            """);
        var h = await EngineHarness.CreateAsync(options: new WorkflowEngineOptions
        {
            ExpressionLimits = ExpressionLimits.Default with { Timeout = TimeSpan.FromSeconds(20), MaxStatements = int.MaxValue },
            CommandLimits = new CommandLimits(ExpressionTime: TimeSpan.FromSeconds(60)),
        });
        await h.Engine.DeployAsync(xml);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => h.Engine.StartAsync("eindeloos", ct: cancel.Token));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"{clock.Elapsed}"); // not the expression's own 20 s
        await using var db = h.Store.CreateContext();
        Assert.False(await db.Instances.AnyAsync()); // rolled back: no case, no incident
        Assert.False(await db.Incidents.AnyAsync());
    }
}
