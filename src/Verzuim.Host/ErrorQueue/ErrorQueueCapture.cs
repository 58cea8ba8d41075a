using System.Security.Cryptography;
using System.Text;
using MassTransit;
using Verzuim.Cases.ErrorMessages;
using Verzuim.Workflows.Stores;
using Verzuim.Workflows.Time;

namespace Verzuim.Host.ErrorQueue;

/// <summary>
/// The receive step of the inbound queue's error queue: each message MassTransit moved there is copied into
/// error_messages with its reason, before any deserialization (a malformed body is kept as well). The step never
/// passes the message on, so the transport acknowledges it only after the row is committed; a store that cannot be
/// reached throws, and the broker keeps the message for the next attempt. The row's key is the broker message id:
/// a redelivery to this or another host finds the row and changes nothing.
/// </summary>
public sealed class ErrorQueueCapture(ErrorMessageStore store, IClock clock, ILogger<ErrorQueueCapture> logger) : IFilter<ReceiveContext>
{
    /// <summary>Set on a message offered again from the screen: the row it came from, so a new failure points back to it.</summary>
    public const string ReplayOfHeader = "Verzuim-ReplayOf";

    public async Task Send(ReceiveContext context, IPipe<ReceiveContext> next)
    {
        var ct = context.CancellationToken;
        var record = Read(context, clock.UtcNow);
        try
        {
            if (!await store.CaptureAsync(record, ct)) return; // stored before: a redelivery, or another host was first
            logger.LogWarning("Message {MessageId} ({MessageType}, bericht {BerichtId}) from the error queue stored for the beheerder: {Reason}",
                record.Id, record.MessageType ?? "onbekend type", record.BerichtId, record.Reason);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Message {MessageId} from the error queue could not be stored; it stays on the queue", record.Id);
            // the broker redelivers at once: a pause keeps a store outage from becoming a busy loop
            await Task.Delay(TimeSpan.FromSeconds(2), ct);
            throw;
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("verzuimErrorQueueCapture");

    internal static ErrorMessage Read(ReceiveContext context, DateTimeOffset now)
    {
        var headers = context.TransportHeaders;
        var body = context.Body.GetString();
        var envelope = ErrorEnvelope.Parse(body);
        var failedAt = DateTimeOffset.TryParse(headers.Get<string>(MessageHeaders.FaultTimestamp), out var at) ? at.ToUniversalTime() : now;
        var reason = headers.Get<string>(MessageHeaders.FaultMessage) is { Length: > 0 } fault ? fault : "(MassTransit gaf geen reden mee)";
        return new ErrorMessage
        {
            Id = context.GetMessageId() ?? envelope.MessageId ?? DerivedId(body, headers.Get<string>(MessageHeaders.FaultTimestamp)),
            MessageType = envelope.MessageType ?? ErrorEnvelope.ContractName(headers.Get<string>(MessageHeaders.FaultMessageType)),
            BerichtId = envelope.BerichtId,
            SchoolId = envelope.SchoolId,
            LeerlingId = envelope.LeerlingId,
            FailedAt = failedAt,
            ReceivedAt = now,
            // a refusal may quote what it refused: never a BSN or a diagnosis in the store
            Reason = Privacy.FreeTextGuard.Redact(reason.Length > 4000 ? reason[..4000] : reason),
            ExceptionType = Truncate(headers.Get<string>(MessageHeaders.FaultExceptionType), 200),
            Body = envelope.StoredBody,
            ContentType = Truncate(context.ContentType?.MediaType, 100),
            ReplayOf = Guid.TryParse(headers.Get<string>(ReplayOfHeader), out var of) ? of : null,
            Status = ErrorMessageStatus.Open,
        };
    }

    // a message without any id (a raw publish): the same bytes that failed at the same moment are the same message
    private static Guid DerivedId(string body, string? faultTimestamp) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes(faultTimestamp + "\n" + body)).AsSpan(0, 16));

    private static string? Truncate(string? text, int max) => text is { Length: > 0 } ? text.Length > max ? text[..max] : text : null;
}
