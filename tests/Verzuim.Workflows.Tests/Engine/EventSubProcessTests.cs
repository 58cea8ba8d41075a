using Verzuim.Workflows.Runtime;
using Verzuim.Workflows.Stores;
using Verzuim.Workflows.Tests.Support;
using static Verzuim.Workflows.Tests.Support.Bpmn;

namespace Verzuim.Workflows.Tests.Engine;

/// <summary>
/// Event sub-processes (BPMN 2.0 §10.3.5, as Camunda runs them): they listen while their enclosing scope is
/// active, a non-interrupting one runs once per trigger alongside the rest, an interrupting one cancels the rest
/// of its scope, and all of them end with their scope.
/// </summary>
public class EventSubProcessTests : EngineTests
{
    /// <summary>An event sub-process: start (with its trigger) → body → end.</summary>
    private static string EventSub(string id, string trigger, string body, bool interrupting, string? condition = null)
    {
        var interruptingAttr = interrupting ? "" : """ isInterrupting="false" """;
        var conditionAttr = condition is null ? "" : $""" verzuim:condition="{System.Security.SecurityElement.Escape(condition)}" """;
        return $"""
            <bpmn:subProcess id="{id}" triggeredByEvent="true">
              <bpmn:startEvent id="{id}_start"{interruptingAttr}{conditionAttr}>{trigger}</bpmn:startEvent>
              {body}<bpmn:endEvent id="{id}_end"/>
              {Flow($"{id}_start", $"{id}_body")}{Flow($"{id}_body", $"{id}_end")}
            </bpmn:subProcess>
            """;
    }

    // The main path: a long-running task, as kernteams leave them open for days.
    private static readonly string LegalThreshold = Process("p", $"""
        <bpmn:startEvent id="s"/><bpmn:userTask id="begeleiding"/><bpmn:endEvent id="e"/>{Flows("s", "begeleiding", "e")}
        {EventSub("duo", MessageRef("AbsentieGeregistreerd"), """<bpmn:userTask id="duo_body" name="DUO-melding"/>""", interrupting: false, condition: "uren >= 16")}
        """, "AbsentieGeregistreerd:leerlingId");

    [Fact]
    public async Task A_non_interrupting_message_event_sub_process_runs_once_per_message_beside_the_open_task()
    {
        var h = await HarnessAsync();
        var id = await h.DeployAndStartAsync(LegalThreshold, "p", new { leerlingId = "L1" }, "L1");

        Assert.Equal(CorrelationOutcome.Correlated, (await h.SendAsync("AbsentieGeregistreerd", "L1", new { uren = 16 })).Outcome);
        Assert.Equal(CorrelationOutcome.Correlated, (await h.SendAsync("AbsentieGeregistreerd", "L1", new { uren = 18 })).Outcome);

        // each message is its own instance of the event sub-process; the main task was never touched
        var tasks = await h.OpenTasksAsync(id);
        Assert.Equal(["begeleiding", "duo_body", "duo_body"], tasks.Select(t => t.ElementId).Order());
        Assert.Equal(18, (int)(await h.VariablesAsync(id))["uren"]!); // the start's message data is merged, as at a process start
        Assert.DoesNotContain(await h.TimelineAsync(id), t => t.Kind == TimelineKind.ActivityCancelled);

        // the process completes only when the main path and both event sub-process instances are done
        foreach (var task in tasks.Where(t => t.ElementId == "duo_body").Take(1)) await h.Engine.CompleteTaskAsync(task.Id);
        await h.Engine.CompleteTaskAsync(await h.TaskIdAsync(id, "begeleiding"));
        Assert.Equal(InstanceStatus.Running, (await h.InstanceAsync(id)).Status);
        await h.Engine.CompleteTaskAsync(await h.TaskIdAsync(id, "duo_body"));
        Assert.Equal(InstanceStatus.Completed, (await h.InstanceAsync(id)).Status);
    }

