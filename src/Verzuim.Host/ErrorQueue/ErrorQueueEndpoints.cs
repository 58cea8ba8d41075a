using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Verzuim.Cases.ErrorMessages;
using Verzuim.Contracts;
using Verzuim.Host.Audit;
using Verzuim.Host.Auth;
using Verzuim.Host.Messaging;
using Verzuim.Host.Privacy;
using Verzuim.Workflows.Management;
using Verzuim.Workflows.Stores;
using Verzuim.Workflows.Time;

namespace Verzuim.Host.ErrorQueue;

/// <summary>
/// Messages the inbound queue could not process, for the beheerder: list and detail (the reason and the message with its
/// free text hidden), offer again (optionally corrected; berichtId stays, so the engine still recognises a message it
/// already applied) or discard with a reason. Each action is audited; a handled row keeps who, when and what, and no longer the body.
/// </summary>
public static class ErrorQueueEndpoints
{
    private static readonly TimeSpan OutcomeWait = TimeSpan.FromSeconds(10);

    public static IEndpointRouteBuilder MapErrorQueue(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/foutberichten").RequireAuthorization(Policies.ErrorQueue).WithTags("Foutberichten");

        group.MapGet("/", async ([AsParameters] ErrorQueueFilter filter, ErrorMessageStore store, CancellationToken ct) =>
        {
            var rows = await store.ListAsync(Query(filter), ct);
            return rows.Select(r => Summary(r, ErrorMessageRedaction.For(r.Body))).ToList();
        }).Audited(AuditLog.ErrorMessagesListed)
          .WithSummary("Foutberichten (standaard de open, oudste eerst); filter op type, schoolId, status (open, afgehandeld, alle) en van/tot (kalenderdagen, JJJJ-MM-DD, inclusief)");

        group.MapGet("/{id:guid}", async (Guid id, ErrorMessageStore store, IMessageQueries messages, ICaseQueries cases, CancellationToken ct) =>
        {
            var row = await store.FindAsync(id, ct) ?? throw NotFound(id);
            var view = ErrorMessageRedaction.For(row.Body);
            var summary = Summary(row, view);
            var processed = row.BerichtId is { } bericht ? await messages.ProcessedAsync(bericht, ct) : null;
            var again = (await store.ReplaysOfAsync(id, ct)).Select(e => new { id = e.Id, mislukt = e.FailedAt }).ToList();
            return new
            {
                summary.id, summary.type, summary.berichtId, summary.schoolId, summary.leerlingId, summary.mislukt, summary.ontvangen,
                summary.reden, summary.status, summary.afgehandeldOp, summary.afgehandeldDoor, summary.afhandeling, summary.opnieuwVan,
                uitzondering = row.ExceptionType,
                leesbaar = view.Bericht is not null,
                bericht = view.Bericht,
                verborgen = view.Verborgen,
                velden = row.MessageType is { } type && MessageNames.Types.TryGetValue(type, out var contract) ? FieldNames(contract) : [],
                verwerking = processed is null ? null : new { uitkomst = processed.Outcome, op = processed.ProcessedAt },
                opnieuwMislukt = again,
                zaken = await CasesAsync(cases, row.LeerlingId, row.SchoolId, ct),
            };
        }).Audited(AuditLog.ErrorMessageRead).WithSummary("Eén foutbericht: de reden en het bericht zonder vrije tekst");

        group.MapPost("/{id:guid}/opnieuw", async (Guid id, [FromBody] ReplayRequest? body, ErrorMessageStore store, IMessageQueries messages, ICaseQueries cases,
            ISendEndpointProvider bus, IOptions<MessagingOptions> messaging, AuditLog audit, Caller caller, IClock clock, CancellationToken ct) =>
        {
            var row = await store.FindAsync(id, ct) ?? throw NotFound(id);
            EnsureOpen(row);
            var (message, corrected, refusal) = Build(row, body);
            if (refusal is not null)
            {
                await audit.WriteAsync(AuditLog.ErrorMessageReplayed, schoolId: row.SchoolId, detail: $"{Describe(row)}; geweigerd: {refusal}", result: AuditLog.Refused, ct: ct);
                return Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Het bericht kan zo niet opnieuw worden aangeboden", detail: refusal);
            }
            var applied = await messages.ProcessedAsync(message!.BerichtId, ct);
            var type = message!.GetType();
            // sent before the row is marked: a failure in between leaves the row open, and a second offer is a duplicate the engine ignores
            // the queue's own exchange: a "queue:" address would declare the quorum queue again as a classic one, which RabbitMQ refuses
            var endpoint = await bus.GetSendEndpoint(new Uri($"exchange:{messaging.Value.InboundQueue}"));
            await endpoint.Send(message, type, Pipe.Execute<SendContext>(c => c.Headers.Set(ErrorQueueCapture.ReplayOfHeader, row.Id.ToString())), ct);

            var note = corrected.Count > 0 ? $"gecorrigeerd: {string.Join(", ", corrected)}" : "ongewijzigd";
            // names only: the values may be personal, and the case holds them once applied; the entry commits with the row's change
            if (!await store.HandleAsync(row.Id, ErrorMessageStatus.Replayed, caller.UserName, clock.UtcNow, note,
                    audit.Entry(AuditLog.ErrorMessageReplayed, schoolId: message.SchoolId, detail: $"{Describe(row)}; {note}"), ct))
                EnsureOpen(await store.FindAsync(row.Id, ct) ?? row);
            return Results.Ok(await OutcomeAsync(store, messages, cases, row.Id, message, applied, ct));
        }).WithSummary("Het bericht opnieuw op de inkomende wachtrij zetten, desgewenst met een correctie ({ correctie: { veld: waarde }, berichtType }); wacht tot 10 s op de uitkomst");

        group.MapPost("/{id:guid}/verwijderen", async (Guid id, [FromBody] DiscardRequest? body, ErrorMessageStore store, AuditLog audit, Caller caller,
            IClock clock, CancellationToken ct) =>
        {
            var row = await store.FindAsync(id, ct) ?? throw NotFound(id);
            EnsureOpen(row);
            var reason = body?.Reden?.Trim();
            var refusal = string.IsNullOrEmpty(reason) ? "Geef een reden op ('reden'): waarom dit bericht niet meer verwerkt hoeft te worden."
                : reason.Length > MaxReason ? $"De reden is langer dan {MaxReason} tekens ({reason.Length})."
                : FreeTextGuard.Refusal("reden", reason);
            if (refusal is not null)
            {
                await audit.WriteAsync(AuditLog.ErrorMessageDiscarded, schoolId: row.SchoolId, detail: $"{Describe(row)}; geweigerd: {refusal}", result: AuditLog.Refused, ct: ct);
                return Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Het bericht is niet verwijderd", detail: refusal);
            }
            if (!await store.HandleAsync(row.Id, ErrorMessageStatus.Discarded, caller.UserName, clock.UtcNow, reason,
                    audit.Entry(AuditLog.ErrorMessageDiscarded, schoolId: row.SchoolId, detail: $"{Describe(row)}; reden: {reason}"), ct))
                EnsureOpen(await store.FindAsync(row.Id, ct) ?? row);
            return Results.NoContent();
        }).WithSummary("Het bericht niet meer verwerken ({ reden }); de regel blijft met wie, wanneer en waarom, zonder het bericht zelf");
        return app;
    }

