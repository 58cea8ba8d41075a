using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Verzuim.Host.Cases;

/// <summary>
/// Takes medical values out of free text the engine wrote (incident reasons, in /api/incidents and the case timeline),
/// for readers who may not see them. Redacted when read, not when written: the stored reason stays whole for the
/// youth doctor, and the Privacy:MedischeVariabelen list applies to reasons written before it changed.
/// Two rules: every stored form of a medical variable's value (the text, its JSON form as the engine quotes it,
/// its first 20 characters where a message cut it short) becomes <see cref="Masked"/>; and when the reason names
/// a medical variable (a failing expression over it), everything after the expression is withheld, as an error
/// message may quote the value in a form the first rule does not know.
/// </summary>
public static class MedicalRedaction
{
    public const string Masked = "[medisch, afgeschermd]";
    public const string Withheld = "[afgeschermd: de fout betreft medische gegevens; de volledige reden ziet alleen de jeugdarts]";
    private const int Prefix = 20;

    public static string Redact(string text, IReadOnlyCollection<string> medicalNames, IEnumerable<JsonObject?> variableSets)
    {
        var result = text;
        foreach (var variables in variableSets)
            foreach (var (name, value) in variables ?? [])
                if (value is not null && medicalNames.Contains(name, StringComparer.OrdinalIgnoreCase))
                    foreach (var form in Forms(value).Where(f => f.Length >= 3).OrderByDescending(f => f.Length))
                        result = result.Replace(form, Masked, StringComparison.Ordinal);
        if (!medicalNames.Any(name => Regex.IsMatch(result, $@"(?<![\w$]){Regex.Escape(name)}(?![\w$])", RegexOptions.IgnoreCase))) return result;
        // "Expressie '<expr>' faalt: <reason>": the expression is the model's text, the reason may hold the data
        var cut = result.IndexOf("' faalt: ", StringComparison.Ordinal);
        return cut >= 0 ? result[..(cut + "' faalt: ".Length)] + Withheld : Withheld;
    }

    private static IEnumerable<string> Forms(JsonNode value)
    {
        var json = value.ToJsonString();
        yield return json;
        if (value is JsonValue v && v.TryGetValue<string>(out var text))
        {
            yield return text;
            yield return json.Trim('"');
            if (text.Length > Prefix) yield return text[..Prefix];
            if (json.Length > Prefix + 1) yield return json[1..(Prefix + 1)];
        }
    }
}
