namespace Verzuim.Benchmarks;

/// <summary>
/// The BPMN the harness deploys. Written out in full (no helpers) so what is measured is readable here.
/// </summary>
public static class Models
{
    public const string MessageName = "GesprekGehouden";

    /// <summary>
    /// "bench": a realistic escalation step. Start → user task "stap1" for the mentor, with an interrupting
    /// boundary timer of 3 school weeks (→ "kernteam") → receive task "gesprek" waiting for GesprekGehouden
    /// keyed by leerlingId → exclusive gateway: soort === 'ouders' ends, otherwise (default) a follow-up user task.
    /// Starting it writes the instance, one open task, one timer subscription and the timeline.
    /// </summary>
    public const string Bench = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
            xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:verzuim="urn:verzuim:bpmn:1"
            id="BenchDefinitions" targetNamespace="http://verzuim/bench">
          <bpmn:message id="Msg_GesprekGehouden" name="GesprekGehouden" verzuim:correlationKey="leerlingId"/>
          <bpmn:process id="bench" name="Benchmark: verzuim stap 1" isExecutable="true">
            <bpmn:startEvent id="start" name="Verzuim gemeld"/>
            <bpmn:userTask id="stap1" name="Contact met leerling en ouders" verzuim:candidateRole="mentor"/>
            <bpmn:boundaryEvent id="kantelpunt" name="3 schoolweken verstreken" attachedToRef="stap1">
              <bpmn:timerEventDefinition><bpmn:timeDuration>3 schoolweken</bpmn:timeDuration></bpmn:timerEventDefinition>
            </bpmn:boundaryEvent>
            <bpmn:userTask id="kernteam" name="Bespreken in kernteam" verzuim:candidateRole="kernteamlid"/>
            <bpmn:endEvent id="escalatieKlaar"/>
            <bpmn:receiveTask id="gesprek" name="Gesprek gehouden" messageRef="Msg_GesprekGehouden"/>
            <bpmn:exclusiveGateway id="metWie" name="Met wie?" default="naarVervolg"/>
            <bpmn:endEvent id="klaar" name="Gesprek met ouders gevoerd"/>
            <bpmn:userTask id="vervolg" name="Ouders uitnodigen" verzuim:candidateRole="mentor"/>
            <bpmn:endEvent id="vervolgKlaar"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="stap1"/>
            <bpmn:sequenceFlow id="f2" sourceRef="stap1" targetRef="gesprek"/>
            <bpmn:sequenceFlow id="f3" sourceRef="gesprek" targetRef="metWie"/>
            <bpmn:sequenceFlow id="metOuders" sourceRef="metWie" targetRef="klaar">
              <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">soort === 'ouders'</bpmn:conditionExpression>
            </bpmn:sequenceFlow>
            <bpmn:sequenceFlow id="naarVervolg" sourceRef="metWie" targetRef="vervolg"/>
            <bpmn:sequenceFlow id="f4" sourceRef="vervolg" targetRef="vervolgKlaar"/>
            <bpmn:sequenceFlow id="f5" sourceRef="kantelpunt" targetRef="kernteam"/>
            <bpmn:sequenceFlow id="f6" sourceRef="kernteam" targetRef="escalatieKlaar"/>
          </bpmn:process>
        </bpmn:definitions>
        """;

    /// <summary>
    /// "bench-wacht": starts straight at the wait, so a correlation does the full commit of a resumed case:
    /// subscription delete, task insert, timeline rows, instance update, processed-message row.
    /// </summary>
    public const string Wait = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
            xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:verzuim="urn:verzuim:bpmn:1"
            id="BenchWaitDefinitions" targetNamespace="http://verzuim/bench">
          <bpmn:message id="Msg_GesprekGehouden" name="GesprekGehouden" verzuim:correlationKey="leerlingId"/>
          <bpmn:process id="bench-wacht" name="Benchmark: wachten op gesprek" isExecutable="true">
            <bpmn:startEvent id="start"/>
            <bpmn:receiveTask id="gesprek" name="Gesprek gehouden" messageRef="Msg_GesprekGehouden"/>
            <bpmn:userTask id="opvolging" name="Gesprek opvolgen" verzuim:candidateRole="mentor"/>
            <bpmn:endEvent id="klaar"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="gesprek"/>
            <bpmn:sequenceFlow id="f2" sourceRef="gesprek" targetRef="opvolging"/>
            <bpmn:sequenceFlow id="f3" sourceRef="opvolging" targetRef="klaar"/>
          </bpmn:process>
        </bpmn:definitions>
        """;
}
