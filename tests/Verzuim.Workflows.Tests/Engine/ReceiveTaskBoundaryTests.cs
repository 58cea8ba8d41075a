using Verzuim.Workflows.Parsing;
using Verzuim.Workflows.Runtime;
using Verzuim.Workflows.Stores;
using Verzuim.Workflows.Tests.Support;
using static Verzuim.Workflows.Tests.Support.Bpmn;

namespace Verzuim.Workflows.Tests.Engine;

/// <summary>
/// Boundary events on receive tasks (BPMN 2.0 allows them on every activity). Intermediate catch events are
/// events, not activities: BPMN has no boundary on them, so the engine refuses one (use an event-based gateway).
/// </summary>
public class ReceiveTaskBoundaryTests : EngineTests
{
    private static readonly string WaitWithReminder = Process("p", $"""
        <bpmn:startEvent id="s"/><bpmn:receiveTask id="advies" messageRef="Msg_JeugdartsAdvies"/>
        <bpmn:boundaryEvent id="te-laat" attachedToRef="advies">{Timer("timeDuration", "P10D")}</bpmn:boundaryEvent>
        <bpmn:boundaryEvent id="toestemming" attachedToRef="advies" cancelActivity="false">{MessageRef("ToestemmingOuders")}</bpmn:boundaryEvent>
        <bpmn:intermediateThrowEvent id="genoteerd"><bpmn:extensionElements><verzuim:output target="toestemmingen" expression="toestemmingen + 1"/></bpmn:extensionElements></bpmn:intermediateThrowEvent>
        <bpmn:userTask id="navragen"/><bpmn:endEvent id="e"/><bpmn:endEvent id="e2"/><bpmn:endEvent id="e3"/>
        {Flows("s", "advies", "e")}{Flows("te-laat", "navragen", "e2")}{Flows("toestemming", "genoteerd", "e3")}
        """, "JeugdartsAdvies:leerlingId", "ToestemmingOuders:leerlingId");

    [Fact]
    public async Task A_non_interrupting_message_boundary_keeps_the_receive_task_waiting_and_an_interrupting_timer_ends_it()
    {
        var h = await HarnessAsync();
        var id = await h.DeployAndStartAsync(WaitWithReminder, "p", new { leerlingId = "L1", toestemmingen = 0 }, "L1");

        await h.SendAsync("ToestemmingOuders", "L1");
        await h.SendAsync("ToestemmingOuders", "L1");
        Assert.Equal(2, (int)(await h.VariablesAsync(id))["toestemmingen"]!);
        Assert.Equal(["advies"], await h.ActiveAsync(id));

        Assert.Equal(1, await h.AdvanceAsync(TimeSpan.FromDays(10)));
        Assert.Equal(["navragen"], await h.ActiveAsync(id));
        Assert.Contains(await h.TimelineAsync(id), t => t.Kind == TimelineKind.ActivityCancelled && t.ElementId == "advies");
        Assert.NotEqual(CorrelationOutcome.Correlated, (await h.SendAsync("JeugdartsAdvies", "L1", ttl: TimeSpan.Zero)).Outcome);
    }

    [Fact]
    public async Task The_message_the_receive_task_waits_for_removes_its_boundaries()
    {
        var h = await HarnessAsync();
        var id = await h.DeployAndStartAsync(WaitWithReminder, "p", new { leerlingId = "L1", toestemmingen = 0 }, "L1");
        await h.SendAsync("JeugdartsAdvies", "L1");
        Assert.Equal(InstanceStatus.Completed, (await h.InstanceAsync(id)).Status);
        Assert.Null(await h.Engine.NextTimerDueAsync());
    }

    [Fact]
    public void A_boundary_on_an_intermediate_catch_event_is_refused()
    {
        var xml = Process("p", $"""
            <bpmn:startEvent id="s"/><bpmn:intermediateCatchEvent id="wacht">{Timer("timeDuration", "P1D")}</bpmn:intermediateCatchEvent>
            <bpmn:boundaryEvent id="b" attachedToRef="wacht">{Timer("timeDuration", "P2D")}</bpmn:boundaryEvent>
            <bpmn:endEvent id="e"/><bpmn:endEvent id="e2"/>{Flows("s", "wacht", "e")}{Flows("b", "e2")}
            """);
        var problem = Assert.Single(BpmnReader.Validate(xml).Problems);
        Assert.Equal(("b", "randgebeurtenis"), (problem.ElementId, problem.Rule));
    }
}

/// <summary><see cref="ReceiveTaskBoundaryTests"/> on the in-memory store: the unit tier.</summary>
[Trait("Category", "Unit")]
public sealed class ReceiveTaskBoundaryInMemoryTests : ReceiveTaskBoundaryTests
{
    protected override bool InMemory => true;
}
