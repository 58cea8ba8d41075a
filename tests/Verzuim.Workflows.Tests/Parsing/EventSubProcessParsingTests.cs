using Verzuim.Workflows.Model;
using Verzuim.Workflows.Parsing;
using static Verzuim.Workflows.Tests.Support.Bpmn;

namespace Verzuim.Workflows.Tests.Parsing;

[Trait("Category", "Unit")]
public sealed class EventSubProcessParsingTests
{
    private const string MessageStart = """<bpmn:startEvent id="es_s" isInterrupting="false"><bpmn:messageEventDefinition messageRef="Msg_AbsentieGeregistreerd"/></bpmn:startEvent>""";
    private const string Body = """<bpmn:endEvent id="es_e"/><bpmn:sequenceFlow id="es_f" sourceRef="es_s" targetRef="es_e"/>""";

    private static string WithEventSub(string eventSub, string extraFlows = "") => Process("p", $"""
        <bpmn:startEvent id="s"/><bpmn:userTask id="t"/><bpmn:endEvent id="e"/>{Flows("s", "t", "e")}{eventSub}{extraFlows}
        """, "AbsentieGeregistreerd:leerlingId");

    [Fact]
    public void An_event_sub_process_as_bpmn_js_writes_it_is_read_with_its_trigger_and_interrupting_flag()
    {
        var xml = WithEventSub($"""<bpmn:subProcess id="es" name="DUO" triggeredByEvent="true">{MessageStart.Replace("isInterrupting", "verzuim:condition=\"uren &gt;= 16\" isInterrupting", StringComparison.Ordinal)}{Body}</bpmn:subProcess>""");
        var process = Assert.Single(BpmnReader.Parse(xml).Processes);
        var eventSub = Assert.Single(process.EventSubProcesses);
        Assert.True(eventSub.TriggeredByEvent);
        Assert.False(eventSub.StartEvent.IsInterrupting);
        Assert.Equal("AbsentieGeregistreerd", Assert.IsType<MessageEventDefinition>(eventSub.StartEvent.Trigger).MessageName);
        Assert.Equal("uren >= 16", eventSub.StartEvent.Condition);
        Assert.Empty(process.MessageStarts); // the event sub-process' start opens no case of its own
    }

    [Theory]
    // a none start: nothing would ever start it
    [InlineData("""<bpmn:subProcess id="es" triggeredByEvent="true"><bpmn:startEvent id="es_s"/>""" + Body + "</bpmn:subProcess>", "", "es", "gebeurtenissubproces-start")]
    // two starts
    [InlineData("""<bpmn:subProcess id="es" triggeredByEvent="true">""" + MessageStart + """<bpmn:startEvent id="es_s2"><bpmn:timerEventDefinition><bpmn:timeDuration>P1D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:startEvent><bpmn:sequenceFlow id="es_f2" sourceRef="es_s2" targetRef="es_e"/>""" + Body + "</bpmn:subProcess>", "", "es", "gebeurtenissubproces-start")]
    // a flow into it
    [InlineData("""<bpmn:subProcess id="es" triggeredByEvent="true">""" + MessageStart + Body + "</bpmn:subProcess>", """<bpmn:sequenceFlow id="in" sourceRef="t" targetRef="es"/>""", "es", "gebeurtenissubproces")]
    // a boundary event on it
    [InlineData("""<bpmn:subProcess id="es" triggeredByEvent="true">""" + MessageStart + Body + """</bpmn:subProcess><bpmn:boundaryEvent id="b" attachedToRef="es"><bpmn:timerEventDefinition><bpmn:timeDuration>P1D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent><bpmn:endEvent id="be"/>""", """<bpmn:sequenceFlow id="bf" sourceRef="b" targetRef="be"/>""", "b", "randgebeurtenis")]
    public void A_malformed_event_sub_process_is_refused_naming_the_element_and_rule(string eventSub, string extraFlows, string id, string rule)
    {
        var (document, problems) = BpmnReader.Validate(WithEventSub(eventSub, extraFlows));
        Assert.Null(document);
        Assert.Contains(problems, p => p.ElementId == id && p.Rule == rule);
    }

    [Fact]
    public void Only_an_event_sub_process_start_can_be_non_interrupting()
    {
        var xml = Process("p", $"""<bpmn:startEvent id="s" isInterrupting="false"/><bpmn:endEvent id="e"/>{Flow("s", "e")}""");
        var problem = Assert.Single(BpmnReader.Validate(xml).Problems);
        Assert.Equal(("s", "niet-onderbrekend"), (problem.ElementId, problem.Rule));
    }
}
