namespace Verzuim.Workflows.Stores;

public enum SubscriptionKind { Message, Timer, MessageStart, TimerStart }

/// <summary>
/// Something an instance (or, for start events, a definition) waits for. Indexed by (kind, message name,
/// correlation key) and by (kind, due) so finding the waiters never scans instances.
/// </summary>
public sealed class SubscriptionRecord
{
    public Guid Id { get; set; }
    public SubscriptionKind Kind { get; set; }
    public Guid? InstanceId { get; set; }
    /// <summary>The waiting token: the token at a catch event or receive task, the activity token for boundary events, the gateway token for event-based gateways.</summary>
    public string? TokenId { get; set; }
    /// <summary>The element that fires: catch event, receive task, boundary event, or start event.</summary>
    public required string ElementId { get; set; }
    public Guid? DefinitionId { get; set; }
    public string? MessageName { get; set; }
    /// <summary>Null: matches every message of the name.</summary>
    public string? CorrelationKey { get; set; }
    public DateTimeOffset? DueAt { get; set; }
    /// <summary>Timer cycles: how many times this timer fired already; the start instant the cycle counts from.</summary>
    public int Firing { get; set; }
    public DateTimeOffset? ActivatedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
