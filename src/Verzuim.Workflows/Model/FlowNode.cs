namespace Verzuim.Workflows.Model;

/// <summary>A node of a process graph: event, activity or gateway. Immutable after parsing.</summary>
public abstract class FlowNode
{
    public required string Id { get; init; }
    public string? Name { get; init; }
    /// <summary>The BPMN element's local name, e.g. "userTask"; reported in timelines.</summary>
    public required string BpmnType { get; init; }
    public string? Documentation { get; init; }
    /// <summary>The embedded sub-process this node lives in; null at process level.</summary>
    public SubProcess? Container { get; internal set; }
    public List<SequenceFlow> Incoming { get; } = [];
    public List<SequenceFlow> Outgoing { get; } = [];
    public List<BoundaryEvent> BoundaryEvents { get; } = [];
    /// <summary>Variable assignments applied when the node completes (verzuim:output).</summary>
    public IReadOnlyList<VariableMapping> Outputs { get; init; } = [];
    /// <summary>verzuim:stap: entering this node puts the case in that step of the protocol (e.g. "Stap 2").</summary>
    public string? Step { get; internal set; }

    public string DisplayName => string.IsNullOrWhiteSpace(Name) ? Id : Name!;
    public override string ToString() => $"{BpmnType} '{DisplayName}' ({Id})";
}

public sealed class StartEvent : FlowNode
{
    /// <summary>None start when null; otherwise a message or timer trigger.</summary>
    public EventDefinition? Trigger { get; init; }
    /// <summary>
    /// verzuim:condition on a message start event: a case opens only when this holds over the message data
    /// (e.g. a threshold on the attendance signals), so the rule stays visible in the model.
    /// </summary>
    public string? Condition { get; init; }
    /// <summary>Only meaningful on the start event of an event sub-process: true (the default) cancels the rest of the scope.</summary>
    public bool IsInterrupting { get; init; } = true;
}

public sealed class EndEvent : FlowNode
{
    /// <summary>None end when null; <see cref="TerminateEventDefinition"/> or <see cref="MessageEventDefinition"/>.</summary>
    public EventDefinition? Result { get; init; }
    public string? Payload { get; init; }
}

public sealed class IntermediateCatchEvent : FlowNode
{
    public required EventDefinition Trigger { get; init; }
}

public sealed class IntermediateThrowEvent : FlowNode
{
    /// <summary>A none throw event is a milestone; a message throw publishes.</summary>
    public MessageEventDefinition? Message { get; init; }
    public string? Payload { get; init; }
}

public sealed class BoundaryEvent : FlowNode
{
    public required string AttachedToId { get; init; }
    public FlowNode AttachedTo { get; internal set; } = null!;
    public bool CancelActivity { get; init; } = true;
    public required EventDefinition Trigger { get; init; }
}

/// <summary>bpmn:task and bpmn:manualTask: a step that is recorded but does no work.</summary>
public sealed class PassThroughTask : FlowNode;

public sealed class UserTask : FlowNode
{
    /// <summary>The role that may claim the task (literal, or "=expression" over the case variables).</summary>
    public string? CandidateRole { get; init; }
    /// <summary>A timer duration or date (literal, or "=expression") from the moment the task is created.</summary>
    public string? DueDate { get; init; }
    public IReadOnlyList<FormField> FormFields { get; init; } = [];
    /// <summary>verzuim:completeOn: messages that complete the open task as if done in the inbox.</summary>
    public IReadOnlyList<TaskCompletionMessage> CompleteOn { get; init; } = [];
    /// <summary>verzuim:bevestiging: the question the inbox asks before completing (e.g. "Hiermee gaat de zaak naar stap 2. Doorgaan?").</summary>
    public string? Confirmation { get; init; }
}

/// <summary>
/// A message that completes a user task (e.g. GesprekGehouden from the school's administration system) when
/// <see cref="Condition"/> holds over the message data and case variables; the message data is the task's result.
/// </summary>
public sealed record TaskCompletionMessage(MessageEventDefinition Message, string? Condition);

/// <summary>bpmn:sendTask, or bpmn:serviceTask with verzuim:message: publishes a message and moves on.</summary>
public sealed class SendTask : FlowNode
{
    public required MessageEventDefinition Message { get; init; }
    public string? Payload { get; init; }
}

public sealed class ReceiveTask : FlowNode
{
    public required MessageEventDefinition Message { get; init; }
}

public sealed class ExclusiveGateway : FlowNode
{
    public string? DefaultFlowId { get; init; }
}

public sealed class ParallelGateway : FlowNode;

/// <summary>Fork: every flow whose condition holds (else the default). Join: waits for every token that can still arrive.</summary>
public sealed class InclusiveGateway : FlowNode
{
    public string? DefaultFlowId { get; init; }
}

public sealed class EventBasedGateway : FlowNode;

public sealed class SubProcess : FlowNode
{
    public List<FlowNode> Nodes { get; } = [];
    /// <summary>The none start event; for an event sub-process its message or timer start.</summary>
    public StartEvent StartEvent { get; internal set; } = null!;
    /// <summary>
    /// An event sub-process (triggeredByEvent="true"): no flows in or out; it starts when its start event's
    /// message or timer happens while the enclosing scope (process or sub-process) is active.
    /// </summary>
    public bool TriggeredByEvent { get; init; }
    public IEnumerable<SubProcess> EventSubProcesses => Nodes.OfType<SubProcess>().Where(s => s.TriggeredByEvent);
}

public sealed class CallActivity : FlowNode
{
    public required string CalledProcessId { get; init; }
    /// <summary>Variables passed to the called process; all variables when empty.</summary>
    public IReadOnlyList<VariableMapping> Inputs { get; init; } = [];
}
