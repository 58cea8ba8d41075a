using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Verzuim.Persistence;
using Verzuim.Workflows.Runtime;
using Verzuim.Workflows.Stores;
using Verzuim.Workflows.Tests.Support;
using static Verzuim.Workflows.Tests.Support.Bpmn;

namespace Verzuim.Workflows.Tests.Engine;

public sealed class StartAndPublishTests
{
    [Fact]
    public async Task A_timer_start_event_opens_a_case_at_each_repetition_of_its_cycle()
    {
        var xml = Process("peildatum", $"""
            <bpmn:startEvent id="elkeDag"><bpmn:timerEventDefinition><bpmn:timeCycle>R2/PT24H</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>
            <bpmn:userTask id="tellen"/><bpmn:endEvent id="e"/>{Flows("elkeDag", "tellen", "e")}
            """);
        var h = await EngineHarness.CreateAsync();
        await h.Engine.DeployAsync(xml);
        Assert.Equal(h.Clock.UtcNow.AddHours(24), await h.Engine.NextTimerDueAsync());

        Assert.Equal(0, await h.AdvanceAsync(TimeSpan.FromHours(23)));
        Assert.Equal(1, await h.AdvanceAsync(TimeSpan.FromHours(1)));
        Assert.Equal(1, await h.AdvanceAsync(TimeSpan.FromHours(24)));
        Assert.Equal(0, await h.AdvanceAsync(TimeSpan.FromHours(72))); // R2: two cases, then the cycle is done
        Assert.Equal(2, (await h.OpenTasksAsync()).Count);
        Assert.Null(await h.Engine.NextTimerDueAsync());
    }

    [Fact]
    public async Task Publishing_a_new_version_moves_the_timer_start_to_it()
    {
        string Model(string task) => Process("peildatum", $"""
            <bpmn:startEvent id="elkeDag"><bpmn:timerEventDefinition><bpmn:timeCycle>R/PT24H</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>
            <bpmn:userTask id="{task}"/><bpmn:endEvent id="e"/>{Flows("elkeDag", task, "e")}
            """);
        var h = await EngineHarness.CreateAsync();
        await h.Engine.DeployAsync(Model("v1taak"));
        await h.Engine.DeployAsync(Model("v2taak"));
        await using (var db = h.Store.CreateContext())
            Assert.Equal(1, await db.Subscriptions.CountAsync(s => s.Kind == SubscriptionKind.TimerStart));
        await h.AdvanceAsync(TimeSpan.FromHours(24));
        Assert.Equal("v2taak", Assert.Single(await h.OpenTasksAsync()).ElementId);
    }

    private const string DuoPayload = "({ leerlingId, reden: 'luxe verzuim' })";
    private const string ClosedPayload = "({ leerlingId, uitkomst: 'gemeld' })";

    [Fact]
    public async Task Service_tasks_and_message_end_events_publish_through_the_outbox_with_their_payload()
    {
        var xml = Process("melden", $"""
            <bpmn:startEvent id="s"/>
            <bpmn:serviceTask id="vereist" verzuim:message="DuoMeldingVereist" verzuim:payload="{DuoPayload}"/>
            <bpmn:endEvent id="gesloten" verzuim:payload="{ClosedPayload}"><bpmn:messageEventDefinition messageRef="Msg_CaseGesloten"/></bpmn:endEvent>
            {Flows("s", "vereist", "gesloten")}
            """, "CaseGesloten:leerlingId");
        var h = await EngineHarness.CreateAsync();
        var id = await h.DeployAndStartAsync(xml, "melden", new { leerlingId = "L5", diagnose = "mag nooit mee" });

        var outbox = await h.OutboxAsync();
        Assert.Equal(["DuoMeldingVereist", "CaseGesloten"], outbox.Select(o => o.MessageName));
        Assert.Equal("luxe verzuim", (string?)JsonNode.Parse(outbox[0].Payload)!["reden"]);
        Assert.Equal("gemeld", (string?)JsonNode.Parse(outbox[1].Payload)!["uitkomst"]);
        Assert.Equal("L5", outbox[1].CorrelationKey);
        Assert.All(outbox, o => Assert.DoesNotContain("diagnose", o.Payload));
        Assert.Equal(2, (await h.TimelineAsync(id)).Count(t => t.Kind == TimelineKind.MessagePublished));
        Assert.Equal(InstanceStatus.Completed, (await h.InstanceAsync(id)).Status);
    }

    [Fact]
    public async Task Outputs_on_an_end_event_are_applied_when_the_path_ends()
    {
        var xml = Process("p", $"""
            <bpmn:startEvent id="s"/>
            <bpmn:endEvent id="gesloten"><bpmn:extensionElements><verzuim:output target="uitkomst" expression="'hersteld'"/></bpmn:extensionElements></bpmn:endEvent>
            {Flows("s", "gesloten")}
            """);
        var h = await EngineHarness.CreateAsync();
        var id = await h.DeployAndStartAsync(xml, "p");
        Assert.Equal("hersteld", (string?)(await h.VariablesAsync(id))["uitkomst"]);
        Assert.Equal(InstanceStatus.Completed, (await h.InstanceAsync(id)).Status);
    }

    [Fact]
    public async Task A_payload_that_is_not_an_object_is_an_incident_and_nothing_is_published()
    {
        var xml = Process("p", $"""
            <bpmn:startEvent id="s"/><bpmn:serviceTask id="stuur" verzuim:message="DuoMeldingVereist" verzuim:payload="'alleen tekst'"/><bpmn:endEvent id="e"/>
            {Flows("s", "stuur", "e")}
            """);
        var h = await EngineHarness.CreateAsync();
        var id = await h.DeployAndStartAsync(xml, "p");
        Assert.Contains("object", Assert.Single(await h.IncidentsAsync(id)).Reason);
        Assert.Empty(await h.OutboxAsync());
    }

    [Fact]
    public async Task A_message_start_condition_decides_whether_a_case_opens()
    {
        var xml = Process("zorg", $"""
            <bpmn:startEvent id="melding" verzuim:condition="signalen.ziekmeldingen &gt;= 4"><bpmn:messageEventDefinition messageRef="Msg_AbsentieGeregistreerd"/></bpmn:startEvent>
            <bpmn:userTask id="doorverwijzen"/><bpmn:endEvent id="e"/>{Flows("melding", "doorverwijzen", "e")}
            """, "AbsentieGeregistreerd:leerlingId");
        var h = await EngineHarness.CreateAsync(options: new WorkflowEngineOptions { DefaultMessageTimeToLive = TimeSpan.Zero });
        await h.Engine.DeployAsync(xml);

        Assert.Equal(CorrelationOutcome.Unmatched, (await h.SendAsync("AbsentieGeregistreerd", "L1", new { signalen = new { ziekmeldingen = 3 } })).Outcome);
        Assert.Equal(CorrelationOutcome.Started, (await h.SendAsync("AbsentieGeregistreerd", "L1", new { signalen = new { ziekmeldingen = 4 } })).Outcome);
        var other = await h.Engine.CorrelateAsync(new IncomingMessage(Guid.NewGuid(), "AbsentieGeregistreerd", "L2",
            EngineHarness.Json(new { signalen = new { ziekmeldingen = 9 } }), StartableProcesses: new HashSet<string> { "een-ander-model" }));
        Assert.Equal(CorrelationOutcome.Unmatched, other.Outcome); // the pupil's school follows another model
        await Assert.ThrowsAsync<StartConditionException>(() => h.SendAsync("AbsentieGeregistreerd", "L3", new { andersIets = 1 }));
    }
}
