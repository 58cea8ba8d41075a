namespace Verzuim.Host.Messaging;

/// <summary>Configuration section "Messaging".</summary>
public sealed class MessagingOptions
{
    /// <summary>amqp://user:password@host:port/vhost; empty: MassTransit's in-memory transport (the embedded default).</summary>
    public string? RabbitMq { get; set; }
    /// <summary>The queue all inbound pupil events arrive on.</summary>
    public string InboundQueue { get; set; } = "verzuim-berichten";
    /// <summary>At most this many inbound events in one transaction (<see cref="InboundBatcher"/>); 1: one per transaction.</summary>
    public int InboundBatchSize { get; set; } = 50;
    /// <summary>Batches applied at the same time by one host (each its own transaction).</summary>
    public int InboundBatchWorkers { get; set; } = 2;
    /// <summary>Inbound messages the consumers hold at once; a batch holds at most what they hold.</summary>
    public int InboundPrefetch { get; set; } = 100;
    public TimeSpan OutboxPollInterval { get; set; } = TimeSpan.FromMilliseconds(500);
}
