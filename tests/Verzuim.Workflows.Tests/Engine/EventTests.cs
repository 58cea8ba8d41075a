using System.Text.Json.Nodes;
using Verzuim.Workflows.Runtime;
using Verzuim.Workflows.Stores;
using Verzuim.Workflows.Tests.Support;
using Verzuim.Workflows.Time;
using static Verzuim.Workflows.Tests.Support.Bpmn;

namespace Verzuim.Workflows.Tests.Engine;

public class EventTests : EngineTests
{
    [Fact]
    public async Task Interrupting_timer_boundary_cancels_the_task_and_escalates()
    {
        var xml = Process("p", $"""
            <bpmn:startEvent id="s"/><bpmn:userTask id="stap1" verzuim:candidateRole="school"/>
            <bpmn:boundaryEvent id="kantelpunt" attachedToRef="stap1">{Timer("timeDuration", "3 schoolweken")}</bpmn:boundaryEvent>
            <bpmn:userTask id="stap2" verzuim:candidateRole="kernteamlid"/><bpmn:endEvent id="e1"/><bpmn:endEvent id="e2"/>
            {Flows("s", "stap1", "e1")}{Flows("kantelpunt", "stap2", "e2")}
            """);
        var h = await HarnessAsync(); // Mon 2 Sep 2024 09:00 local
        var id = await h.DeployAndStartAsync(xml, "p");
        var scheduled = (await h.TimelineAsync(id)).Single(t => t.Kind == TimelineKind.TimerScheduled);
        Assert.Equal(new DateTimeOffset(2024, 9, 23, 7, 0, 0, TimeSpan.Zero), scheduled.Due); // 15 school days: Mon 23 Sep

        Assert.Equal(0, await h.AdvanceToAsync(new DateTimeOffset(2024, 9, 23, 6, 59, 0, TimeSpan.Zero)));
        Assert.Equal(1, await h.AdvanceToAsync(new DateTimeOffset(2024, 9, 23, 7, 0, 0, TimeSpan.Zero)));

        Assert.Equal(["stap2"], await h.ActiveAsync(id));
        var timeline = await h.TimelineAsync(id);
        Assert.Contains(timeline, t => t.Kind == TimelineKind.ActivityCancelled && t.ElementId == "stap1");
        Assert.Equal("kernteamlid", Assert.Single(await h.OpenTasksAsync(id)).CandidateRole);
    }

    [Fact]
    public async Task School_week_timer_skips_a_holiday_and_a_study_day()
    {
        // autumn holiday 2024 for region zuid: 19-27 Oct; study day Wed 9 Oct
        var calendar = new SchoolCalendar("zuid", [new Holiday(new DateOnly(2024, 10, 19), new DateOnly(2024, 10, 27), "Herfstvakantie zuid")],
            new HashSet<DateOnly> { new(2024, 10, 9) });
        var h = await HarnessAsync(new DateTimeOffset(2024, 10, 7, 7, 0, 0, TimeSpan.Zero),
            new WorkflowEngineOptions { CalendarResolver = _ => calendar });
        var xml = Process("p", $"""
            <bpmn:startEvent id="s"/><bpmn:intermediateCatchEvent id="wacht">{Timer("timeDuration", "3 schoolweken")}</bpmn:intermediateCatchEvent><bpmn:endEvent id="e"/>
            {Flows("s", "wacht", "e")}
            """);
        var id = await h.DeployAndStartAsync(xml, "p");
        // Mon 7 Oct + 15 school days: 8-11 Oct less the study day (3), 14-18 Oct (8), holiday skipped, 28 Oct-1 Nov (13), 4-5 Nov (15)
        // Tuesday 5 Nov 2024 09:00 local = 08:00Z (winter time)
        var due = (await h.TimelineAsync(id)).Single(t => t.Kind == TimelineKind.TimerScheduled).Due;
        Assert.Equal(new DateTimeOffset(2024, 11, 5, 8, 0, 0, TimeSpan.Zero), due);
        await h.AdvanceToAsync(due!.Value);
        Assert.Equal(InstanceStatus.Completed, (await h.InstanceAsync(id)).Status);
    }

