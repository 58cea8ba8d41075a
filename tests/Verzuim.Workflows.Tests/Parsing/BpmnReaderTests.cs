using Verzuim.Workflows.Model;
using Verzuim.Workflows.Parsing;
using static Verzuim.Workflows.Tests.Support.Bpmn;

namespace Verzuim.Workflows.Tests.Parsing;

[Trait("Category", "Unit")]
public sealed class BpmnReaderTests
{
    private static BpmnProblem OnlyProblem(string xml)
    {
        var (document, problems) = BpmnReader.Validate(xml);
        Assert.Null(document);
        return Assert.Single(problems);
    }

    [Fact]
    public void Reads_a_file_as_bpmn_js_writes_it_with_diagram_interchange_lanes_and_documentation()
    {
        const string xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
              xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI"
              xmlns:modeler="http://camunda.org/schema/modeler/1.0" xmlns:verzuim="urn:verzuim:bpmn:1"
              id="Definitions_1" targetNamespace="http://bpmn.io/schema/bpmn" exporter="Camunda Modeler" exporterVersion="5.30.0" modeler:executionPlatform="Camunda Platform">
              <bpmn:collaboration id="Collab"><bpmn:participant id="Pool" name="School" processRef="school"/></bpmn:collaboration>
              <bpmn:process id="school" isExecutable="true">
                <bpmn:documentation>Seed 003, stap 1</bpmn:documentation>
                <bpmn:laneSet id="ls"><bpmn:lane id="lane1" name="Mentor"><bpmn:flowNodeRef>start</bpmn:flowNodeRef></bpmn:lane></bpmn:laneSet>
                <bpmn:startEvent id="start" name="Zorg over verzuim"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
                <bpmn:userTask id="gesprek" name="Gesprek" verzuim:candidateRole="mentor"><bpmn:documentation>Seed 003: de mentor voert het gesprek.</bpmn:documentation><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:userTask>
                <bpmn:endEvent id="einde"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
                <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="gesprek"/>
                <bpmn:sequenceFlow id="f2" sourceRef="gesprek" targetRef="einde"/>
                <bpmn:textAnnotation id="ann"><bpmn:text>Let op</bpmn:text></bpmn:textAnnotation>
                <bpmn:association id="as" sourceRef="gesprek" targetRef="ann"/>
              </bpmn:process>
              <bpmndi:BPMNDiagram id="d"><bpmndi:BPMNPlane id="pl" bpmnElement="Collab">
                <bpmndi:BPMNShape id="start_di" bpmnElement="start"><dc:Bounds x="1" y="2" width="36" height="36"/></bpmndi:BPMNShape>
              </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
            </bpmn:definitions>
            """;
        var process = Assert.Single(BpmnReader.Parse(xml).Processes);
        Assert.Equal("school", process.Id);
        Assert.Equal("Seed 003, stap 1", process.Documentation);
        var task = Assert.IsType<UserTask>(process.Node("gesprek"));
        Assert.Equal("mentor", task.CandidateRole);
        Assert.Equal("Seed 003: de mentor voert het gesprek.", task.Documentation);
        Assert.Same(process.Node("einde"), task.Outgoing.Single().Target);
    }

    [Theory]
    [InlineData("<bpmn:scriptTask id=\"x\" name=\"Script\"/>", "x", "niet-ondersteund", "Scripttaken")]
    [InlineData("<bpmn:complexGateway id=\"x\"/>", "x", "niet-ondersteund", "gateway")]
    [InlineData("<bpmn:userTask id=\"x\"><bpmn:multiInstanceLoopCharacteristics/></bpmn:userTask>", "x", "niet-ondersteund", "Meervoudige")]
    [InlineData("<bpmn:intermediateCatchEvent id=\"x\"><bpmn:signalEventDefinition/></bpmn:intermediateCatchEvent>", "x", "gebeurtenistype", "signalEventDefinition")]
    [InlineData("<bpmn:userTask id=\"x\" camunda:assignee=\"jan\" xmlns:camunda=\"http://camunda.org/schema/1.0/bpmn\"/>", "x", "niet-ondersteund", "assignee")]
    [InlineData("<bpmn:userTask id=\"x\" verzuim:kandidaat=\"mentor\"/>", "x", "niet-ondersteund", "kandidaat")]
    [InlineData("<bpmn:intermediateCatchEvent id=\"x\"><bpmn:timerEventDefinition><bpmn:timeDuration>drie weken</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>", "x", "timer-formaat", "drie weken")]
    [InlineData("<bpmn:userTask id=\"x\" verzuim:dueDate=\"morgen\"/>", "x", "timer-formaat", "morgen")]
    [InlineData("<bpmn:userTask id=\"x\"><bpmn:extensionElements><camunda:properties xmlns:camunda=\"http://camunda.org/schema/1.0/bpmn\"/></bpmn:extensionElements></bpmn:userTask>", "x", "niet-ondersteund", "Extensie")]
    public void Unsupported_elements_and_attributes_are_refused_naming_the_element_and_rule(string element, string id, string rule, string mentions)
    {
        var xml = Process("p", $"""<bpmn:startEvent id="s"/>{element}<bpmn:endEvent id="e"/>{Flows("s", id, "e")}""");
        var problem = OnlyProblem(xml);
        Assert.Equal(id, problem.ElementId);
        Assert.Equal(rule, problem.Rule);
        Assert.Contains(mentions, problem.Message);
    }

    [Fact]
    public void A_condition_that_is_not_javascript_is_refused_with_the_flow_id()
    {
        var xml = Process("p", $"""
            <bpmn:startEvent id="s"/><bpmn:exclusiveGateway id="g" default="d"/><bpmn:endEvent id="a"/><bpmn:endEvent id="b"/>
            {Flow("s", "g")}{Flow("g", "a", "uren >= = 16", id: "kapot")}{Flow("g", "b", id: "d")}
            """);
        var problem = OnlyProblem(xml);
        Assert.Equal(("kapot", "expressie"), (problem.ElementId, problem.Rule));
    }

    [Fact]
    public void Exclusive_gateway_flows_without_a_condition_must_be_the_default()
    {
        var xml = Process("p", $"""
            <bpmn:startEvent id="s"/><bpmn:exclusiveGateway id="g" name="Hersteld?"/><bpmn:endEvent id="a"/><bpmn:endEvent id="b"/>
            {Flow("s", "g")}{Flow("g", "a", "hersteld")}{Flow("g", "b", id: "zonder")}
            """);
        var problem = OnlyProblem(xml);
        Assert.Equal(("zonder", "voorwaarde-ontbreekt"), (problem.ElementId, problem.Rule));
        Assert.Contains("Hersteld?", problem.Message);
    }

    [Fact]
    public void Graph_mistakes_are_reported_together()
    {
        var xml = Process("p", $"""
            <bpmn:startEvent id="s"/><bpmn:userTask id="los" name="Losse taak"/><bpmn:userTask id="doodlopend"/>
            <bpmn:boundaryEvent id="b" attachedToRef="bestaat-niet"><bpmn:timerEventDefinition><bpmn:timeDuration>P1D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
            <bpmn:endEvent id="e"/>{Flows("s", "doodlopend")}{Flow("los", "e")}{Flow("b", "e")}
            """);
        var (_, problems) = BpmnReader.Validate(xml);
        Assert.Contains(problems, p => p is { ElementId: "los", Rule: "bereikbaar", ElementName: "Losse taak" });
        Assert.Contains(problems, p => p is { ElementId: "doodlopend", Rule: "uitgang" });
        Assert.Contains(problems, p => p is { ElementId: "b", Rule: "randgebeurtenis" });
    }

    [Fact]
    public void A_message_reference_must_name_a_message_of_the_file()
    {
        var xml = Process("p", $"""<bpmn:startEvent id="s"/><bpmn:receiveTask id="r" messageRef="Msg_Onbekend"/><bpmn:endEvent id="e"/>{Flows("s", "r", "e")}""");
        var problem = OnlyProblem(xml);
        Assert.Equal(("r", "bericht-verwijzing"), (problem.ElementId, problem.Rule));
        Assert.Contains("Msg_Onbekend", problem.Message);
    }

    [Fact]
    public void Flows_may_not_cross_a_sub_process_border_and_ids_must_be_unique()
    {
        var xml = Process("p", $"""
            <bpmn:startEvent id="s"/>
            <bpmn:subProcess id="sub"><bpmn:startEvent id="s2"/><bpmn:endEvent id="e2"/>{Flow("s2", "e2")}</bpmn:subProcess>
            <bpmn:endEvent id="e"/>{Flows("s", "sub", "e")}{Flow("s", "e2", id: "kruist")}
            <bpmn:endEvent id="sub"/>
            """);
        var (_, problems) = BpmnReader.Validate(xml);
        Assert.Contains(problems, p => p is { ElementId: "kruist", Rule: "stroom-eindpunt" });
        Assert.Contains(problems, p => p is { ElementId: "sub", Rule: "id-uniek" });
    }

    [Fact]
    public void A_sub_process_as_bpmn_js_saves_it_lists_its_own_incoming_and_outgoing_flows()
    {
        var xml = Process("p", $"""
            <bpmn:startEvent id="s"><bpmn:outgoing>f_s_sub</bpmn:outgoing></bpmn:startEvent>
            <bpmn:subProcess id="sub"><bpmn:incoming>f_s_sub</bpmn:incoming><bpmn:outgoing>f_sub_e</bpmn:outgoing>
              <bpmn:startEvent id="s2"/><bpmn:endEvent id="e2"/>{Flow("s2", "e2")}
            </bpmn:subProcess>
            <bpmn:endEvent id="e"><bpmn:incoming>f_sub_e</bpmn:incoming></bpmn:endEvent>{Flows("s", "sub", "e")}
            """);
        var sub = Assert.IsType<SubProcess>(Assert.Single(BpmnReader.Parse(xml).Processes).Node("sub"));
        Assert.Equal(2, sub.Nodes.Count);
    }

    [Fact]
    public void Malformed_xml_names_the_line()
    {
        var problem = OnlyProblem("<bpmn:definitions xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\">\n<bpmn:process id=\"p\">\n</bpmn:definitions>");
        Assert.Equal("xml", problem.Rule);
        Assert.Contains("regel 3", problem.Message);
    }

    [Fact]
    public void Validation_exception_lists_every_problem_with_element_and_rule()
    {
        var xml = Process("p", $"""<bpmn:startEvent id="s"/><bpmn:scriptTask id="x" name="Rekenen"/><bpmn:endEvent id="e"/>{Flows("s", "x", "e")}""");
        var e = Assert.Throws<BpmnValidationException>(() => BpmnReader.Parse(xml));
        Assert.Contains("x 'Rekenen' [niet-ondersteund]", e.Message);
    }
}
