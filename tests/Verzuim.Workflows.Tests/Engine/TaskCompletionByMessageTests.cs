using Verzuim.Persistence;
using Verzuim.Workflows.Parsing;
using Verzuim.Workflows.Runtime;
using Verzuim.Workflows.Stores;
using Verzuim.Workflows.Tests.Support;
using static Verzuim.Workflows.Tests.Support.Bpmn;

namespace Verzuim.Workflows.Tests.Engine;

/// <summary>verzuim:completeOn: a GesprekGehouden from the school's administration system completes the conversation task.</summary>
public sealed class TaskCompletionByMessageTests
{
    private static string ConversationTask(string outputs = "") => Process("p", $"""
        <bpmn:startEvent id="s"/>
        <bpmn:userTask id="gesprek" name="Gesprek met mentor" verzuim:candidateRole="mentor">
          <bpmn:extensionElements>
            <verzuim:formField id="Afspraak" label="Afspraak" type="text" required="true"/>
            <verzuim:completeOn message="GesprekGehouden" condition="soort === 'mentor'"/>
            {outputs}
          </bpmn:extensionElements>
        </bpmn:userTask>
        <bpmn:userTask id="vervolg"/><bpmn:endEvent id="e"/>{Flows("s", "gesprek", "vervolg", "e")}
        """, "GesprekGehouden:leerlingId");

    [Fact]
    public async Task A_matching_message_completes_the_open_task_as_if_done_in_the_inbox()
    {
        var h = await EngineHarness.CreateAsync();
        var id = await h.DeployAndStartAsync(ConversationTask(), "p", new { leerlingId = "L1" }, "L1");
        var other = await h.Engine.StartAsync("p", EngineHarness.Json(new { leerlingId = "L2" }), "L2");
        var taskId = await h.TaskIdAsync(id, "gesprek");

        // another kind of conversation, or another pupil: the task stays open and the case is not touched
        var version = (await h.InstanceAsync(id)).Version;
        Assert.NotEqual(CorrelationOutcome.Correlated, (await h.SendAsync("GesprekGehouden", "L1", new { soort = "ouders", Afspraak = "x" }, ttl: TimeSpan.Zero)).Outcome);
        Assert.Equal(version, (await h.InstanceAsync(id)).Version);
        Assert.Equal(["gesprek"], await h.ActiveAsync(id));

        // no Afspraak in the message: the form's required field is not demanded, the message is the evidence
        var result = await h.SendAsync("GesprekGehouden", "L1", new { soort = "mentor", datum = "2024-09-03" });
        Assert.Equal([id], result.InstanceIds);

        Assert.Equal(["vervolg"], await h.ActiveAsync(id));
        Assert.Equal(["gesprek"], await h.ActiveAsync(other));
        await using var db = h.Store.CreateContext();
        var task = db.Tasks.Single(t => t.Id == taskId);
        Assert.Equal(WorkTaskStatus.Completed, task.Status);
        Assert.Equal("systeem:GesprekGehouden", task.CompletedBy);
        Assert.Contains("2024-09-03", task.Result);
        Assert.Equal("2024-09-03", (string?)(await h.VariablesAsync(id))["datum"]); // without outputs the data is merged
        var completed = (await h.TimelineAsync(id)).Single(t => t.Kind == TimelineKind.TaskCompleted);
        Assert.Contains("GesprekGehouden", completed.Detail);
    }

    [Fact]
    public async Task The_tasks_outputs_map_the_message_data()
    {
        var h = await EngineHarness.CreateAsync();
        var id = await h.DeployAndStartAsync(ConversationTask("""<verzuim:output target="afspraakMentor" expression="Afspraak"/>"""), "p", new { leerlingId = "L1" }, "L1");
        await h.SendAsync("GesprekGehouden", "L1", new { soort = "mentor", Afspraak = "Elke week melden" });
        var variables = await h.VariablesAsync(id);
        Assert.Equal("Elke week melden", (string?)variables["afspraakMentor"]);
        Assert.False(variables.ContainsKey("soort")); // with outputs only what they name becomes a variable
    }

    [Fact]
    public async Task A_task_completed_in_the_inbox_no_longer_listens()
    {
        var h = await EngineHarness.CreateAsync();
        var id = await h.DeployAndStartAsync(ConversationTask(), "p", new { leerlingId = "L1" }, "L1");
        await h.Engine.CompleteTaskAsync(await h.TaskIdAsync(id, "gesprek"), EngineHarness.Json(new { Afspraak = "ok" }), "mentor-1");
        Assert.NotEqual(CorrelationOutcome.Correlated, (await h.SendAsync("GesprekGehouden", "L1", new { soort = "mentor" })).Outcome);
        Assert.Equal(["vervolg"], await h.ActiveAsync(id));
    }

    [Theory]
    [InlineData("""<verzuim:completeOn message="Onbekend"/>""", "userTask", "taak-bericht")]
    [InlineData("""<verzuim:completeOn message="GesprekGehouden" condition="soort === = 'x'"/>""", "userTask", "expressie")]
    [InlineData("""<verzuim:completeOn message="GesprekGehouden"/>""", "receiveTask", "niet-ondersteund")]
    public void A_wrong_completeOn_is_refused_with_the_element_and_rule(string completeOn, string element, string rule)
    {
        var messageRef = element == "receiveTask" ? """ messageRef="Msg_GesprekGehouden" """ : "";
        var xml = Process("p", $"""
            <bpmn:startEvent id="s"/><bpmn:{element} id="t"{messageRef}><bpmn:extensionElements>{completeOn}</bpmn:extensionElements></bpmn:{element}>
            <bpmn:endEvent id="e"/>{Flows("s", "t", "e")}
            """, "GesprekGehouden:leerlingId");
        var problem = Assert.Single(BpmnReader.Validate(xml).Problems);
        Assert.Equal(("t", rule), (problem.ElementId, problem.Rule));
    }
}
