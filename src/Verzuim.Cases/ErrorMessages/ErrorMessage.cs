using Verzuim.Persistence;
using StoredStatus = Verzuim.Persistence.ErrorMessageStatus;

namespace Verzuim.Cases.ErrorMessages;

public enum ErrorMessageStatus { Open, Replayed, Discarded }

/// <summary>
/// A message the inbound queue could not process, copied from the broker's error queue with the reason. The id is the
/// broker message id, so a redelivery (two hosts, a crash before the acknowledgement) never makes a second one.
/// <see cref="Body"/> is the original, kept only to offer it again and cleared once the message is handled.
/// </summary>
public sealed record ErrorMessage
{
    public Guid Id { get; init; }
    /// <summary>Contract name (e.g. GesprekGehouden) when the envelope could be read.</summary>
    public string? MessageType { get; init; }
    public Guid? BerichtId { get; init; }
    public string? SchoolId { get; init; }
    public string? LeerlingId { get; init; }
    /// <summary>When the consumer gave up on it (MassTransit's fault timestamp), else when it was copied.</summary>
    public DateTimeOffset FailedAt { get; init; }
    public DateTimeOffset ReceivedAt { get; init; }
    public required string Reason { get; init; }
    public string? ExceptionType { get; init; }
    public string? Body { get; init; }
    public string? ContentType { get; init; }
    /// <summary>The message this one was offered again from, when a replay failed once more.</summary>
    public Guid? ReplayOf { get; init; }
    public ErrorMessageStatus Status { get; init; }
    public DateTimeOffset? HandledAt { get; init; }
    public string? HandledBy { get; init; }
    /// <summary>What was done: the discard reason, or the names of the corrected fields.</summary>
    public string? HandledNote { get; init; }

    internal static ErrorMessage From(ErrorMessageRecord r) => new()
    {
        Id = r.Id, MessageType = r.MessageType, BerichtId = r.BerichtId, SchoolId = r.SchoolId, LeerlingId = r.LeerlingId, FailedAt = r.FailedAt,
        ReceivedAt = r.ReceivedAt, Reason = r.Reason, ExceptionType = r.ExceptionType, Body = r.Body, ContentType = r.ContentType, ReplayOf = r.ReplayOf,
        Status = Of(r.Status), HandledAt = r.HandledAt, HandledBy = r.HandledBy, HandledNote = r.HandledNote,
    };

    internal ErrorMessageRecord ToRecord() => new()
    {
        Id = Id, MessageType = MessageType, BerichtId = BerichtId, SchoolId = SchoolId, LeerlingId = LeerlingId, FailedAt = FailedAt,
        ReceivedAt = ReceivedAt, Reason = Reason, ExceptionType = ExceptionType, Body = Body, ContentType = ContentType, ReplayOf = ReplayOf,
        Status = Stored(Status), HandledAt = HandledAt, HandledBy = HandledBy, HandledNote = HandledNote,
    };

    internal static ErrorMessageStatus Of(StoredStatus status) => status switch
    {
        StoredStatus.Open => ErrorMessageStatus.Open,
        StoredStatus.Replayed => ErrorMessageStatus.Replayed,
        StoredStatus.Discarded => ErrorMessageStatus.Discarded,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Onbekende status van een foutbericht."),
    };

    internal static StoredStatus Stored(ErrorMessageStatus status) => status switch
    {
        ErrorMessageStatus.Open => StoredStatus.Open,
        ErrorMessageStatus.Replayed => StoredStatus.Replayed,
        ErrorMessageStatus.Discarded => StoredStatus.Discarded,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Onbekende status van een foutbericht."),
    };
}