    [Fact]
    public async Task Timer_date_and_iso_duration_fire_at_their_instant()
    {
        var xml = Definitions($"""
            <bpmn:process id="datum" isExecutable="true"><bpmn:startEvent id="s"/><bpmn:intermediateCatchEvent id="t">{Timer("timeDate", "2024-09-15T12:00:00Z")}</bpmn:intermediateCatchEvent><bpmn:endEvent id="e"/>{Flows("s", "t", "e")}</bpmn:process>
            <bpmn:process id="duur" isExecutable="true"><bpmn:startEvent id="s2"/><bpmn:intermediateCatchEvent id="t2">{Timer("timeDuration", "PT36H")}</bpmn:intermediateCatchEvent><bpmn:endEvent id="e2"/>{Flows("s2", "t2", "e2")}</bpmn:process>
            """);
        var h = await HarnessAsync();
        await h.Engine.DeployAsync(xml);
        var byDate = await h.Engine.StartAsync("datum");
        var byDuration = await h.Engine.StartAsync("duur");

        await h.AdvanceAsync(TimeSpan.FromHours(36)); // 2024-09-03T19:00Z
        Assert.Equal(InstanceStatus.Completed, (await h.InstanceAsync(byDuration)).Status);
        Assert.Equal(InstanceStatus.Running, (await h.InstanceAsync(byDate)).Status);
        await h.AdvanceToAsync(new DateTimeOffset(2024, 9, 15, 12, 0, 0, TimeSpan.Zero));
        Assert.Equal(InstanceStatus.Completed, (await h.InstanceAsync(byDate)).Status);
    }

    [Fact]
    public async Task Non_interrupting_cycle_timer_fires_each_repetition_and_keeps_the_task()
    {
        var xml = Process("p", $"""
            <bpmn:startEvent id="s"/><bpmn:userTask id="plan"/>
            <bpmn:boundaryEvent id="herinnering" attachedToRef="plan" cancelActivity="false">{Timer("timeCycle", "R2/P1D")}</bpmn:boundaryEvent>
            <bpmn:intermediateThrowEvent id="herinnerd"><bpmn:extensionElements><verzuim:output target="herinneringen" expression="(herinneringen || 0) + 1"/></bpmn:extensionElements></bpmn:intermediateThrowEvent>
            <bpmn:endEvent id="e1"/><bpmn:endEvent id="e2"/>
            {Flows("s", "plan", "e1")}{Flows("herinnering", "herinnerd", "e2")}
            """);
        var h = await HarnessAsync();
        var id = await h.DeployAndStartAsync(xml, "p", new { herinneringen = 0 });
        Assert.Equal(1, await h.AdvanceAsync(TimeSpan.FromDays(1)));
        Assert.Equal(1, await h.AdvanceAsync(TimeSpan.FromDays(1)));
        Assert.Equal(0, await h.AdvanceAsync(TimeSpan.FromDays(5))); // R2: only two repetitions
        Assert.Equal(2, (int)(await h.VariablesAsync(id))["herinneringen"]!);
        Assert.Equal(["plan"], await h.ActiveAsync(id));
        await h.Engine.CompleteTaskAsync(await h.TaskIdAsync(id, "plan"));
        Assert.Equal(InstanceStatus.Completed, (await h.InstanceAsync(id)).Status);
    }

    [Fact]
    public async Task Completing_the_task_removes_its_boundary_timer()
    {
        var xml = Process("p", $"""
            <bpmn:startEvent id="s"/><bpmn:userTask id="taak"/>
            <bpmn:boundaryEvent id="te-laat" attachedToRef="taak">{Timer("timeDuration", "P1D")}</bpmn:boundaryEvent>
            <bpmn:endEvent id="e1"/><bpmn:endEvent id="e2"/>{Flows("s", "taak", "e1")}{Flows("te-laat", "e2")}
            """);
        var h = await HarnessAsync();
        var id = await h.DeployAndStartAsync(xml, "p");
        await h.Engine.CompleteTaskAsync(await h.TaskIdAsync(id, "taak"));
        Assert.Null(await h.Engine.NextTimerDueAsync());
        Assert.Equal(0, await h.AdvanceAsync(TimeSpan.FromDays(2)));
        Assert.Equal("e1", (await h.PathAsync(id, TimelineKind.ActivityStarted)).Last());
    }

    private static readonly string Race = Process("race", $"""
        <bpmn:startEvent id="s"/><bpmn:eventBasedGateway id="wat-eerst"/>
        <bpmn:intermediateCatchEvent id="hersteld">{MessageRef("SchoolgangHersteld")}</bpmn:intermediateCatchEvent>
        <bpmn:intermediateCatchEvent id="kantelpunt">{Timer("timeDuration", "P7D")}</bpmn:intermediateCatchEvent>
        <bpmn:endEvent id="klaar"/><bpmn:endEvent id="opschalen"/>
        {Flow("s", "wat-eerst")}{Flows("wat-eerst", "hersteld", "klaar")}{Flows("wat-eerst", "kantelpunt", "opschalen")}
        """, "SchoolgangHersteld:leerlingId");

