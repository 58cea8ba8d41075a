using System.Text.Json.Nodes;
using Verzuim.Workflows.Runtime;
using Verzuim.Workflows.Stores;
using Verzuim.Workflows.Tests.Support;
using static Verzuim.Workflows.Tests.Support.Bpmn;

namespace Verzuim.Workflows.Tests.Engine;

/// <summary>
/// A variable in WorkflowEngineOptions.HistoryVariables leaves a VariableChanged row each time its value changes,
/// naming the node that set it, so the history survives the value being overwritten; other variables and
/// assignments of the same value leave none.
/// </summary>
public class VariableHistoryTests : EngineTests
{
    private static readonly string Model = Process("historie", $"""
        <bpmn:startEvent id="start"/>
        <bpmn:userTask id="eerste" name="Eerste bespreking">
          <bpmn:extensionElements>
            <verzuim:formField id="regie" label="Regie" type="string" required="true"/>
            <verzuim:formField id="notitie" label="Notitie" type="string"/>
            <verzuim:output target="regievoerder" expression="regie"/>
            <verzuim:output target="notitie" expression="typeof notitie === 'string' ? notitie : null"/>
          </bpmn:extensionElements>
        </bpmn:userTask>
        <bpmn:userTask id="tweede" name="Tweede bespreking">
          <bpmn:extensionElements>
            <verzuim:formField id="regie" label="Regie" type="string" required="true"/>
            <verzuim:output target="regievoerder" expression="regie"/>
          </bpmn:extensionElements>
        </bpmn:userTask>
        <bpmn:userTask id="derde" name="Derde bespreking"/>
        <bpmn:endEvent id="einde"/>
        {Flows("start", "eerste", "tweede", "derde", "einde")}
        """);

    [Fact]
    public async Task Each_change_of_a_history_variable_is_on_the_timeline_with_the_node_that_set_it()
    {
        var h = await HarnessAsync(options: new WorkflowEngineOptions { HistoryVariables = new HashSet<string> { "regievoerder" } });
        var id = await h.DeployAndStartAsync(Model, "historie");
        await h.Engine.CompleteTaskAsync(await h.TaskIdAsync(id, "eerste"), new JsonObject { ["regie"] = "Mentor", ["notitie"] = "x" });
        await h.Engine.CompleteTaskAsync(await h.TaskIdAsync(id, "tweede"), new JsonObject { ["regie"] = "Mentor" }); // same value: no change
        await h.Engine.SetVariablesAsync(id, new JsonObject { ["regievoerder"] = "Leerplicht" }); // an operator's correction

        var changes = (await h.TimelineAsync(id)).Where(t => t.Kind == TimelineKind.VariableChanged).ToList();
        Assert.Equal(2, changes.Count); // not for 'notitie' (no history kept), not for the unchanged second assignment
        Assert.Equal(("eerste", """{"regievoerder":"Mentor"}"""), (changes[0].ElementId, changes[0].Detail));
        Assert.Equal(("process", """{"regievoerder":"Leerplicht"}"""), (changes[1].ElementType, changes[1].Detail));
        var completed = (await h.TimelineAsync(id)).Single(t => t.Kind == TimelineKind.TaskCompleted && t.ElementId == "eerste");
        Assert.True(completed.Sequence < changes[0].Sequence); // written after the completion that caused it
    }

    [Fact]
    public async Task Without_history_variables_the_engine_writes_no_variable_rows()
    {
        var h = await HarnessAsync();
        var id = await h.DeployAndStartAsync(Model, "historie");
        await h.Engine.CompleteTaskAsync(await h.TaskIdAsync(id, "eerste"), new JsonObject { ["regie"] = "Mentor" });
        Assert.DoesNotContain(await h.TimelineAsync(id), t => t.Kind == TimelineKind.VariableChanged);
        Assert.Equal("Mentor", (string?)(await h.VariablesAsync(id))["regievoerder"]);
    }
}

/// <summary><see cref="VariableHistoryTests"/> on the in-memory store: the unit tier.</summary>
[Trait("Category", "Unit")]
public sealed class VariableHistoryInMemoryTests : VariableHistoryTests
{
    protected override bool InMemory => true;
}
