using Verzuim.Workflows.Parsing;
using static Verzuim.Workflows.Tests.Support.Bpmn;

namespace Verzuim.Workflows.Tests.Parsing;

/// <summary>Files from other modelers: presentation metadata is read past, refusals name the element that carries the problem.</summary>
[Trait("Category", "Unit")]
public sealed class ForeignModelerTests
{
    private const string Vendors = """xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:bioc="http://bpmn.io/schema/bpmn/biocolor/1.0" xmlns:color="http://www.omg.org/spec/BPMN/non-normative/color/1.0" """;

    private static string Task(string task) => Process("p", $"""<bpmn:startEvent id="s"/>{task}<bpmn:endEvent id="e"/>{Flows("s", "x", "e")}""")
        .Replace("xmlns:verzuim=", Vendors + "xmlns:verzuim=", StringComparison.Ordinal);

    private static BpmnProblem OnlyProblem(string xml) => Assert.Single(BpmnReader.Validate(xml).Problems);

    [Fact]
    public void Element_templates_and_colours_are_modeler_metadata_and_read_past()
    {
        var xml = Task("""<bpmn:userTask id="x" camunda:modelerTemplate="nl.verzuim.gesprek" camunda:modelerTemplateVersion="2" zeebe:modelerTemplate="t" zeebe:modelerTemplateVersion="1" zeebe:modelerTemplateIcon="data:image/svg+xml,x" bioc:stroke="#1e88e5" bioc:fill="#bbdefb" color:background-color="#bbdefb" color:border-color="#1e88e5"/>""");
        Assert.Empty(BpmnReader.Validate(xml).Problems);
    }

    [Fact]
    public void A_vendor_attribute_with_execution_meaning_is_still_refused()
    {
        var problem = OnlyProblem(Task("""<bpmn:userTask id="x" zeebe:formKey="gesprek"/>"""));
        Assert.Equal(("x", "niet-ondersteund"), (problem.ElementId, problem.Rule));
        Assert.Contains("formKey", problem.Message);
    }

    [Theory]
    [InlineData("""<bpmn:userTask id="x" name="Gesprek"><bpmn:standardLoopCharacteristics id="loop_1"/></bpmn:userTask>""", "Lusmarkering")]
    [InlineData("""<bpmn:userTask id="x"><bpmn:multiInstanceLoopCharacteristics isSequential="true"><bpmn:loopCardinality>3</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics></bpmn:userTask>""", "Meervoudige")]
    [InlineData("""<bpmn:userTask id="x"><bpmn:ioSpecification><bpmn:inputSet/><bpmn:outputSet/></bpmn:ioSpecification></bpmn:userTask>""", "Data-associaties")]
    [InlineData("""<bpmn:subProcess id="x"><bpmn:multiInstanceLoopCharacteristics/><bpmn:startEvent id="xs"/><bpmn:endEvent id="xe"/><bpmn:sequenceFlow id="xf" sourceRef="xs" targetRef="xe"/></bpmn:subProcess>""", "Meervoudige")]
    public void A_marker_without_an_id_is_named_by_the_task_or_sub_process_it_sits_on(string element, string mentions)
    {
        var problem = OnlyProblem(Task(element));
        Assert.Equal(("x", "niet-ondersteund"), (problem.ElementId, problem.Rule));
        Assert.Contains(mentions, problem.Message);
    }

    [Fact]
    public void A_data_specification_on_the_process_is_named_by_the_process()
    {
        var xml = Process("p", $"""<bpmn:ioSpecification><bpmn:inputSet/><bpmn:outputSet/></bpmn:ioSpecification><bpmn:startEvent id="s"/><bpmn:endEvent id="e"/>{Flow("s", "e")}""");
        var problem = OnlyProblem(xml);
        Assert.Equal(("p", "niet-ondersteund"), (problem.ElementId, problem.Rule));
    }

    [Theory]
    [InlineData("""<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=uren &gt;= 16</bpmn:conditionExpression>""", "FEEL")]
    [InlineData("""<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" language="feel">uren &gt;= 16</bpmn:conditionExpression>""", "FEEL")]
    [InlineData("""<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" language="https://www.omg.org/spec/DMN/20191111/FEEL/">uren &gt;= 16</bpmn:conditionExpression>""", "FEEL")]
    [InlineData("""<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${uren &gt;= 16}</bpmn:conditionExpression>""", "JUEL")]
    public void A_condition_in_another_engines_language_is_named_as_that_language(string condition, string language)
    {
        var xml = Process("p", $"""
            <bpmn:startEvent id="s"/><bpmn:exclusiveGateway id="g" default="d"/><bpmn:endEvent id="a"/><bpmn:endEvent id="b"/>
            {Flow("s", "g")}<bpmn:sequenceFlow id="c" sourceRef="g" targetRef="a">{condition}</bpmn:sequenceFlow>{Flow("g", "b", id: "d")}
            """);
        var problem = OnlyProblem(xml);
        Assert.Equal(("c", "expressietaal"), (problem.ElementId, problem.Rule));
        Assert.Contains(language, problem.Message);
    }
}
