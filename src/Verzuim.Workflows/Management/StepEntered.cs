namespace Verzuim.Workflows.Management;

/// <summary>A moment the case entered a step of the protocol: the timeline row (instance, sequence) of the marked node the flow entered.</summary>
public sealed record StepEntered(Guid InstanceId, int Sequence, DateTimeOffset At, string ElementId, string Step);
