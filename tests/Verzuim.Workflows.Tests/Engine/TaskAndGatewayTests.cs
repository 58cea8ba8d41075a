using System.Text.Json.Nodes;
using Verzuim.Workflows.Runtime;
using Verzuim.Workflows.Stores;
using Verzuim.Workflows.Tests.Support;
using static Verzuim.Workflows.Tests.Support.Bpmn;

namespace Verzuim.Workflows.Tests.Engine;

public class TaskAndGatewayTests : EngineTests
{
    private static readonly string Conversation = Process("gesprekken", $"""
        <bpmn:startEvent id="start"/>
        <bpmn:userTask id="gesprek" name="Gesprek met ouders" verzuim:candidateRole="mentor" verzuim:dueDate="3 schooldagen">
          <bpmn:extensionElements>
            <verzuim:formField id="uitkomst" label="Uitkomst" type="enum" required="true">
              <verzuim:value id="hersteld" name="Schoolgang hersteld"/>
              <verzuim:value id="zorgen" name="Zorgen blijven"/>
            </verzuim:formField>
            <verzuim:formField id="datum" label="Datum" type="date"/>
          </bpmn:extensionElements>
        </bpmn:userTask>
        <bpmn:exclusiveGateway id="keuze" default="naarKernteam"/>
        <bpmn:endEvent id="klaar"/>
        <bpmn:userTask id="kernteam" name="Bespreken in kernteam" verzuim:candidateRole="kernteamlid"/>
        <bpmn:endEvent id="besproken"/>
        {Flows("start", "gesprek", "keuze")}
        {Flow("keuze", "klaar", "uitkomst === 'hersteld'")}
        {Flow("keuze", "kernteam", id: "naarKernteam")}
        {Flows("kernteam", "besproken")}
        """);

    [Fact]
    public async Task User_task_gets_role_and_due_date_in_school_days_and_waits()
    {
        var h = await HarnessAsync(); // Monday 2 Sep 2024 09:00
        var id = await h.DeployAndStartAsync(Conversation, "gesprekken");

        var task = Assert.Single(await h.OpenTasksAsync(id));
        Assert.Equal("gesprek", task.ElementId);
        Assert.Equal("mentor", task.CandidateRole);
        // three school days after Monday 09:00 is Thursday 09:00 local = 07:00Z
        Assert.Equal(new DateTimeOffset(2024, 9, 5, 7, 0, 0, TimeSpan.Zero), task.DueAt);
        Assert.Equal(["gesprek"], await h.ActiveAsync(id));
        Assert.Equal(InstanceStatus.Running, (await h.InstanceAsync(id)).Status);
    }

    [Fact]
    public async Task Completing_with_data_that_breaks_the_form_is_refused_and_changes_nothing()
    {
        var h = await HarnessAsync();
        var id = await h.DeployAndStartAsync(Conversation, "gesprekken");
        var taskId = await h.TaskIdAsync(id, "gesprek");

        var missing = await Assert.ThrowsAsync<TaskValidationException>(() => h.Engine.CompleteTaskAsync(taskId, []));
        Assert.Contains("uitkomst", missing.Message);
        var wrongChoice = await Assert.ThrowsAsync<TaskValidationException>(() =>
            h.Engine.CompleteTaskAsync(taskId, new JsonObject { ["uitkomst"] = "weet niet", ["datum"] = "2 sept" }));
        Assert.Equal(2, wrongChoice.Errors.Count);

        Assert.Equal(["gesprek"], await h.ActiveAsync(id));
        Assert.Single(await h.OpenTasksAsync(id));
    }

    [Fact]
    public async Task A_form_date_more_than_two_years_from_today_is_refused_as_a_slip_with_the_dates_that_fit()
    {
        var h = await HarnessAsync(); // Monday 2 Sep 2024
        var id = await h.DeployAndStartAsync(Conversation, "gesprekken");
        var taskId = await h.TaskIdAsync(id, "gesprek");

        // a feedback date typed as 2019 instead of 2024
        var slip = await Assert.ThrowsAsync<TaskValidationException>(() =>
            h.Engine.CompleteTaskAsync(taskId, new JsonObject { ["uitkomst"] = "hersteld", ["datum"] = "2019-09-16" }));
        Assert.Equal("'Datum' (datum) is 16 september 2019; dat ligt meer dan 2 jaar van vandaag (kies een datum van 2 september 2022 tot en met 2 september 2026)",
            Assert.Single(slip.Errors));
        await Assert.ThrowsAsync<TaskValidationException>(() =>
            h.Engine.CompleteTaskAsync(taskId, new JsonObject { ["uitkomst"] = "hersteld", ["datum"] = "2026-09-03" }));
        Assert.Single(await h.OpenTasksAsync(id));

        // the last day of the window is still fine
        await h.Engine.CompleteTaskAsync(taskId, new JsonObject { ["uitkomst"] = "hersteld", ["datum"] = "2026-09-02" });
        Assert.Empty(await h.OpenTasksAsync(id));
    }

