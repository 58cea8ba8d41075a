namespace Verzuim.Persistence;

public enum ErrorMessageStatus { Open, Replayed, Discarded }

/// <summary>
/// A message the inbound queue could not process, copied from the broker's error queue with the reason. The key is the
/// broker message id, so a redelivery (two hosts, a crash before the acknowledgement) never makes a second row.
/// <see cref="Body"/> is the original, kept only to offer it again and cleared once the message is handled.
/// </summary>
public sealed class ErrorMessageRecord
{
    public Guid Id { get; set; }
    /// <summary>Contract name (e.g. GesprekGehouden) when the envelope could be read.</summary>
    public string? MessageType { get; set; }
    public Guid? BerichtId { get; set; }
    public string? SchoolId { get; set; }
    public string? LeerlingId { get; set; }
    /// <summary>When the consumer gave up on it (MassTransit's fault timestamp), else when it was copied.</summary>
    public DateTimeOffset FailedAt { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public required string Reason { get; set; }
    public string? ExceptionType { get; set; }
    public string? Body { get; set; }
    public string? ContentType { get; set; }
    /// <summary>The row this message was offered again from, when a replay failed once more.</summary>
    public Guid? ReplayOf { get; set; }
    public ErrorMessageStatus Status { get; set; }
    public DateTimeOffset? HandledAt { get; set; }
    public string? HandledBy { get; set; }
    /// <summary>What was done: the discard reason, or the names of the corrected fields.</summary>
    public string? HandledNote { get; set; }
}
