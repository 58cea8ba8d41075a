namespace Verzuim.Workflows.Stores;

/// <summary>Ids of messages already applied: a redelivered message is recognised and ignored.</summary>
public sealed class ProcessedMessageRecord
{
    public Guid MessageId { get; set; }
    public required string MessageName { get; set; }
    public DateTimeOffset ProcessedAt { get; set; }
    /// <summary>How it ended: Correlated, Started, Buffered, Unmatched.</summary>
    public required string Outcome { get; set; }
}

/// <summary>A message nobody waited for yet, kept until it expires for a subscription that opens later.</summary>
public sealed class BufferedMessageRecord
{
    public Guid MessageId { get; set; }
    public required string MessageName { get; set; }
    public string? CorrelationKey { get; set; }
    public required string Payload { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}
