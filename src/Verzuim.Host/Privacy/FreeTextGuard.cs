using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Verzuim.Host.Privacy;

/// <summary>Free text that must not be stored: the reason names the field and what it looks like.</summary>
public sealed class FreeTextRefusedException(string message) : Exception(message);

/// <summary>
/// Verzuim never stores a BSN or a diagnosis. Free text (a message's text fields, the pupil id, a task form's text)
/// is checked before it is stored: nine digits that pass the BSN eleven-test (with or without dots, spaces or dashes)
/// are refused, and so is text that names a diagnosis outright. The diagnosis check is a short list of the obvious
/// words; it cannot recognise a diagnosis written around them (docs/security.md says so). The medical variables
/// (the youth doctor's explanation) are exempt from the word list, not from the BSN check.
/// </summary>
public static partial class FreeTextGuard
{
    // whole words, case-insensitive; what schools are told never to write in a case (seeds: "geen medische gegevens")
    private static readonly string[] DiagnosisWords =
    [
        "diagnose", "diagnoses", "gediagnosticeerd", "gediagnostiseerd", "adhd", "autisme", "autistisch", "pdd-nos",
        "depressie", "depressief", "angststoornis", "eetstoornis", "anorexia", "boulimia", "psychose", "bipolair", "schizofrenie",
        "epilepsie", "medicatie", "methylfenidaat", "ritalin", "concerta", "antidepressiva",
    ];

    [GeneratedRegex(@"(?<![\d])\d(?:[ .\-]?\d){8}(?![\d])")]
    private static partial Regex NineDigits();

    private static readonly Regex Diagnosis = new(@"(?<![\p{L}\d-])(" + string.Join('|', DiagnosisWords.Select(Regex.Escape)) + @")(?![\p{L}\d-])",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>True for nine digits whose weighted sum (9..2 for the first eight, -1 for the last) is a multiple of 11.</summary>
    public static bool PassesElevenTest(string nineDigits)
    {
        if (nineDigits.Length != 9 || !nineDigits.All(char.IsAsciiDigit) || nineDigits.All(c => c == '0')) return false;
        var sum = 0;
        for (var i = 0; i < 8; i++) sum += (9 - i) * (nineDigits[i] - '0');
        sum -= nineDigits[8] - '0';
        return sum % 11 == 0;
    }

    /// <summary>The reason the text is refused, or null.</summary>
    public static string? Refusal(string field, string? text, bool medicalField = false)
    {
        if (string.IsNullOrEmpty(text)) return null;
        foreach (Match m in NineDigits().Matches(text))
            if (PassesElevenTest(new string(m.Value.Where(char.IsAsciiDigit).ToArray())))
                return $"Veld '{field}' bevat iets dat op een BSN lijkt (9 cijfers die de elfproef halen). Verzuim bewaart geen BSN: " +
                       "gebruik het leerlingnummer (pseudoniem) uit de leerlingadministratie.";
        if (!medicalField && Diagnosis.Match(text) is { Success: true } word)
            return $"Veld '{field}' noemt een diagnose of medische gegevens ('{word.Value}'). Die horen niet in Verzuim: " +
                   "beschrijf het verzuim en de afspraak, de jeugdarts legt medische gegevens vast in het eigen dossier.";
        return null;
    }

    /// <summary>
    /// The text with every BSN (nine digits passing the eleven-test) and every diagnosis word replaced: for text Verzuim
    /// did not choose to keep but must hold for a while (a refused message in the error queue).
    /// </summary>
    public static string Redact(string text, string replacement = "[verwijderd]")
    {
        var withoutBsn = NineDigits().Replace(text, m => PassesElevenTest(new string(m.Value.Where(char.IsAsciiDigit).ToArray())) ? replacement : m.Value);
        return Diagnosis.Replace(withoutBsn, replacement);
    }

    /// <summary>Checks every text value in a JSON body (a task form's data), naming the field by its path.</summary>
    public static void Check(JsonNode? node, Func<string, bool> isMedical, string path = "")
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, value) in o) Check(value, isMedical, path.Length == 0 ? name : $"{path}.{name}");
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++) Check(a[i], isMedical, $"{path}[{i}]");
                break;
            case JsonValue v when v.TryGetValue<string>(out var text):
                var root = path.Split('.', '[')[0];
                if (Refusal(path, text, isMedical(root)) is { } refusal) throw new FreeTextRefusedException(refusal);
                break;
        }
    }
}
