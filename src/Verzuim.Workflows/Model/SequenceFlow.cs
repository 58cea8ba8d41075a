namespace Verzuim.Workflows.Model;

public sealed class SequenceFlow
{
    public required string Id { get; init; }
    public string? Name { get; init; }
    public required string SourceId { get; init; }
    public required string TargetId { get; init; }
    /// <summary>A JavaScript expression over the case variables; only on flows leaving an exclusive gateway.</summary>
    public string? Condition { get; init; }
    public FlowNode Source { get; internal set; } = null!;
    public FlowNode Target { get; internal set; } = null!;
}