    [Fact]
    public async Task Exclusive_gateway_takes_the_true_condition_or_else_the_default_flow()
    {
        var h = await HarnessAsync();
        await h.Engine.DeployAsync(Conversation);
        var recovered = await h.Engine.StartAsync("gesprekken");
        var worried = await h.Engine.StartAsync("gesprekken");

        await h.Engine.CompleteTaskAsync(await h.TaskIdAsync(recovered, "gesprek"), new JsonObject { ["uitkomst"] = "hersteld" }, "mentor1");
        await h.Engine.CompleteTaskAsync(await h.TaskIdAsync(worried, "gesprek"), new JsonObject { ["uitkomst"] = "zorgen", ["datum"] = "2024-09-03" });

        Assert.Equal(InstanceStatus.Completed, (await h.InstanceAsync(recovered)).Status);
        Assert.Equal(["start", "gesprek", "keuze", "klaar"], await h.PathAsync(recovered, TimelineKind.ActivityStarted));
        Assert.Equal(["kernteam"], await h.ActiveAsync(worried));
        var vars = await h.VariablesAsync(worried);
        Assert.Equal("zorgen", (string?)vars["uitkomst"]); // form data became case variables
        Assert.Equal("2024-09-03", (string?)vars["datum"]);
    }

    [Fact]
    public async Task No_true_condition_and_no_default_is_an_incident_that_can_be_retried()
    {
        var xml = Process("p", $"""
            <bpmn:startEvent id="s"/><bpmn:exclusiveGateway id="g"/>
            <bpmn:endEvent id="a"/><bpmn:endEvent id="b"/>
            {Flow("s", "g")}{Flow("g", "a", "uren >= 16")}{Flow("g", "b", "uren < 16 && soort === 'ziek'")}
            """);
        var h = await HarnessAsync();
        var stuck = await h.DeployAndStartAsync(xml, "p", new { uren = 3, soort = "luxe" });
        var other = await h.Engine.StartAsync("p", EngineHarness.Json(new { uren = 20, soort = "luxe" }));

        Assert.Equal(InstanceStatus.Incident, (await h.InstanceAsync(stuck)).Status);
        var incident = Assert.Single(await h.IncidentsAsync(stuck));
        Assert.Equal("g", incident.ElementId);
        Assert.Contains("geen enkele voorwaarde", incident.Reason);
        Assert.Equal(InstanceStatus.Completed, (await h.InstanceAsync(other)).Status); // others carry on

        await h.Engine.SetVariablesAsync(stuck, new JsonObject { ["soort"] = "ziek" });
        await h.Engine.RetryIncidentAsync(incident.Id);
        Assert.Equal(InstanceStatus.Completed, (await h.InstanceAsync(stuck)).Status);
        Assert.Equal("b", (await h.PathAsync(stuck)).Last());
        Assert.NotNull(Assert.Single(await h.IncidentsAsync(stuck)).ResolvedAt);
    }

    [Fact]
    public async Task A_single_outgoing_flow_whose_condition_is_false_is_an_incident_not_taken_anyway()
    {
        // BPMN 2.0 §13.3.2: with no true condition and no default flow the gateway raises an exception
        var xml = Process("p", $"""
            <bpmn:startEvent id="s"/><bpmn:exclusiveGateway id="g" name="16 uur?"/><bpmn:endEvent id="duo"/>
            {Flow("s", "g")}{Flow("g", "duo", "uren >= 16")}
            """);
        var h = await HarnessAsync();
        var below = await h.DeployAndStartAsync(xml, "p", new { uren = 3 });
        var above = await h.Engine.StartAsync("p", EngineHarness.Json(new { uren = 16 }));

        Assert.Equal(InstanceStatus.Incident, (await h.InstanceAsync(below)).Status);
        Assert.Equal("g", Assert.Single(await h.IncidentsAsync(below)).ElementId);
        Assert.Equal(["g"], await h.ActiveAsync(below));
        Assert.DoesNotContain("duo", await h.PathAsync(below, TimelineKind.ActivityStarted));
        Assert.Equal(InstanceStatus.Completed, (await h.InstanceAsync(above)).Status);
    }

