namespace Verzuim.Workflows.Tests.Support;

/// <summary>Writes small BPMN files for tests: a process body plus the messages it uses.</summary>
public static class Bpmn
{
    public static string Process(string processId, string body, params string[] messages) =>
        Definitions($"""<bpmn:process id="{processId}" isExecutable="true">{body}</bpmn:process>""", messages);

    /// <summary>Messages as "Name" or "Name:keyExpression".</summary>
    public static string Definitions(string processes, params string[] messages)
    {
        var messageXml = string.Concat(messages.Select(m =>
        {
            var parts = m.Split(':', 2);
            var key = parts.Length == 2 ? $""" verzuim:correlationKey="{parts[1]}" """ : "";
            return $"""<bpmn:message id="Msg_{parts[0]}" name="{parts[0]}"{key}/>""";
        }));
        return $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:verzuim="urn:verzuim:bpmn:1"
                id="Defs" targetNamespace="http://verzuim/test">
              {messageXml}
              {processes}
            </bpmn:definitions>
            """;
    }

    public static string Flow(string from, string to, string? condition = null, string? id = null)
    {
        id ??= $"f_{from}_{to}";
        return condition is null
            ? $"""<bpmn:sequenceFlow id="{id}" sourceRef="{from}" targetRef="{to}"/>"""
            : $"""<bpmn:sequenceFlow id="{id}" sourceRef="{from}" targetRef="{to}"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">{System.Security.SecurityElement.Escape(condition)}</bpmn:conditionExpression></bpmn:sequenceFlow>""";
    }

    /// <summary>A timer definition: kind is timeDuration, timeDate or timeCycle.</summary>
    public static string Timer(string kind, string text) => $"""<bpmn:timerEventDefinition><bpmn:{kind}>{text}</bpmn:{kind}></bpmn:timerEventDefinition>""";

    /// <summary>A message event definition referring to a message that <see cref="Definitions"/> declared by name.</summary>
    public static string MessageRef(string name) => $"""<bpmn:messageEventDefinition messageRef="Msg_{name}"/>""";

    /// <summary>A chain of flows: Flows("a", "b", "c") = a→b, b→c.</summary>
    public static string Flows(params string[] chain) => string.Concat(chain.Zip(chain.Skip(1), (a, b) => Flow(a, b)));
}