    [Fact]
    public async Task A_false_start_condition_starts_nothing_and_changes_nothing()
    {
        var h = await HarnessAsync();
        var id = await h.DeployAndStartAsync(LegalThreshold, "p", new { leerlingId = "L1" }, "L1");
        var before = await h.InstanceAsync(id);
        var timelineBefore = (await h.TimelineAsync(id)).Count;

        var result = await h.SendAsync("AbsentieGeregistreerd", "L1", new { uren = 15 }); // 15 < 16: the rule does not hold

        Assert.NotEqual(CorrelationOutcome.Correlated, result.Outcome);
        Assert.Empty(result.InstanceIds);
        var after = await h.InstanceAsync(id);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.Variables, after.Variables);
        Assert.Equal(timelineBefore, (await h.TimelineAsync(id)).Count);
        Assert.Equal(["begeleiding"], (await h.OpenTasksAsync(id)).Select(t => t.ElementId));
        // and it keeps listening: the next registration that reaches the threshold starts it
        Assert.Equal(CorrelationOutcome.Correlated, (await h.SendAsync("AbsentieGeregistreerd", "L1", new { uren = 16 })).Outcome);
    }

    [Fact]
    public async Task The_start_condition_sees_the_case_variables_under_the_message_data()
    {
        var xml = Process("p", $"""
            <bpmn:startEvent id="s"/><bpmn:userTask id="begeleiding"/><bpmn:endEvent id="e"/>{Flows("s", "begeleiding", "e")}
            {EventSub("gesprek", MessageRef("GesprekGehouden"), """<bpmn:userTask id="gesprek_body"/>""", interrupting: false, condition: "soort === verwachteSoort")}
            """, "GesprekGehouden:leerlingId");
        var h = await HarnessAsync();
        var id = await h.DeployAndStartAsync(xml, "p", new { leerlingId = "L1", verwachteSoort = "mentor" }, "L1");
        await h.SendAsync("GesprekGehouden", "L1", new { soort = "ouders" });
        Assert.Equal(["begeleiding"], (await h.OpenTasksAsync(id)).Select(t => t.ElementId));
        await h.SendAsync("GesprekGehouden", "L1", new { soort = "mentor" });
        Assert.Equal(["begeleiding", "gesprek_body"], (await h.OpenTasksAsync(id)).Select(t => t.ElementId).Order());
    }

    [Fact]
    public async Task An_interrupting_message_event_sub_process_cancels_every_other_token_and_the_process_ends_with_it()
    {
        var xml = Process("p", $"""
            <bpmn:startEvent id="s"/><bpmn:parallelGateway id="fork"/><bpmn:userTask id="a"/><bpmn:userTask id="b"/>
            <bpmn:boundaryEvent id="te-laat" attachedToRef="a">{Timer("timeDuration", "P5D")}</bpmn:boundaryEvent>
            <bpmn:endEvent id="ea"/><bpmn:endEvent id="eb"/><bpmn:endEvent id="elaat"/>
            {Flows("s", "fork", "a", "ea")}{Flows("fork", "b", "eb")}{Flow("te-laat", "elaat")}
            {EventSub("herstel", MessageRef("SchoolgangHersteld"), """<bpmn:userTask id="herstel_body" name="Afsluiten"/>""", interrupting: true)}
            {EventSub("duo", MessageRef("AbsentieGeregistreerd"), """<bpmn:userTask id="duo_body"/>""", interrupting: false)}
            """, "SchoolgangHersteld:leerlingId", "AbsentieGeregistreerd:leerlingId");
        var h = await HarnessAsync();
        var id = await h.DeployAndStartAsync(xml, "p", new { leerlingId = "L1" }, "L1");
        await h.SendAsync("AbsentieGeregistreerd", "L1"); // a running non-interrupting instance is part of the scope too

        Assert.Equal(CorrelationOutcome.Correlated, (await h.SendAsync("SchoolgangHersteld", "L1")).Outcome);

        Assert.Equal(["herstel", "herstel_body"], await h.ActiveAsync(id));
        var cancelled = (await h.TimelineAsync(id)).Where(t => t.Kind == TimelineKind.ActivityCancelled).Select(t => t.ElementId).Order();
        Assert.Equal(["a", "b", "duo", "duo_body"], cancelled);
        Assert.Null(await h.Engine.NextTimerDueAsync()); // a's boundary timer went with a
        // the scope stopped listening: neither event sub-process starts again
        Assert.NotEqual(CorrelationOutcome.Correlated, (await h.SendAsync("AbsentieGeregistreerd", "L1")).Outcome);
        Assert.NotEqual(CorrelationOutcome.Correlated, (await h.SendAsync("SchoolgangHersteld", "L1")).Outcome);

        await h.Engine.CompleteTaskAsync(await h.TaskIdAsync(id, "herstel_body"));
        Assert.Equal(InstanceStatus.Completed, (await h.InstanceAsync(id)).Status);
    }

    // A protocol step as a sub-process with a weekly check (non-interrupting school-time cycle) inside it.
    private static readonly string StepWithWeeklyCheck = Process("p", $"""
        <bpmn:startEvent id="s"/>
        <bpmn:subProcess id="stap">
          <bpmn:startEvent id="stap_s"/><bpmn:userTask id="gesprek"/><bpmn:endEvent id="stap_e"/>{Flows("stap_s", "gesprek", "stap_e")}
          {EventSub("controle", Timer("timeCycle", "R/1 schoolweek"),
              """<bpmn:intermediateThrowEvent id="controle_body"><bpmn:extensionElements><verzuim:output target="controles" expression="controles + 1"/></bpmn:extensionElements></bpmn:intermediateThrowEvent>""",
              interrupting: false)}
        </bpmn:subProcess>
        <bpmn:userTask id="vervolg"/><bpmn:endEvent id="e"/>{Flows("s", "stap", "vervolg", "e")}
        """);

    [Fact]
    public async Task A_timer_event_sub_process_in_a_sub_process_is_scheduled_when_the_step_starts_fires_each_cycle_and_ends_with_the_step()
    {
        var h = await HarnessAsync(); // Mon 2 Sep 2024 09:00 local, a school day (no holiday in the default calendar)
        var id = await h.DeployAndStartAsync(StepWithWeeklyCheck, "p", new { controles = 0 });

        // one school week = five school days: Mon 9 Sep 09:00 local (07:00Z), then Mon 16 Sep
        var scheduled = (await h.TimelineAsync(id)).Single(t => t.Kind == TimelineKind.TimerScheduled);
        Assert.Equal("controle_start", scheduled.ElementId);
        Assert.Equal(new DateTimeOffset(2024, 9, 9, 7, 0, 0, TimeSpan.Zero), scheduled.Due);
        Assert.Equal(1, await h.AdvanceToAsync(new DateTimeOffset(2024, 9, 9, 7, 0, 0, TimeSpan.Zero)));
        Assert.Equal(1, await h.AdvanceToAsync(new DateTimeOffset(2024, 9, 16, 7, 0, 0, TimeSpan.Zero)));
        Assert.Equal(2, (int)(await h.VariablesAsync(id))["controles"]!);
        Assert.Equal(["gesprek", "stap"], await h.ActiveAsync(id));

        await h.Engine.CompleteTaskAsync(await h.TaskIdAsync(id, "gesprek"));
        Assert.Equal(["vervolg"], await h.ActiveAsync(id));
        Assert.Null(await h.Engine.NextTimerDueAsync()); // the step ended, so did its weekly check
        Assert.Equal(0, await h.AdvanceAsync(TimeSpan.FromDays(30)));
        Assert.Equal(2, (int)(await h.VariablesAsync(id))["controles"]!);
    }

    [Fact]
    public async Task An_interrupting_timer_event_sub_process_ends_the_step_and_the_step_continues_on_its_outgoing_flow()
    {
        var xml = Process("p", $"""
            <bpmn:startEvent id="s"/>
            <bpmn:subProcess id="stap1">
              <bpmn:startEvent id="stap1_s"/><bpmn:userTask id="interventies"/><bpmn:endEvent id="stap1_e"/>{Flows("stap1_s", "interventies", "stap1_e")}
              {EventSub("kantelpunt", Timer("timeDuration", "3 schoolweken"), """<bpmn:userTask id="kantelpunt_body" name="Opschalen"/>""", interrupting: true)}
            </bpmn:subProcess>
            <bpmn:userTask id="stap2"/><bpmn:endEvent id="e"/>{Flows("s", "stap1", "stap2", "e")}
            """);
        var h = await HarnessAsync();
        var id = await h.DeployAndStartAsync(xml, "p");

        // 15 school days from Mon 2 Sep 09:00: Mon 23 Sep 09:00 local
        Assert.Equal(1, await h.AdvanceToAsync(new DateTimeOffset(2024, 9, 23, 7, 0, 0, TimeSpan.Zero)));
        Assert.Equal(["kantelpunt", "kantelpunt_body", "stap1"], await h.ActiveAsync(id));
        Assert.Contains(await h.TimelineAsync(id), t => t.Kind == TimelineKind.ActivityCancelled && t.ElementId == "interventies");

        await h.Engine.CompleteTaskAsync(await h.TaskIdAsync(id, "kantelpunt_body"));
        Assert.Equal(["stap2"], await h.ActiveAsync(id));
    }

    [Fact]
    public async Task A_message_event_sub_process_in_a_sub_process_listens_only_while_the_sub_process_runs_and_is_cancelled_with_it()
    {
        var xml = Process("p", $"""
            <bpmn:startEvent id="s"/>
            <bpmn:subProcess id="stap">
              <bpmn:startEvent id="stap_s"/><bpmn:userTask id="gesprek"/><bpmn:endEvent id="stap_e"/>{Flows("stap_s", "gesprek", "stap_e")}
              {EventSub("melding", MessageRef("AbsentieGeregistreerd"), """<bpmn:userTask id="melding_body"/>""", interrupting: false)}
            </bpmn:subProcess>
            <bpmn:boundaryEvent id="hersteld" attachedToRef="stap">{MessageRef("SchoolgangHersteld")}</bpmn:boundaryEvent>
            <bpmn:receiveTask id="wacht" messageRef="Msg_Volgende"/><bpmn:subProcess id="stap_b">
              <bpmn:startEvent id="b_s"/><bpmn:userTask id="b_taak"/><bpmn:endEvent id="b_e"/>{Flows("b_s", "b_taak", "b_e")}
              {EventSub("melding_b", MessageRef("AbsentieGeregistreerd"), """<bpmn:userTask id="melding_b_body"/>""", interrupting: false)}
            </bpmn:subProcess>
            <bpmn:endEvent id="e"/><bpmn:endEvent id="e_hersteld"/>
            {Flows("s", "stap", "wacht", "stap_b", "e")}{Flows("hersteld", "e_hersteld")}
            """, "AbsentieGeregistreerd:leerlingId", "SchoolgangHersteld:leerlingId", "Volgende:leerlingId");
        var h = await HarnessAsync();
        var id = await h.DeployAndStartAsync(xml, "p", new { leerlingId = "L1" }, "L1");

        await h.SendAsync("AbsentieGeregistreerd", "L1");
        Assert.Equal(["gesprek", "melding_body"], (await h.OpenTasksAsync(id)).Select(t => t.ElementId).Order());

        // the sub-process is interrupted by its boundary: the running event sub-process instance goes with it
        await h.SendAsync("SchoolgangHersteld", "L1");
        Assert.Equal(InstanceStatus.Completed, (await h.InstanceAsync(id)).Status);
        Assert.Empty(await h.OpenTasksAsync(id));
        var cancelled = (await h.TimelineAsync(id)).Where(t => t.Kind == TimelineKind.ActivityCancelled).Select(t => t.ElementId).Order();
        Assert.Equal(["gesprek", "melding", "melding_body", "stap"], cancelled);

        // a second case that leaves the step normally: the listener is gone once the step completed
        var second = await h.Engine.StartAsync("p", EngineHarness.Json(new { leerlingId = "L2" }), "L2");
        await h.Engine.CompleteTaskAsync(await h.TaskIdAsync(second, "gesprek"));
        Assert.Equal(["wacht"], await h.ActiveAsync(second));
        Assert.NotEqual(CorrelationOutcome.Correlated, (await h.SendAsync("AbsentieGeregistreerd", "L2", ttl: TimeSpan.Zero)).Outcome);
        // and the next step's own event sub-process listens from its start
        await h.SendAsync("Volgende", "L2");
        await h.SendAsync("AbsentieGeregistreerd", "L2");
        Assert.Equal(["b_taak", "melding_b_body"], (await h.OpenTasksAsync(second)).Select(t => t.ElementId).Order());
    }

    [Fact]
    public async Task Event_sub_processes_survive_an_engine_restart()
    {
        var xml = Process("p", $"""
            <bpmn:startEvent id="s"/>
            <bpmn:subProcess id="stap">
              <bpmn:startEvent id="stap_s"/><bpmn:userTask id="gesprek"/><bpmn:endEvent id="stap_e"/>{Flows("stap_s", "gesprek", "stap_e")}
              {EventSub("controle", Timer("timeDuration", "P7D"), """<bpmn:userTask id="controle_body"/>""", interrupting: false)}
            </bpmn:subProcess>
            <bpmn:endEvent id="e"/>{Flows("s", "stap", "e")}
            {EventSub("duo", MessageRef("AbsentieGeregistreerd"), """<bpmn:userTask id="duo_body"/>""", interrupting: false, condition: "uren >= 16")}
            {EventSub("herstel", MessageRef("SchoolgangHersteld"), """<bpmn:userTask id="herstel_body"/>""", interrupting: true)}
            """, "AbsentieGeregistreerd:leerlingId", "SchoolgangHersteld:leerlingId");
        var h = await HarnessAsync();
        var id = await h.DeployAndStartAsync(xml, "p", new { leerlingId = "L1" }, "L1");

        // a new engine (as after a host restart) over the same database: listeners and timers are in the tables
        var restarted = new WorkflowEngine(h.EngineStore, h.Clock);
        Assert.Equal(CorrelationOutcome.Correlated,
            (await restarted.CorrelateAsync(new IncomingMessage(Guid.NewGuid(), "AbsentieGeregistreerd", "L1", EngineHarness.Json(new { uren = 20 })))).Outcome);
        h.Clock.Advance(TimeSpan.FromDays(7));
        Assert.Equal(1, await restarted.FireDueTimersAsync());
        Assert.Equal(["controle_body", "duo_body", "gesprek"], (await h.OpenTasksAsync(id)).Select(t => t.ElementId).Order());

        var again = new WorkflowEngine(h.EngineStore, h.Clock);
        await again.CorrelateAsync(new IncomingMessage(Guid.NewGuid(), "SchoolgangHersteld", "L1", []));
        Assert.Equal(["herstel_body"], (await h.OpenTasksAsync(id)).Select(t => t.ElementId));
        await again.CompleteTaskAsync(await h.TaskIdAsync(id, "herstel_body"));
        Assert.Equal(InstanceStatus.Completed, (await h.InstanceAsync(id)).Status);
    }
    [Fact]
    public async Task A_timer_cycle_starts_a_new_instance_each_week_while_earlier_ones_stay_open_and_all_are_cancelled_with_the_step()
    {
        // Groningen's weekly check: the mentor leaves the checks open; each week brings its own, and the evaluation
        // ends the step through a terminate end (a plain end would wait for the open checks, BPMN 2.0 §10.3.5)
        var xml = Process("p", $"""
            <bpmn:startEvent id="s"/>
            <bpmn:subProcess id="stap">
              <bpmn:startEvent id="stap_s"/><bpmn:userTask id="evaluatie"/>
              <bpmn:endEvent id="stap_e"><bpmn:terminateEventDefinition/></bpmn:endEvent>{Flows("stap_s", "evaluatie", "stap_e")}
              {EventSub("controle", Timer("timeCycle", "R/1 schoolweek"), """<bpmn:userTask id="controle_body"/>""", interrupting: false)}
            </bpmn:subProcess>
            <bpmn:userTask id="vervolg"/><bpmn:endEvent id="e"/>{Flows("s", "stap", "vervolg", "e")}
            """);
        var h = await HarnessAsync(); // Mon 2 Sep 2024 09:00 local
        var id = await h.DeployAndStartAsync(xml, "p");

        Assert.Equal(1, await h.AdvanceToAsync(new DateTimeOffset(2024, 9, 9, 7, 0, 0, TimeSpan.Zero)));
        Assert.Equal(1, await h.AdvanceToAsync(new DateTimeOffset(2024, 9, 16, 7, 0, 0, TimeSpan.Zero)));
        Assert.Equal(1, await h.AdvanceToAsync(new DateTimeOffset(2024, 9, 23, 7, 0, 0, TimeSpan.Zero)));
        var open = await h.OpenTasksAsync(id);
        Assert.Equal(["controle_body", "controle_body", "controle_body", "evaluatie"], open.Select(t => t.ElementId).Order());
        Assert.Equal([new DateTimeOffset(2024, 9, 9, 7, 0, 0, TimeSpan.Zero), new DateTimeOffset(2024, 9, 16, 7, 0, 0, TimeSpan.Zero), new DateTimeOffset(2024, 9, 23, 7, 0, 0, TimeSpan.Zero)],
            open.Where(t => t.ElementId == "controle_body").Select(t => t.CreatedAt).Order());

        // completing one check leaves the others and the cycle running
        await h.Engine.CompleteTaskAsync(open.First(t => t.ElementId == "controle_body").Id);
        Assert.Equal(2, (await h.OpenTasksAsync(id)).Count(t => t.ElementId == "controle_body"));
        Assert.NotNull(await h.Engine.NextTimerDueAsync());

        await h.Engine.CompleteTaskAsync(await h.TaskIdAsync(id, "evaluatie"));
        Assert.Equal(["vervolg"], (await h.OpenTasksAsync(id)).Select(t => t.ElementId));
        Assert.Equal(2, (await h.TimelineAsync(id)).Count(t => t.Kind == TimelineKind.ActivityCancelled && t.ElementId == "controle_body"));
        Assert.Null(await h.Engine.NextTimerDueAsync());
    }

    [Fact]
    public async Task An_interrupting_event_sub_process_nested_in_a_non_interrupting_one_cancels_only_its_own_instance()
    {
        // each DUO report (non-interrupting, once per message) has its own term (interrupting timer inside it):
        // the term ends that report's task and nothing else — not the other report, not the main path
        var inner = EventSub("termijn", Timer("timeDuration", "P5D"), """<bpmn:userTask id="termijn_body" name="Herinnering"/>""", interrupting: true);
        var xml = Process("p", $"""
            <bpmn:startEvent id="s"/><bpmn:userTask id="begeleiding"/><bpmn:endEvent id="e"/>{Flows("s", "begeleiding", "e")}
            <bpmn:subProcess id="melding" triggeredByEvent="true">
              <bpmn:startEvent id="melding_start" isInterrupting="false">{MessageRef("AbsentieGeregistreerd")}</bpmn:startEvent>
              <bpmn:userTask id="melding_body"/><bpmn:endEvent id="melding_end"/>{Flows("melding_start", "melding_body", "melding_end")}
              {inner}
            </bpmn:subProcess>
            """, "AbsentieGeregistreerd:leerlingId");
        var h = await HarnessAsync();
        var id = await h.DeployAndStartAsync(xml, "p", new { leerlingId = "L1" }, "L1");

        await h.SendAsync("AbsentieGeregistreerd", "L1");
        h.Clock.Advance(TimeSpan.FromDays(2));
        await h.SendAsync("AbsentieGeregistreerd", "L1");
        Assert.Equal(["begeleiding", "melding_body", "melding_body"], (await h.OpenTasksAsync(id)).Select(t => t.ElementId).Order());

        // day 5 after the first message: only the first instance's term fires
        Assert.Equal(1, await h.AdvanceAsync(TimeSpan.FromDays(3)));
        Assert.Equal(["begeleiding", "melding_body", "termijn_body"], (await h.OpenTasksAsync(id)).Select(t => t.ElementId).Order());
        Assert.Single(await h.TimelineAsync(id), t => t.Kind == TimelineKind.ActivityCancelled && t.ElementId == "melding_body");

        // the second instance completes before its term: its timer goes with it
        await h.Engine.CompleteTaskAsync(await h.TaskIdAsync(id, "melding_body"));
        Assert.Equal(0, await h.AdvanceAsync(TimeSpan.FromDays(10)));
        Assert.Equal(["begeleiding", "termijn_body"], (await h.OpenTasksAsync(id)).Select(t => t.ElementId).Order());

        await h.Engine.CompleteTaskAsync(await h.TaskIdAsync(id, "termijn_body"));
        await h.Engine.CompleteTaskAsync(await h.TaskIdAsync(id, "begeleiding"));
        Assert.Equal(InstanceStatus.Completed, (await h.InstanceAsync(id)).Status);
    }

    [Fact]
    public async Task A_weekly_cycle_keeps_its_schedule_across_an_engine_restart_with_checks_open()
    {
        var h = await HarnessAsync();
        var id = await h.DeployAndStartAsync(StepWithWeeklyCheck.Replace(
            """<bpmn:intermediateThrowEvent id="controle_body"><bpmn:extensionElements><verzuim:output target="controles" expression="controles + 1"/></bpmn:extensionElements></bpmn:intermediateThrowEvent>""",
            """<bpmn:userTask id="controle_body"/>"""), "p");
        Assert.Equal(1, await h.AdvanceToAsync(new DateTimeOffset(2024, 9, 9, 7, 0, 0, TimeSpan.Zero)));

        // a new engine over the same database fires the next cycle on its school-week date, beside the open check
        var restarted = new WorkflowEngine(h.EngineStore, h.Clock);
        Assert.Equal(new DateTimeOffset(2024, 9, 16, 7, 0, 0, TimeSpan.Zero), await restarted.NextTimerDueAsync());
        h.Clock.Set(new DateTimeOffset(2024, 9, 16, 7, 0, 0, TimeSpan.Zero));
        Assert.Equal(1, await restarted.FireDueTimersAsync());
        Assert.Equal(["controle_body", "controle_body", "gesprek"], (await h.OpenTasksAsync(id)).Select(t => t.ElementId).Order());

        // a plain end of the main path leaves the step running until its open checks are done (as at process level)
        await restarted.CompleteTaskAsync(await h.TaskIdAsync(id, "gesprek"));
        Assert.Equal(["controle_body", "controle_body"], (await h.OpenTasksAsync(id)).Select(t => t.ElementId));
        Assert.DoesNotContain("vervolg", await h.ActiveAsync(id));
        foreach (var check in await h.OpenTasksAsync(id)) await restarted.CompleteTaskAsync(check.Id);
        Assert.Equal(["vervolg"], await h.ActiveAsync(id));
        Assert.Null(await restarted.NextTimerDueAsync());
    }
}

/// <summary><see cref="EventSubProcessTests"/> on the in-memory store: the unit tier.</summary>
[Trait("Category", "Unit")]
public sealed class EventSubProcessInMemoryTests : EventSubProcessTests
{
    protected override bool InMemory => true;
}
