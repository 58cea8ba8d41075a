using System.Text.Json;
using System.Text.Json.Nodes;
using Verzuim.Contracts;
using Verzuim.Host.Messaging;
using Verzuim.Host.Privacy;

namespace Verzuim.Host.ErrorQueue;

/// <summary>
/// What can be read from a failed message's body: a MassTransit envelope ({ messageId, messageType, message }) or a bare
/// contract object; nothing at all when it is no JSON. The identifying fields are taken only when they are what they
/// claim to be (a pupil id that looks like a BSN is not kept).
/// </summary>
public sealed record ErrorEnvelope(Guid? MessageId, string? MessageType, Guid? BerichtId, string? SchoolId, string? LeerlingId,
    JsonObject? Message, string StoredBody)
{
    public static ErrorEnvelope Parse(string body)
    {
        var root = TryParse(body);
        if (root is not JsonObject envelope) return new(null, null, null, null, null, null, FreeTextGuard.Redact(body));
        var message = envelope["message"] as JsonObject;
        Guid? messageId = null;
        string? type = null;
        if (message is not null)
        {
            messageId = Guid.TryParse(Text(envelope["messageId"]), out var id) ? id : null;
            type = (envelope["messageType"] as JsonArray)?.Select(t => ContractName(Text(t))).FirstOrDefault(t => t is not null);
        }
        else message = envelope; // a bare contract object (a sender using the raw JSON serializer)
        Guid? berichtId = Guid.TryParse(Text(message["berichtId"]), out var bericht) ? bericht : null;
        var (school, pupil) = (Identifier(message["schoolId"]), Identifier(message["leerlingId"]));
        // no BSN, no diagnosis kept: every text of the body is redacted before it is stored (ids and instants untouched)
        var stored = Redacted(root) ? root.ToJsonString() : body;
        return new(messageId, type, berichtId, school, pupil, message, stored);
    }

    /// <summary>The contract name in a MassTransit message type (urn:message:Verzuim.Contracts:GesprekGehouden, or a .NET type name).</summary>
    public static string? ContractName(string? messageType)
    {
        if (string.IsNullOrWhiteSpace(messageType)) return null;
        var name = messageType[(messageType.LastIndexOfAny([':', '.']) + 1)..];
        return MessageNames.Types.ContainsKey(name) ? name : null;
    }

    /// <summary>The contract object of a stored body (the envelope's message, or the body itself), or null when it is no JSON object.</summary>
    public static JsonObject? MessageOf(string? body) =>
        body is null ? null : TryParse(body) is JsonObject root ? root["message"] as JsonObject ?? root : null;

    private static JsonNode? TryParse(string body)
    {
        try { return JsonSerializer.Deserialize<JsonNode>(body, ContractJson.Options); }
        catch (JsonException) { return null; }
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;

    private static string? Identifier(JsonNode? node) =>
        Text(node) is { Length: > 0 and <= 64 } text && FreeTextGuard.Refusal("id", text) is null ? text : null;

    private static bool Redacted(JsonNode node)
    {
        var changed = false;
        switch (node)
        {
            case JsonObject o:
                foreach (var name in o.Select(p => p.Key).ToList())
                    if (o[name] is JsonValue v && v.TryGetValue<string>(out var text))
                    {
                        if (Guid.TryParse(text, out _) || DateTimeOffset.TryParse(text, out _)) continue;
                        var redacted = FreeTextGuard.Redact(text);
                        if (redacted != text) { o[name] = redacted; changed = true; }
                    }
                    else if (o[name] is { } child) changed |= Redacted(child);
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                    if (a[i] is JsonValue v && v.TryGetValue<string>(out var text))
                    {
                        var redacted = FreeTextGuard.Redact(text);
                        if (redacted != text) { a[i] = redacted; changed = true; }
                    }
                    else if (a[i] is { } child) changed |= Redacted(child);
                break;
        }
        return changed;
    }
}
