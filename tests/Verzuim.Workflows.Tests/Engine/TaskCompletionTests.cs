using System.Text.Json.Nodes;
using Verzuim.Workflows.Runtime;
using Verzuim.Workflows.Tests.Support;
using static Verzuim.Workflows.Tests.Support.Bpmn;

namespace Verzuim.Workflows.Tests.Engine;

/// <summary>
/// A completion carries the task's form and nothing more; merged form or message data never writes the variables
/// that decide who sees a case (school, pupil), the signals, the regie or medical detail. Only a start's data, an
/// explicit verzuim:output or an operator does.
/// </summary>
public class TaskCompletionTests : EngineTests
{
    private static readonly string Form = Process("formulier", $"""
        <bpmn:startEvent id="start"><bpmn:extensionElements>
          <verzuim:output target="schoolId" expression="'S-APD-01'"/><verzuim:output target="leerlingId" expression="'L-1'"/>
        </bpmn:extensionElements></bpmn:startEvent>
        <bpmn:userTask id="zonder" name="Zonder formulier"/>
        <bpmn:userTask id="gesprek" name="Gesprek">
          <bpmn:extensionElements>
            <verzuim:formField id="afspraak" label="Afspraak" type="string" required="true"/>
            <verzuim:formField id="verslag" label="Verslag" type="text"/>
            <verzuim:formField id="uren" label="Uren" type="number"/>
            <verzuim:formField id="regievoerder" label="Regievoerder" type="string"/>
          </bpmn:extensionElements>
        </bpmn:userTask>
        <bpmn:endEvent id="einde"/>
        {Flows("start", "zonder", "gesprek", "einde")}
        """);

    private async Task<(EngineHarness H, Guid Id)> AtTaskAsync(string task)
    {
        var h = await HarnessAsync();
        var id = await h.DeployAndStartAsync(Form, "formulier");
        if (task == "gesprek") await h.Engine.CompleteTaskAsync(await h.TaskIdAsync(id, "zonder"));
        return (h, id);
    }

    [Fact]
    public async Task A_field_the_task_does_not_declare_is_refused_by_name_and_cannot_move_the_case()
    {
        // the probe: a task without a form merged {"schoolId":"S-GRO-01"} and the case moved to a school in Groningen
        var (h, id) = await AtTaskAsync("zonder");
        var first = await h.TaskIdAsync(id, "zonder");
        var refused = await Assert.ThrowsAsync<TaskValidationException>(() =>
            h.Engine.CompleteTaskAsync(first, new JsonObject { ["schoolId"] = "S-GRO-01" }));
        Assert.Contains("'schoolId'", Assert.Single(refused.Errors));
        Assert.Equal("S-APD-01", (await h.InstanceAsync(id)).SchoolId);
        Assert.Equal(["zonder"], await h.ActiveAsync(id));

        await h.Engine.CompleteTaskAsync(await h.TaskIdAsync(id, "zonder"));
        var second = await h.TaskIdAsync(id, "gesprek");
        var extra = await Assert.ThrowsAsync<TaskValidationException>(() => h.Engine.CompleteTaskAsync(
            second, new JsonObject { ["afspraak"] = "ja", ["leerlingId"] = "L-2", ["signalen"] = new JsonObject() }));
        Assert.Equal(2, extra.Errors.Count);
        Assert.Contains(extra.Errors, e => e.Contains("'leerlingId'") && e.Contains("afspraak, verslag, uren, regievoerder"));
        Assert.Contains(extra.Errors, e => e.Contains("'signalen'"));
        Assert.Equal("L-1", (string?)(await h.VariablesAsync(id))["leerlingId"]);
    }

