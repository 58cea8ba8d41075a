using System.Text.Json.Nodes;
using Verzuim.Workflows.Management;
using Verzuim.Workflows.Runtime;

namespace Verzuim.Cases.Duo;

/// <summary>
/// A <c>DuoMeldingGedaan</c> answers one DUO report, never all of them. Each report (a <c>duo-melding</c> case) waits
/// with key <c>leerlingId/meldingId</c>; the message goes to the report it names (<c>meldingId</c>), or, without an
/// id, to the oldest open report of the pupil. A pupil with no open report of that kind gets the pupil key, so cases
/// of fragment versions from before report ids (which wait on the pupil key) keep working, and the message is
/// buffered as before. Used by the service's inbound path and by <c>simulate</c>, so both correlate alike.
/// Exact under per-pupil ordering of messages: two id-less messages for one pupil processed at once may pick the
/// same report.
/// </summary>
public sealed class DuoMeldingCorrelation(WorkflowEngine engine, IMessageQueries messages)
{
    public const string MessageName = "DuoMeldingGedaan";

    /// <summary>The key a report waits on; the fragment's correlation key expression yields the same text.</summary>
    public static string Key(string leerlingId, string meldingId) => $"{leerlingId}/{Normalize(meldingId)}";

    public async Task<CorrelationResult> CorrelateAsync(Guid messageId, string leerlingId, JsonObject payload, CancellationToken ct = default)
    {
        var key = MeldingIdOf(payload) is { } meldingId ? Key(leerlingId, meldingId)
            : await OldestOpenReportAsync(leerlingId, ct) ?? leerlingId;
        return await engine.CorrelateAsync(new IncomingMessage(messageId, MessageName, key, payload), ct);
    }

    private static string? MeldingIdOf(JsonObject payload) =>
        payload["meldingId"] is JsonValue v && v.TryGetValue<string>(out var id) && !string.IsNullOrWhiteSpace(id) ? id : null;

    /// <summary>Guids in any notation (upper case, braces) name the same report; anything else is no report id.</summary>
    private static string Normalize(string meldingId) => Guid.TryParse(meldingId, out var g) ? g.ToString("D")
        : throw new FormatException($"meldingId '{meldingId}' is geen GUID; gebruik de meldingId uit DuoMeldingVereist.");

    /// <summary>The key of the pupil's report that started waiting first.</summary>
    private async Task<string?> OldestOpenReportAsync(string leerlingId, CancellationToken ct)
    {
        var prefix = leerlingId + "/";
        var waiting = await messages.WaitingAsync(MessageName, prefix, ct);
        // only this pupil's reports: pupil "L" must not pick a report of pupil "L/1"
        return waiting.FirstOrDefault(w => Guid.TryParse(w.CorrelationKey[prefix.Length..], out _))?.CorrelationKey;
    }
}
