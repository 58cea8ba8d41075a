namespace Verzuim.Workflows.Stores;

/// <summary>A message the engine publishes, written in the same transaction as the step that sends it; a dispatcher sends it after commit.</summary>
public sealed class OutboxRecord
{
    /// <summary>Publishing order: messages go out in the order the engine wrote them.</summary>
    public long Position { get; set; }
    /// <summary>The message id receivers deduplicate on.</summary>
    public Guid Id { get; set; }
    public Guid InstanceId { get; set; }
    public required string MessageName { get; set; }
    public string? CorrelationKey { get; set; }
    public required string Payload { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DispatchedAt { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
}