    private const int MaxReason = 500;

    /// <summary>The message to offer again: the original with the correction on top, checked as an inbound message is; or why not.</summary>
    private static (IPupilEvent? Message, List<string> Corrected, string? Refusal) Build(ErrorMessage row, ReplayRequest? body)
    {
        var typeName = string.IsNullOrWhiteSpace(body?.BerichtType) ? row.MessageType : body!.BerichtType!.Trim();
        if (typeName is null || !MessageNames.Inbound.Contains(typeName, StringComparer.Ordinal))
            return (null, [], typeName is null
                ? $"Het berichttype is onbekend; geef 'berichtType' mee: een van {string.Join(", ", MessageNames.Inbound)}."
                : $"'{typeName}' is geen inkomend bericht; bekend: {string.Join(", ", MessageNames.Inbound)}.");
        var contract = MessageNames.Types[typeName];
        var original = ErrorEnvelope.MessageOf(row.Body);
        var correction = body?.Correctie;
        if (original is null && correction is not { Count: > 0 })
            return (null, [], "Het oorspronkelijke bericht is geen leesbaar JSON-object; geef in 'correctie' het hele bericht.");

        var fields = FieldNames(contract);
        var merged = original?.DeepClone().AsObject() ?? [];
        var corrected = new List<string>();
        foreach (var (name, value) in correction ?? [])
        {
            var field = fields.FirstOrDefault(f => string.Equals(f, name, StringComparison.OrdinalIgnoreCase));
            if (field is null) return (null, [], $"'{name}' is geen veld van {typeName}; velden: {string.Join(", ", fields)}.");
            // the engine recognises a message it already applied by its berichtId: a new id would apply it twice
            if (field == "berichtId" && row.BerichtId is not null)
                return (null, [], "'berichtId' kan niet worden gecorrigeerd: daaraan herkent Verzuim een bericht dat al verwerkt is.");
            foreach (var same in merged.Select(p => p.Key).Where(k => string.Equals(k, field, StringComparison.OrdinalIgnoreCase)).ToList()) merged.Remove(same);
            if (value is not null) merged[field] = value.DeepClone();
            corrected.Add(field);
        }

        IPupilEvent message;
        try { message = (IPupilEvent)(merged.Deserialize(contract, ContractJson.Options) ?? throw new JsonException("leeg bericht")); }
        catch (JsonException e) { return (null, [], $"{typeName} past niet op het contract: {e.Message}"); }
        try { PupilEventValidation.Validate(message); }
        catch (InvalidPupilEventException e) { return (null, [], e.Message); }
        return (message, corrected, null);
    }