    [Fact]
    public async Task Event_based_gateway_takes_whichever_event_comes_first()
    {
        var h = await HarnessAsync();
        await h.Engine.DeployAsync(Race);
        var recovers = await h.Engine.StartAsync("race", EngineHarness.Json(new { leerlingId = "L1" }), "L1");
        var escalates = await h.Engine.StartAsync("race", EngineHarness.Json(new { leerlingId = "L2" }), "L2");

        await h.AdvanceAsync(TimeSpan.FromDays(3));
        var result = await h.SendAsync("SchoolgangHersteld", "L1");
        Assert.Equal([recovers], result.InstanceIds);
        Assert.Equal(1, await h.AdvanceAsync(TimeSpan.FromDays(4))); // only L2's timer is left

        Assert.Equal(["s", "wat-eerst", "hersteld", "klaar"], await h.PathAsync(recovers, TimelineKind.ActivityStarted));
        Assert.Equal(["s", "wat-eerst", "kantelpunt", "opschalen"], await h.PathAsync(escalates, TimelineKind.ActivityStarted));
        Assert.Equal(CorrelationOutcome.Buffered, (await h.SendAsync("SchoolgangHersteld", "L2")).Outcome); // the race is over
    }

    [Fact]
    public async Task Message_boundary_on_a_sub_process_interrupts_everything_inside()
    {
        var xml = Process("p", $"""
            <bpmn:startEvent id="s"/>
            <bpmn:subProcess id="stap2" name="Kernteam aan zet">
              <bpmn:startEvent id="s2"/><bpmn:parallelGateway id="f"/><bpmn:userTask id="analyse"/><bpmn:userTask id="plan"/>
              <bpmn:parallelGateway id="j"/><bpmn:endEvent id="e2"/>
              {Flows("s2", "f", "analyse", "j", "e2")}{Flows("f", "plan", "j")}
            </bpmn:subProcess>
            <bpmn:boundaryEvent id="hersteld" attachedToRef="stap2">{MessageRef("SchoolgangHersteld")}</bpmn:boundaryEvent>
            <bpmn:boundaryEvent id="gesprek" attachedToRef="stap2" cancelActivity="false">{MessageRef("GesprekGehouden")}</bpmn:boundaryEvent>
            <bpmn:endEvent id="e"/><bpmn:endEvent id="eHersteld"/><bpmn:endEvent id="eGesprek"/>
            {Flows("s", "stap2", "e")}{Flows("hersteld", "eHersteld")}{Flows("gesprek", "eGesprek")}
            """, "SchoolgangHersteld:leerlingId", "GesprekGehouden:leerlingId");
        var h = await HarnessAsync();
        var id = await h.DeployAndStartAsync(xml, "p", new { leerlingId = "L7" });
        Assert.Equal(["analyse", "plan", "stap2"], await h.ActiveAsync(id));

        await h.SendAsync("GesprekGehouden", "L7", new { soort = "ouders" });
        await h.SendAsync("GesprekGehouden", "L7", new { soort = "mentor" });
        Assert.Equal(["analyse", "plan", "stap2"], await h.ActiveAsync(id)); // non-interrupting, keeps listening
        Assert.Equal(2, (await h.PathAsync(id, TimelineKind.ActivityStarted)).Count(e => e == "eGesprek"));
        Assert.Equal("mentor", (string?)(await h.VariablesAsync(id))["soort"]);

        await h.SendAsync("SchoolgangHersteld", "L7");
        Assert.Equal(InstanceStatus.Completed, (await h.InstanceAsync(id)).Status);
        Assert.Empty(await h.OpenTasksAsync(id));
        var cancelled = (await h.TimelineAsync(id)).Where(t => t.Kind == TimelineKind.ActivityCancelled).Select(t => t.ElementId).Order();
        Assert.Equal(["analyse", "plan", "stap2"], cancelled);
        Assert.Equal(CorrelationOutcome.Buffered, (await h.SendAsync("GesprekGehouden", "L7")).Outcome);
    }

    [Fact]
    public async Task Terminate_end_inside_a_sub_process_ends_only_the_sub_process()
    {
        var xml = Process("p", $"""
            <bpmn:startEvent id="s"/>
            <bpmn:subProcess id="sub">
              <bpmn:startEvent id="s2"/><bpmn:parallelGateway id="f"/><bpmn:userTask id="wacht"/><bpmn:endEvent id="stop"><bpmn:terminateEventDefinition/></bpmn:endEvent>
              <bpmn:endEvent id="e2"/>{Flows("s2", "f", "stop")}{Flows("f", "wacht", "e2")}
            </bpmn:subProcess>
            <bpmn:userTask id="daarna"/><bpmn:endEvent id="e"/>{Flows("s", "sub", "daarna", "e")}
            """);
        var h = await HarnessAsync();
        var id = await h.DeployAndStartAsync(xml, "p");
        Assert.Equal(["daarna"], await h.ActiveAsync(id));
        Assert.Contains(await h.TimelineAsync(id), t => t.Kind == TimelineKind.ActivityCancelled && t.ElementId == "wacht");
    }