    [Theory]
    [InlineData("afspraak", 200, true)]
    [InlineData("afspraak", 201, false)]
    [InlineData("verslag", 4000, true)]
    [InlineData("verslag", 4001, false)]
    public async Task One_line_fields_hold_200_characters_and_texts_4000(string field, int length, bool accepted)
    {
        var (h, id) = await AtTaskAsync("gesprek");
        var data = new JsonObject { ["afspraak"] = "ja", [field] = new string('x', length) };
        var task = await h.TaskIdAsync(id, "gesprek");
        if (accepted)
        {
            await h.Engine.CompleteTaskAsync(task, data);
            Assert.Equal(length, ((string?)(await h.VariablesAsync(id))[field])!.Length);
            return;
        }
        var refused = await Assert.ThrowsAsync<TaskValidationException>(() => h.Engine.CompleteTaskAsync(task, data));
        Assert.Contains($"{length} tekens", Assert.Single(refused.Errors));
    }

    [Fact]
    public async Task A_declared_field_with_a_protected_name_is_kept_on_the_task_but_not_merged_without_an_explicit_output()
    {
        var (h, id) = await AtTaskAsync("gesprek");
        await h.Engine.CompleteTaskAsync(await h.TaskIdAsync(id, "gesprek"), new JsonObject { ["afspraak"] = "ja", ["regievoerder"] = "mentor" });
        var variables = await h.VariablesAsync(id);
        Assert.Equal("ja", (string?)variables["afspraak"]);
        Assert.False(variables.ContainsKey("regievoerder")); // regie is protected: the model must map it with verzuim:output
    }

    private static readonly string Waiting = Process("wachten", $"""
        <bpmn:startEvent id="start"><bpmn:messageEventDefinition messageRef="Msg_Aanmelding"/></bpmn:startEvent>
        <bpmn:intermediateCatchEvent id="gesprek"><bpmn:messageEventDefinition messageRef="Msg_GesprekGehouden"/></bpmn:intermediateCatchEvent>
        <bpmn:intermediateCatchEvent id="verhuisd"><bpmn:extensionElements><verzuim:output target="schoolId" expression="nieuweSchool"/></bpmn:extensionElements>
          <bpmn:messageEventDefinition messageRef="Msg_Verhuisd"/></bpmn:intermediateCatchEvent>
        <bpmn:userTask id="klaar"/><bpmn:endEvent id="einde"/>
        {Flows("start", "gesprek", "verhuisd", "klaar", "einde")}
        """, "Aanmelding", "GesprekGehouden:leerlingId", "Verhuisd:leerlingId");

    [Fact]
    public async Task Message_data_sets_school_and_pupil_at_the_start_and_later_only_through_an_explicit_output()
    {
        var options = new WorkflowEngineOptions();
        options.ProtectedVariables.Add("jeugdartsToelichting"); // as the host adds Privacy:MedischeVariabelen
        var h = await HarnessAsync(options: options);
        await h.Engine.DeployAsync(Waiting);
        var started = await h.SendAsync("Aanmelding", "L-1", new { leerlingId = "L-1", schoolId = "S-APD-01" });
        var id = Assert.Single(started.InstanceIds);
        Assert.Equal("S-APD-01", (await h.InstanceAsync(id)).SchoolId);

        await h.SendAsync("GesprekGehouden", "L-1", new { leerlingId = "L-2", schoolId = "S-GRO-01", jeugdartsToelichting = "vervalst", notitie = "gesproken" });
        var variables = await h.VariablesAsync(id);
        Assert.Equal("gesproken", (string?)variables["notitie"]); // ordinary data still merges
        Assert.Equal("L-1", (string?)variables["leerlingId"]);
        Assert.False(variables.ContainsKey("jeugdartsToelichting"));
        Assert.Equal("S-APD-01", (await h.InstanceAsync(id)).SchoolId);

        await h.SendAsync("Verhuisd", "L-1", new { nieuweSchool = "S-GRO-01" });
        Assert.Equal("S-GRO-01", (await h.InstanceAsync(id)).SchoolId); // the model said so explicitly
    }
}

/// <summary><see cref="TaskCompletionTests"/> on the in-memory store: the unit tier.</summary>
[Trait("Category", "Unit")]
public sealed class TaskCompletionInMemoryTests : TaskCompletionTests
{
    protected override bool InMemory => true;
}