    /// <summary>Up to <see cref="OutcomeWait"/>: the engine's outcome for the berichtId, or the new error row of this offer.</summary>
    private static async Task<object> OutcomeAsync(ErrorMessageStore store, IMessageQueries messages, ICaseQueries cases, Guid rowId, IPupilEvent message,
        ProcessedMessage? applied, CancellationToken ct)
    {
        if (applied is not null)
            return new { status = "al-verwerkt", uitkomst = applied.Outcome, verwerktOp = (DateTimeOffset?)applied.ProcessedAt, foutberichtId = (Guid?)null, zaken = await CasesAsync(cases, message.LeerlingId, message.SchoolId, ct) };
        var deadline = DateTime.UtcNow + OutcomeWait;
        while (true)
        {
            if (await messages.ProcessedAsync(message.BerichtId, ct) is { } processed)
                return new { status = "verwerkt", uitkomst = processed.Outcome, verwerktOp = (DateTimeOffset?)processed.ProcessedAt, foutberichtId = (Guid?)null, zaken = await CasesAsync(cases, message.LeerlingId, message.SchoolId, ct) };
            if ((await store.ReplaysOfAsync(rowId, ct)).Select(e => (Guid?)e.Id).FirstOrDefault() is { } again)
                return new { status = "opnieuw-mislukt", uitkomst = (string?)null, verwerktOp = (DateTimeOffset?)null, foutberichtId = again, zaken = await CasesAsync(cases, message.LeerlingId, message.SchoolId, ct) };
            if (DateTime.UtcNow > deadline)
                return new { status = "onderweg", uitkomst = (string?)null, verwerktOp = (DateTimeOffset?)null, foutberichtId = (Guid?)null, zaken = await CasesAsync(cases, message.LeerlingId, message.SchoolId, ct) };
            await Task.Delay(200, ct);
        }
    }

    /// <summary>The pupil's cases at the message's school: model, step and status only (what the incident screen shows too).</summary>
    private static async Task<List<CaseRef>> CasesAsync(ICaseQueries cases, string? pupil, string? school, CancellationToken ct)
    {
        if (pupil is null) return [];
        var found = await cases.CasesAsync(new CaseFilter(CaseScope.Everywhere) { BusinessKey = pupil, SchoolId = school, Max = 20 }, ct);
        return found.Select(i => new CaseRef(i.Id, i.ProcessId, i.Step, i.Status.ToString(), i.StartedAt)).ToList();
    }

