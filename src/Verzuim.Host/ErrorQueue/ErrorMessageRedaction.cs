using System.Text.Json.Nodes;

namespace Verzuim.Host.ErrorQueue;

/// <summary>
/// What the beheerder sees of a failed message: the identifying and structural fields of the contract (ids, school,
/// instants, dates, kinds, counts, codes); every other value, free text above all (an agreement, an organisation, the
/// youth doctor's outcome, a field the contract does not know), is hidden behind its name. The reason is shown without
/// the hidden values it may quote.
/// </summary>
public static class ErrorMessageRedaction
{
    public const string Hidden = "[verborgen]";

    // codes and labels, not text a person wrote: what a beheerder needs to see why a message failed and correct it
    private static readonly HashSet<string> Visible = new(StringComparer.OrdinalIgnoreCase)
    {
        "berichtId", "leerlingId", "schoolId", "tijdstip", "datum", "soort", "uren", "minuten", "doel", "verleend", "kenmerk", "meldingId",
    };

    private const int MaxVisibleText = 64;

    public sealed record View(JsonObject? Bericht, IReadOnlyList<string> Verborgen, IReadOnlyList<string> HiddenValues);

    public static View For(string? body)
    {
        if (ErrorEnvelope.MessageOf(body) is not { } message) return new(null, [], []);
        var shown = new JsonObject();
        var hidden = new List<string>();
        var hiddenValues = new List<string>();
        foreach (var (name, value) in message)
        {
            if (Visible.Contains(name) && IsPlain(value)) { shown[name] = value?.DeepClone(); continue; }
            shown[name] = Hidden;
            hidden.Add(name);
            CollectTexts(value, hiddenValues);
        }
        return new(shown, hidden, hiddenValues);
    }

    /// <summary>The reason without any hidden value of the message (a refusal or a failing expression may quote one).</summary>
    public static string Reason(string reason, View view)
    {
        foreach (var text in view.HiddenValues.Where(t => t.Length >= 3).OrderByDescending(t => t.Length))
            reason = reason.Replace(text, Hidden, StringComparison.Ordinal);
        return reason;
    }

    private static bool IsPlain(JsonNode? value) => value switch
    {
        null => true,
        JsonValue v when v.TryGetValue<string>(out var text) => text.Length <= MaxVisibleText,
        JsonValue => true, // numbers, true/false
        _ => false,
    };

    private static void CollectTexts(JsonNode? node, List<string> texts)
    {
        switch (node)
        {
            case JsonValue v when v.TryGetValue<string>(out var text): texts.Add(text); break;
            case JsonValue v: texts.Add(v.ToJsonString()); break;
            case JsonObject o: foreach (var (_, child) in o) CollectTexts(child, texts); break;
            case JsonArray a: foreach (var child in a) CollectTexts(child, texts); break;
        }
    }
}
