using static Verzuim.Workflows.Tests.Support.Bpmn;

namespace Verzuim.Workflows.Tests.Support;

/// <summary>A case that climbs a ladder of steps: step 1 -> step 2 -> back to step 1 (repeatable) -> done.</summary>
public static class LadderModel
{
    public const string ProcessId = "ladder";

    /// <summary>Step 1 ("Interventies", zorgcoordinator), step 2 ("Kernteam", kernteamlid, form field terug), end "Schoolgang hersteld".</summary>
    public static readonly string Xml = Process(ProcessId, $"""
        <bpmn:startEvent id="s"/>
        <bpmn:userTask id="stap1" name="Interventies" verzuim:stap="Stap 1" verzuim:candidateRole="zorgcoordinator"/>
        <bpmn:userTask id="stap2" name="Kernteam" verzuim:stap="Stap 2" verzuim:candidateRole="kernteamlid">
          <bpmn:extensionElements><verzuim:formField id="terug" label="Terug naar stap 1" type="boolean"/></bpmn:extensionElements>
        </bpmn:userTask>
        <bpmn:exclusiveGateway id="opnieuw" default="klaar"/>
        <bpmn:endEvent id="e" name="Schoolgang hersteld"/>
        {Flows("s", "stap1", "stap2", "opnieuw")}{Flow("opnieuw", "stap1", "terug === true", id: "terugNaar1")}{Flow("opnieuw", "e", id: "klaar")}
        """);
}
