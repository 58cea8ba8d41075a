using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Verzuim.Persistence;
using Verzuim.Workflows.Runtime;
using Verzuim.Workflows.Stores;

namespace Verzuim.Workflows.Duo;

/// <summary>
/// A <c>DuoMeldingGedaan</c> answers one DUO report, never all of them. Each report (a <c>duo-melding</c> case) waits
/// with key <c>leerlingId/meldingId</c>; the message goes to the report it names (<c>meldingId</c>), or, without an
/// id, to the oldest open report of the pupil. A pupil with no open report of that kind gets the pupil key, so cases
/// of fragment versions from before report ids (which wait on the pupil key) keep working, and the message is
/// buffered as before. Used by the service's inbound path and by <c>simulate</c>, so both correlate alike.
/// Exact under per-pupil ordering of messages: two id-less messages for one pupil processed at once may pick the
/// same report.
/// </summary>
public static class DuoMeldingCorrelation
{
    public const string MessageName = "DuoMeldingGedaan";

    /// <summary>The key a report waits on; the fragment's correlation key expression yields the same text.</summary>
    public static string Key(string leerlingId, string meldingId) => $"{leerlingId}/{Normalize(meldingId)}";

    public static async Task<CorrelationResult> CorrelateAsync(WorkflowEngine engine, Guid messageId, string leerlingId, JsonObject payload,
        CancellationToken ct = default)
    {
        var key = MeldingIdOf(payload) is { } meldingId ? Key(leerlingId, meldingId)
            : await OldestOpenReportAsync(engine.Store as WorkflowStore
                ?? throw new NotSupportedException("De oudste open DUO-melding wordt in de EF-opslag gezocht; deze engine gebruikt een andere opslag."),
                leerlingId, ct) ?? leerlingId;
        return await engine.CorrelateAsync(new IncomingMessage(messageId, MessageName, key, payload), ct);
    }

    private static string? MeldingIdOf(JsonObject payload) =>
        payload["meldingId"] is JsonValue v && v.TryGetValue<string>(out var id) && !string.IsNullOrWhiteSpace(id) ? id : null;

    /// <summary>Guids in any notation (upper case, braces) name the same report; anything else is no report id.</summary>
    private static string Normalize(string meldingId) => Guid.TryParse(meldingId, out var g) ? g.ToString("D")
        : throw new FormatException($"meldingId '{meldingId}' is geen GUID; gebruik de meldingId uit DuoMeldingVereist.");

    /// <summary>
    /// The key of the pupil's report that started waiting first. Reports opened in one step share an instant; the
    /// order their cases wrote history (timeline ids, in insertion order on every store) settles it.
    /// </summary>
    private static async Task<string?> OldestOpenReportAsync(WorkflowStore store, string leerlingId, CancellationToken ct)
    {
        var prefix = leerlingId + "/";
        await using var db = store.CreateContext();
        var waiting = await db.Subscriptions.AsNoTracking()
            .Where(s => s.Kind == SubscriptionKind.Message && s.MessageName == MessageName && s.CorrelationKey != null
                        && s.CorrelationKey.StartsWith(prefix))
            .Select(s => new { s.InstanceId, s.CorrelationKey, s.CreatedAt }).ToListAsync(ct);
        // only this pupil's reports: pupil "L" must not pick a report of pupil "L/1"
        waiting = waiting.Where(w => Guid.TryParse(w.CorrelationKey![prefix.Length..], out _)).ToList();
        if (waiting.Count == 0) return null;
        var instances = waiting.Select(w => w.InstanceId!.Value).Distinct().ToList();
        var firstEntry = await db.Timeline.AsNoTracking().Where(t => instances.Contains(t.InstanceId))
            .GroupBy(t => t.InstanceId).Select(g => new { InstanceId = g.Key, First = g.Min(t => t.Id) }).ToDictionaryAsync(x => x.InstanceId, x => x.First, ct);
        return waiting.OrderBy(w => w.CreatedAt).ThenBy(w => firstEntry.GetValueOrDefault(w.InstanceId!.Value, long.MaxValue))
            .First().CorrelationKey;
    }
}