    private static ErrorMessageQuery Query(ErrorQueueFilter filter)
    {
        var (from, until) = (Day(filter.Van, "van"), Day(filter.Tot, "tot"));
        if (from is { } f && until is { } u && u < f)
            throw new BadHttpRequestException($"'tot' ({filter.Tot}) ligt vóór 'van' ({filter.Van}).", StatusCodes.Status400BadRequest);
        var status = filter.Status?.Trim().ToLowerInvariant() ?? "open";
        if (status is not ("open" or "afgehandeld" or "alle"))
            throw new BadHttpRequestException($"Onbekende status '{filter.Status}'; kies open, afgehandeld of alle.", StatusCodes.Status400BadRequest);
        var type = string.IsNullOrWhiteSpace(filter.Type) ? null : filter.Type.Trim();
        if (type is not null && type != ErrorMessageQuery.UnknownType && !MessageNames.Inbound.Contains(type, StringComparer.Ordinal))
            throw new BadHttpRequestException($"Onbekend berichttype '{type}'; kies een van {string.Join(", ", MessageNames.Inbound)} of onbekend.", StatusCodes.Status400BadRequest);
        if (filter.SchoolId is { Length: > 64 }) throw new BadHttpRequestException("'schoolId' is langer dan 64 tekens.", StatusCodes.Status400BadRequest);
        return new ErrorMessageQuery(status switch { "open" => false, "afgehandeld" => true, _ => null }, type,
            string.IsNullOrWhiteSpace(filter.SchoolId) ? null : filter.SchoolId.Trim(),
            from is { } start ? Midnight(start) : null, until is { } end ? Midnight(end.AddDays(1)) : null);
    }

    private static ErrorSummary Summary(ErrorMessage r, ErrorMessageRedaction.View view) => new(
        r.Id, r.MessageType, r.BerichtId, r.SchoolId, r.LeerlingId, r.FailedAt, r.ReceivedAt, ErrorMessageRedaction.Reason(r.Reason, view),
        r.Status switch { ErrorMessageStatus.Open => "open", ErrorMessageStatus.Replayed => "opnieuw-aangeboden", _ => "verwijderd" },
        r.HandledAt, r.HandledBy, r.HandledNote, r.ReplayOf);

    private static List<string> FieldNames(Type contract) =>
        contract.GetProperties().Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)).ToList();

    private static void EnsureOpen(ErrorMessage row)
    {
        if (row.Status == ErrorMessageStatus.Open) return;
        var what = row.Status == ErrorMessageStatus.Replayed ? "opnieuw aangeboden" : "verwijderd";
        throw new InvalidOperationException($"Dit foutbericht is al {what} door {row.HandledBy} op {row.HandledAt:yyyy-MM-dd HH:mm} (UTC).");
    }

    private static string Describe(ErrorMessage row) => $"{row.MessageType ?? "onbekend type"} {row.BerichtId?.ToString() ?? "zonder berichtId"} (foutbericht {row.Id})";

    private static KeyNotFoundException NotFound(Guid id) => new($"Foutbericht {id} bestaat niet.");

    private static DateOnly? Day(string? text, string name)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        return DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day : throw new BadHttpRequestException($"Ongeldige datum voor '{name}': '{text}'; gebruik JJJJ-MM-DD.", StatusCodes.Status400BadRequest);
    }

    // a day is a Dutch calendar day: from its midnight in Amsterdam to the next
    private static DateTimeOffset Midnight(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, SchoolCalendar.DutchTimeZone.GetUtcOffset(local)).ToUniversalTime();
    }
}

public sealed record ErrorQueueFilter(string? Type, string? SchoolId, string? Status, string? Van, string? Tot);

/// <summary>The optional body of an offer: fields to set on the original message (null removes one), and its type when it could not be read.</summary>
public sealed record ReplayRequest(JsonObject? Correctie, string? BerichtType);

public sealed record DiscardRequest(string? Reden);

public sealed record CaseRef(Guid Id, string Model, string? Stap, string Status, DateTimeOffset Geopend);

internal sealed record ErrorSummary(Guid id, string? type, Guid? berichtId, string? schoolId, string? leerlingId, DateTimeOffset mislukt,
    DateTimeOffset ontvangen, string reden, string status, DateTimeOffset? afgehandeldOp, string? afgehandeldDoor, string? afhandeling, Guid? opnieuwVan);
