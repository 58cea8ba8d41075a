namespace Verzuim.Workflows.Stores;

/// <summary>A token that could not go on (failing expression, unknown called process, ...), with the reason. Retryable.</summary>
public sealed class IncidentRecord
{
    public Guid Id { get; set; }
    public Guid InstanceId { get; set; }
    public required string TokenId { get; set; }
    public required string ElementId { get; set; }
    public required string Reason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
}
