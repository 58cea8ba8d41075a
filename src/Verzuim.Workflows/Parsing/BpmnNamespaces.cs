using System.Xml.Linq;

namespace Verzuim.Workflows.Parsing;

public static class BpmnNamespaces
{
    public static readonly XNamespace Model = "http://www.omg.org/spec/BPMN/20100524/MODEL";
    public static readonly XNamespace Xsi = "http://www.w3.org/2001/XMLSchema-instance";
    /// <summary>Verzuim's own extension attributes and elements (documented in docs/bpmn-extensions.md).</summary>
    public static readonly XNamespace Verzuim = "urn:verzuim:bpmn:1";

    /// <summary>Diagram interchange and modeler metadata: layout only, never semantics, so they are skipped.</summary>
    public static readonly IReadOnlySet<XNamespace> Presentation = new HashSet<XNamespace>
    {
        "http://www.omg.org/spec/BPMN/20100524/DI",
        "http://www.omg.org/spec/DD/20100524/DC",
        "http://www.omg.org/spec/DD/20100524/DI",
        "http://bpmn.io/schema/bpmn/biocolor/1.0",
        "http://www.omg.org/spec/BPMN/non-normative/color/1.0",
        "http://camunda.org/schema/modeler/1.0",
    };

    private static readonly XNamespace Camunda = "http://camunda.org/schema/1.0/bpmn";
    private static readonly XNamespace Zeebe = "http://camunda.org/schema/zeebe/1.0";

    /// <summary>
    /// Attributes of other vendors that only tell the modeler which element template was applied: no execution
    /// meaning, so read past. Every other camunda:/zeebe: attribute (assignee, taskDefinition …) is refused.
    /// </summary>
    public static bool IsModelerMetadata(XName attribute) =>
        (attribute.Namespace == Camunda || attribute.Namespace == Zeebe)
        && attribute.LocalName is "modelerTemplate" or "modelerTemplateVersion" or "modelerTemplateIcon";
}
