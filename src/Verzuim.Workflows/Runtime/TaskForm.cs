using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Verzuim.Workflows.Model;

namespace Verzuim.Workflows.Runtime;

/// <summary>Completion data is checked against the task's form before anything changes.</summary>
public sealed class TaskValidationException(IReadOnlyList<string> errors)
    : Exception("De taak kan niet worden afgerond: " + string.Join("; ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}

/// <summary>
/// A completion may carry the task's own form fields and nothing else: a field the form does not declare is refused
/// by name (it could otherwise set any case variable, e.g. move the case to another school).
/// </summary>
internal static class TaskForm
{
    /// <summary>Characters of a one-line field (type string).</summary>
    public const int MaxStringLength = 200;
    /// <summary>Characters of a multi-line field (type text).</summary>
    public const int MaxTextLength = 4000;

    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) } };

    /// <summary>
    /// How far from today a date in a form may lie, either way: escalation cases run for months, not years, so a
    /// date outside this window is a typing slip (a feedback date in 2019), refused before it decides a case.
    /// </summary>
    public const int DateWindowYears = 2;

    public static void Validate(UserTask task, JsonObject data, DateOnly today)
    {
        var (earliest, latest) = (today.AddYears(-DateWindowYears), today.AddYears(DateWindowYears));
        var errors = new List<string>();
        foreach (var (name, _) in data)
            if (!task.FormFields.Any(f => f.Id == name))
                errors.Add(task.FormFields.Count == 0
                    ? $"'{Shorten(name)}' kan niet worden meegegeven: deze taak heeft geen formulier"
                    : $"'{Shorten(name)}' is geen veld van dit formulier (velden: {string.Join(", ", task.FormFields.Select(f => f.Id))})");
        foreach (var field in task.FormFields)
        {
            var value = data[field.Id];
            if (value is null)
            {
                if (field.Required) errors.Add($"'{field.Label}' ({field.Id}) is verplicht");
                continue;
            }
            if (!Fits(field, value)) errors.Add($"'{field.Label}' ({field.Id}) verwacht {Expected(field)}, kreeg {Shorten(value.ToJsonString())}");
            else if (MaxLength(field) is { } max && value.GetValue<string>().Length > max)
                errors.Add($"'{field.Label}' ({field.Id}) is {value.GetValue<string>().Length} tekens lang; hoogstens {max} tekens");
            else if (field.Type == FormFieldType.Date && DateOnly.ParseExact(value.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture) is var day
                     && (day < earliest || day > latest))
                errors.Add($"'{field.Label}' ({field.Id}) is {Dutch(day)}; dat ligt meer dan {DateWindowYears} jaar van vandaag " +
                           $"(kies een datum van {Dutch(earliest)} tot en met {Dutch(latest)})");
        }
        if (errors.Count > 0) throw new TaskValidationException(errors);
    }

    private static int? MaxLength(FormField field) => field.Type switch
    {
        FormFieldType.String => MaxStringLength,
        FormFieldType.Text => MaxTextLength,
        _ => null,
    };

    private static string Dutch(DateOnly day) => day.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("nl-NL"));

    /// <summary>Refusals quote what was sent; a huge value is not echoed back whole.</summary>
    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";

    private static bool Fits(FormField field, JsonNode value) => field.Type switch
    {
        FormFieldType.Boolean => value.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
        FormFieldType.Number => value.GetValueKind() == JsonValueKind.Number && value.AsValue().TryGetValue<double>(out var number) && double.IsFinite(number),
        FormFieldType.Date => value.GetValueKind() == JsonValueKind.String
            && DateOnly.TryParseExact(value.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        FormFieldType.Enum => value.GetValueKind() == JsonValueKind.String && field.Options.Any(o => o.Id == value.GetValue<string>()),
        _ => value.GetValueKind() == JsonValueKind.String,
    };

    private static string Expected(FormField field) => field.Type switch
    {
        FormFieldType.Boolean => "ja/nee (true/false)",
        FormFieldType.Number => "een getal",
        FormFieldType.Date => "een datum (JJJJ-MM-DD)",
        FormFieldType.Enum => "een van: " + string.Join(", ", field.Options.Select(o => o.Id)),
        _ => "tekst",
    };
}