    [Fact]
    public async Task Terminate_end_at_process_level_ends_the_instance()
    {
        var xml = Process("p", $"""
            <bpmn:startEvent id="s"/><bpmn:parallelGateway id="f"/><bpmn:userTask id="wacht"/>
            <bpmn:endEvent id="stop"><bpmn:terminateEventDefinition/></bpmn:endEvent><bpmn:endEvent id="e"/>
            {Flows("s", "f", "stop")}{Flows("f", "wacht", "e")}
            """);
        var h = await HarnessAsync();
        var id = await h.DeployAndStartAsync(xml, "p");
        Assert.Equal(InstanceStatus.Completed, (await h.InstanceAsync(id)).Status);
        Assert.Empty(await h.OpenTasksAsync(id));
    }

    private const string DuoPayload = "({ leerlingId, reden })";

    [Fact]
    public async Task Call_activity_runs_the_called_process_and_returns_its_variables()
    {
        var xml = Definitions($"""
            <bpmn:process id="zaak" isExecutable="true">
              <bpmn:startEvent id="s"/>
              <bpmn:callActivity id="duo" calledElement="duo-melding">
                <bpmn:extensionElements><verzuim:input target="reden" expression="'16 uur in 4 weken'"/><verzuim:input target="leerlingId" expression="leerlingId"/></bpmn:extensionElements>
              </bpmn:callActivity>
              <bpmn:endEvent id="e"/>{Flows("s", "duo", "e")}
            </bpmn:process>
            <bpmn:process id="duo-melding" isExecutable="true">
              <bpmn:startEvent id="ds"/>
              <bpmn:sendTask id="vereist" messageRef="Msg_DuoMeldingVereist" verzuim:payload="{DuoPayload}"/>
              <bpmn:receiveTask id="gedaan" messageRef="Msg_DuoMeldingGedaan">
                <bpmn:extensionElements><verzuim:output target="meldingsnummer" expression="kenmerk"/></bpmn:extensionElements>
              </bpmn:receiveTask>
              <bpmn:endEvent id="de"/>{Flows("ds", "vereist", "gedaan", "de")}
            </bpmn:process>
            """, "DuoMeldingVereist:leerlingId", "DuoMeldingGedaan:leerlingId");
        var h = await HarnessAsync();
        var id = await h.DeployAndStartAsync(xml, "zaak", new { leerlingId = "L3", geheim = "blijft hier" }, "L3");
        Assert.Equal(["duo"], await h.ActiveAsync(id));

        var outbox = Assert.Single(await h.OutboxAsync());
        Assert.Equal("DuoMeldingVereist", outbox.MessageName);
        Assert.Equal("L3", outbox.CorrelationKey);
        var payload = JsonNode.Parse(outbox.Payload)!.AsObject();
        Assert.Equal("16 uur in 4 weken", (string?)payload["reden"]);
        Assert.False(payload.ContainsKey("geheim")); // only what the payload expression names leaves the engine

        var result = await h.SendAsync("DuoMeldingGedaan", "L3", new { kenmerk = "DUO-123" });
        Assert.Single(result.InstanceIds); // the child, not the parent
        Assert.Equal(InstanceStatus.Completed, (await h.InstanceAsync(id)).Status);
        Assert.Equal("DUO-123", (string?)(await h.VariablesAsync(id))["meldingsnummer"]);
    }

    [Fact]
    public async Task Calling_an_unpublished_process_is_an_incident()
    {
        var xml = Process("p", $"""<bpmn:startEvent id="s"/><bpmn:callActivity id="c" calledElement="bestaat-niet"/><bpmn:endEvent id="e"/>{Flows("s", "c", "e")}""");
        var h = await HarnessAsync();
        var id = await h.DeployAndStartAsync(xml, "p");
        Assert.Contains("bestaat-niet", Assert.Single(await h.IncidentsAsync(id)).Reason);
        Assert.Equal(InstanceStatus.Incident, (await h.InstanceAsync(id)).Status);
    }
}

/// <summary><see cref="EventTests"/> on the in-memory store: the unit tier.</summary>
[Trait("Category", "Unit")]
public sealed class EventInMemoryTests : EventTests
{
    protected override bool InMemory => true;
}
