namespace Verzuim.Workflows.Model;

/// <summary>One executable bpmn:process, linked and validated.</summary>
public sealed class ProcessModel
{
    public required string Id { get; init; }
    public string? Name { get; init; }
    public string? Documentation { get; init; }
    /// <summary>Top-level nodes; sub-process children live in <see cref="SubProcess.Nodes"/>.</summary>
    public List<FlowNode> Nodes { get; } = [];
    public Dictionary<string, FlowNode> NodesById { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, SequenceFlow> FlowsById { get; } = new(StringComparer.Ordinal);

    public FlowNode Node(string id) => NodesById.TryGetValue(id, out var node)
        ? node : throw new KeyNotFoundException($"Element '{id}' bestaat niet in proces '{Id}'.");

    /// <summary>The none start event an instance begins at when started directly.</summary>
    public StartEvent? NoneStart => Nodes.OfType<StartEvent>().FirstOrDefault(s => s.Trigger is null);
    public IEnumerable<StartEvent> MessageStarts => Nodes.OfType<StartEvent>().Where(s => s.Trigger is MessageEventDefinition);
    /// <summary>Event sub-processes at process level: they listen while the instance runs.</summary>
    public IEnumerable<SubProcess> EventSubProcesses => Nodes.OfType<SubProcess>().Where(s => s.TriggeredByEvent);
    public IEnumerable<StartEvent> TimerStarts => Nodes.OfType<StartEvent>().Where(s => s.Trigger is TimerEventDefinition);
}

/// <summary>A parsed BPMN file: its executable processes, in document order.</summary>
public sealed record BpmnDocument(IReadOnlyList<ProcessModel> Processes);