    [Fact]
    public async Task A_failing_expression_is_an_incident_not_a_silent_false()
    {
        var xml = Process("p", $"""
            <bpmn:startEvent id="s"/><bpmn:exclusiveGateway id="g" default="d"/>
            <bpmn:endEvent id="a"/><bpmn:endEvent id="b"/>
            {Flow("s", "g")}{Flow("g", "a", "onbekend.veld > 3")}{Flow("g", "b", id: "d")}
            """);
        var h = await HarnessAsync();
        var id = await h.DeployAndStartAsync(xml, "p");
        var incident = Assert.Single(await h.IncidentsAsync(id));
        Assert.Contains("onbekend", incident.Reason);
        Assert.Equal(["g"], await h.ActiveAsync(id));
    }

    [Fact]
    public async Task Parallel_gateway_forks_and_joins_only_when_every_branch_arrived()
    {
        var xml = Process("p", $"""
            <bpmn:startEvent id="s"/><bpmn:parallelGateway id="fork"/>
            <bpmn:userTask id="mentor"/><bpmn:userTask id="jeugdarts"/>
            <bpmn:parallelGateway id="join"/><bpmn:endEvent id="e"/>
            {Flows("s", "fork", "mentor", "join", "e")}{Flows("fork", "jeugdarts", "join")}
            """);
        var h = await HarnessAsync();
        var id = await h.DeployAndStartAsync(xml, "p");
        Assert.Equal(["jeugdarts", "mentor"], await h.ActiveAsync(id));

        await h.Engine.CompleteTaskAsync(await h.TaskIdAsync(id, "mentor"));
        Assert.Equal(["jeugdarts", "join"], await h.ActiveAsync(id));
        Assert.Equal(InstanceStatus.Running, (await h.InstanceAsync(id)).Status);

        await h.Engine.CompleteTaskAsync(await h.TaskIdAsync(id, "jeugdarts"));
        Assert.Equal(InstanceStatus.Completed, (await h.InstanceAsync(id)).Status);
        Assert.Single(await h.PathAsync(id), "e");
    }

    [Fact]
    public async Task A_loop_back_through_a_gateway_repeats_a_step_until_the_condition_holds()
    {
        var xml = Process("p", $"""
            <bpmn:startEvent id="s"/><bpmn:exclusiveGateway id="merge"/>
            <bpmn:userTask id="stap2">
              <bpmn:extensionElements><verzuim:output target="rondes" expression="(typeof rondes === 'number' ? rondes : 0) + 1"/></bpmn:extensionElements>
            </bpmn:userTask>
            <bpmn:exclusiveGateway id="nogmaals" default="verder"/>
            <bpmn:endEvent id="e"/>
            {Flows("s", "merge", "stap2", "nogmaals")}{Flow("nogmaals", "merge", "rondes < 3")}{Flow("nogmaals", "e", id: "verder")}
            """);
        var h = await HarnessAsync();
        var id = await h.DeployAndStartAsync(xml, "p");
        for (var round = 1; round <= 3; round++)
        {
            Assert.Equal(InstanceStatus.Running, (await h.InstanceAsync(id)).Status);
            await h.Engine.CompleteTaskAsync(await h.TaskIdAsync(id, "stap2"));
        }
        Assert.Equal(InstanceStatus.Completed, (await h.InstanceAsync(id)).Status);
        Assert.Equal(3, (int)(await h.VariablesAsync(id))["rondes"]!);
        Assert.Equal(3, (await h.TimelineAsync(id)).Count(t => t.Kind == TimelineKind.TaskCreated));
    }
}

/// <summary><see cref="TaskAndGatewayTests"/> on the in-memory store: the unit tier.</summary>
[Trait("Category", "Unit")]
public sealed class TaskAndGatewayInMemoryTests : TaskAndGatewayTests
{
    protected override bool InMemory => true;
}
