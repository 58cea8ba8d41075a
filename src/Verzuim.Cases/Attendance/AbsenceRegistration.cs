using System.Globalization;
using System.Text.Json.Nodes;

namespace Verzuim.Cases.Attendance;

/// <summary>An AbsentieGeregistreerd as the ledger needs it.</summary>
public sealed record AbsenceRegistration(Guid MessageId, string LeerlingId, string SchoolId, DateOnly Datum, AbsenceKind Soort,
    decimal? Uren = null, int? Minuten = null)
{
    /// <summary>Reads the message fields (camelCase, as in the contract) from a message body; names the field that is wrong.</summary>
    public static AbsenceRegistration FromPayload(Guid messageId, JsonObject data)
    {
        string Text(string name) => data[name] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s
            : throw new FormatException($"AbsentieGeregistreerd: veld '{name}' ontbreekt of is geen tekst.");
        var datumText = Text("datum");
        if (!DateOnly.TryParseExact(datumText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var datum))
            throw new FormatException($"AbsentieGeregistreerd: datum '{datumText}' is geen JJJJ-MM-DD.");
        var soort = AbsenceKinds.Parse(Text("soort"));
        decimal? uren = data["uren"] is JsonValue u && u.TryGetValue<decimal>(out var h) ? h : null;
        int? minuten = data["minuten"] is JsonValue m && m.TryGetValue<int>(out var min) ? min : null;
        return new AbsenceRegistration(messageId, Text("leerlingId"), Text("schoolId"), datum, soort, uren, minuten);
    }

    public JsonObject ToPayload() => new()
    {
        ["leerlingId"] = LeerlingId, ["schoolId"] = SchoolId, ["datum"] = Datum.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["soort"] = Soort.ToString(), ["uren"] = Uren, ["minuten"] = Minuten,
    };
}
