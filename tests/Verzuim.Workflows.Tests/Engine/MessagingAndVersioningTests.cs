using Verzuim.Workflows.Runtime;
using Verzuim.Workflows.Stores;
using Verzuim.Workflows.Tests.Support;
using static Verzuim.Workflows.Tests.Support.Bpmn;

namespace Verzuim.Workflows.Tests.Engine;

public class MessagingAndVersioningTests : EngineTests
{
    private static readonly string WaitForConversation = Process("wacht", $"""
        <bpmn:startEvent id="s"/>
        <bpmn:receiveTask id="gesprek" messageRef="Msg_GesprekGehouden"/>
        <bpmn:endEvent id="e"/>{Flows("s", "gesprek", "e")}
        """, "GesprekGehouden:leerlingId");

    [Fact]
    public async Task A_message_resumes_only_the_instance_with_its_correlation_key()
    {
        var h = await HarnessAsync();
        await h.Engine.DeployAsync(WaitForConversation);
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++) ids.Add(await h.Engine.StartAsync("wacht", EngineHarness.Json(new { leerlingId = $"L{i}" }), $"L{i}"));

        var result = await h.SendAsync("GesprekGehouden", "L3", new { soort = "ouders" });

        Assert.Equal(CorrelationOutcome.Correlated, result.Outcome);
        Assert.Equal([ids[3]], result.InstanceIds);
        for (var i = 0; i < 5; i++)
            Assert.Equal(i == 3 ? InstanceStatus.Completed : InstanceStatus.Running, (await h.InstanceAsync(ids[i])).Status);
    }

    [Fact]
    public async Task A_subscription_without_a_correlation_key_takes_any_message_of_its_name()
    {
        var xml = Process("p", $"""<bpmn:startEvent id="s"/><bpmn:receiveTask id="r" messageRef="Msg_Ping"/><bpmn:endEvent id="e"/>{Flows("s", "r", "e")}""", "Ping");
        var h = await HarnessAsync();
        var a = await h.DeployAndStartAsync(xml, "p");
        var b = await h.Engine.StartAsync("p");
        var result = await h.SendAsync("Ping", "wat-dan-ook");
        Assert.Equal(new[] { a, b }.Order(), result.InstanceIds.Order());
    }

    [Fact]
    public async Task A_redelivered_message_is_recognised_by_its_id_and_applied_once()
    {
        var xml = Process("teller", $"""
            <bpmn:startEvent id="s"/><bpmn:exclusiveGateway id="m"/>
            <bpmn:receiveTask id="r" messageRef="Msg_AbsentieGeregistreerd">
              <bpmn:extensionElements><verzuim:output target="meldingen" expression="meldingen + 1"/></bpmn:extensionElements>
            </bpmn:receiveTask>
            <bpmn:exclusiveGateway id="g" default="nog"/><bpmn:endEvent id="e"/>
            {Flows("s", "m", "r", "g")}{Flow("g", "m", id: "nog")}{Flow("g", "e", "meldingen >= 10")}
            """, "AbsentieGeregistreerd:leerlingId");
        var h = await HarnessAsync();
        var id = await h.DeployAndStartAsync(xml, "teller", new { leerlingId = "L1", meldingen = 0 });
        var messageId = Guid.NewGuid();
        Assert.Equal(CorrelationOutcome.Correlated, (await h.SendAsync("AbsentieGeregistreerd", "L1", id: messageId)).Outcome);
        Assert.Equal(CorrelationOutcome.Duplicate, (await h.SendAsync("AbsentieGeregistreerd", "L1", id: messageId)).Outcome);
        await h.SendAsync("AbsentieGeregistreerd", "L1");
        Assert.Equal(2, (int)(await h.VariablesAsync(id))["meldingen"]!);
    }

    [Fact]
    public async Task An_early_message_is_buffered_and_handed_to_the_wait_that_opens_within_its_time_to_live()
    {
        var xml = Process("p", $"""
            <bpmn:startEvent id="s"/><bpmn:userTask id="uitnodigen"/>
            <bpmn:receiveTask id="gesprek" messageRef="Msg_GesprekGehouden"/><bpmn:endEvent id="e"/>
            {Flows("s", "uitnodigen", "gesprek", "e")}
            """, "GesprekGehouden:leerlingId");
        var h = await HarnessAsync();
        var early = await h.DeployAndStartAsync(xml, "p", new { leerlingId = "L1" });
        var late = await h.Engine.StartAsync("p", EngineHarness.Json(new { leerlingId = "L2" }));

        Assert.Equal(CorrelationOutcome.Buffered, (await h.SendAsync("GesprekGehouden", "L1", new { soort = "ouders" })).Outcome);
        Assert.Equal(CorrelationOutcome.Buffered, (await h.SendAsync("GesprekGehouden", "L2")).Outcome);
        await h.Engine.CompleteTaskAsync(await h.TaskIdAsync(early, "uitnodigen"));
        Assert.Equal(InstanceStatus.Completed, (await h.InstanceAsync(early)).Status);
        Assert.Equal("ouders", (string?)(await h.VariablesAsync(early))["soort"]);

        h.Clock.Advance(TimeSpan.FromHours(2)); // past the default time-to-live of one hour
        await h.Engine.CompleteTaskAsync(await h.TaskIdAsync(late, "uitnodigen"));
        Assert.Equal(["gesprek"], await h.ActiveAsync(late));
    }

    [Fact]
    public async Task Without_a_time_to_live_an_unmatched_message_is_reported_unmatched()
    {
        var h = await HarnessAsync(options: new WorkflowEngineOptions { DefaultMessageTimeToLive = TimeSpan.Zero });
        await h.Engine.DeployAsync(WaitForConversation);
        Assert.Equal(CorrelationOutcome.Unmatched, (await h.SendAsync("GesprekGehouden", "niemand")).Outcome);
    }

    [Fact]
    public async Task A_message_start_event_opens_one_case_per_key_and_later_messages_go_to_it()
    {
        var xml = Process("zaak", $"""
            <bpmn:startEvent id="melding">{MessageDef("AbsentieGeregistreerd")}</bpmn:startEvent>
            <bpmn:receiveTask id="herstel" messageRef="Msg_SchoolgangHersteld"/><bpmn:endEvent id="e"/>
            {Flows("melding", "herstel", "e")}
            """, "AbsentieGeregistreerd:leerlingId", "SchoolgangHersteld:leerlingId");
        var h = await HarnessAsync();
        await h.Engine.DeployAsync(xml);

        var first = await h.SendAsync("AbsentieGeregistreerd", "L9", new { leerlingId = "L9", soort = "Ziek" });
        Assert.Equal(CorrelationOutcome.Started, first.Outcome);
        var second = await h.SendAsync("AbsentieGeregistreerd", "L9", new { leerlingId = "L9", soort = "Ziek" });
        Assert.Equal(CorrelationOutcome.Buffered, second.Outcome); // no second case for the same pupil
        var id = Assert.Single(first.InstanceIds);
        Assert.Equal("L9", (await h.InstanceAsync(id)).BusinessKey);
        Assert.Equal("Ziek", (string?)(await h.VariablesAsync(id))["soort"]);

        await h.SendAsync("SchoolgangHersteld", "L9");
        Assert.Equal(InstanceStatus.Completed, (await h.InstanceAsync(id)).Status);
        Assert.Equal(CorrelationOutcome.Started, (await h.SendAsync("AbsentieGeregistreerd", "L9")).Outcome); // closed: a new case may open
    }

    private static string MessageDef(string name) => $"""<bpmn:messageEventDefinition messageRef="Msg_{name}"/>""";

    [Fact]
    public async Task Publishing_a_new_version_leaves_running_instances_on_theirs()
    {
        string Model(string escalation) => Process("model", $"""
            <bpmn:startEvent id="s"/><bpmn:userTask id="stap1"/><bpmn:userTask id="{escalation}"/><bpmn:endEvent id="e"/>
            {Flows("s", "stap1", escalation, "e")}
            """);
        var h = await HarnessAsync();
        var v1 = await h.Engine.DeployAsync(Model("stap2"));
        var old = await h.Engine.StartAsync("model");
        Assert.False((await h.Engine.DeployAsync(Model("stap2")))[0].Changed); // same file: no new version
        var v2 = await h.Engine.DeployAsync(Model("kernteam"));
        var fresh = await h.Engine.StartAsync("model");

        Assert.Equal(1, v1[0].Version);
        Assert.Equal(2, v2[0].Version);
        Assert.Equal(1, (await h.InstanceAsync(old)).DefinitionVersion);
        Assert.Equal(2, (await h.InstanceAsync(fresh)).DefinitionVersion);
        await h.Engine.CompleteTaskAsync(await h.TaskIdAsync(old, "stap1"));
        await h.Engine.CompleteTaskAsync(await h.TaskIdAsync(fresh, "stap1"));
        Assert.Equal(["stap2"], await h.ActiveAsync(old));
        Assert.Equal(["kernteam"], await h.ActiveAsync(fresh));
    }

    [Fact]
    public async Task A_failing_output_mapping_keeps_the_message_data_for_the_retry()
    {
        var xml = Process("p", $"""
            <bpmn:startEvent id="s"/>
            <bpmn:receiveTask id="advies" messageRef="Msg_JeugdartsAdvies">
              <bpmn:extensionElements><verzuim:output target="belastbaar" expression="uitkomst.toLowerCase() !== 'nietbelastbaar' &amp;&amp; drempel.waarde > 0"/></bpmn:extensionElements>
            </bpmn:receiveTask><bpmn:endEvent id="e"/>{Flows("s", "advies", "e")}
            """, "JeugdartsAdvies:leerlingId");
        var h = await HarnessAsync();
        var id = await h.DeployAndStartAsync(xml, "p", new { leerlingId = "L1" });
        await h.SendAsync("JeugdartsAdvies", "L1", new { uitkomst = "BeperktBelastbaar" });
        var incident = Assert.Single(await h.IncidentsAsync(id));
        Assert.Equal("advies", incident.ElementId);

        await h.Engine.SetVariablesAsync(id, EngineHarness.Json(new { drempel = new { waarde = 1 } }));
        await h.Engine.RetryIncidentAsync(incident.Id);
        Assert.Equal(InstanceStatus.Completed, (await h.InstanceAsync(id)).Status);
        Assert.True((bool)(await h.VariablesAsync(id))["belastbaar"]!); // computed from the message kept with the incident
    }
}

/// <summary><see cref="MessagingAndVersioningTests"/> on the in-memory store: the unit tier.</summary>
[Trait("Category", "Unit")]
public sealed class MessagingAndVersioningInMemoryTests : MessagingAndVersioningTests
{
    protected override bool InMemory => true;
}
