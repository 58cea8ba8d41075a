namespace Verzuim.Host.Messaging;

/// <summary>Configuration section "Messaging".</summary>
public sealed class MessagingOptions
{
    /// <summary>amqp://user:password@host:port/vhost; empty: MassTransit's in-memory transport (the embedded default).</summary>
    public string? RabbitMq { get; set; }
    /// <summary>The queue all inbound pupil events arrive on.</summary>
    public string InboundQueue { get; set; } = "verzuim-berichten";
    public TimeSpan OutboxPollInterval { get; set; } = TimeSpan.FromMilliseconds(500);
}
