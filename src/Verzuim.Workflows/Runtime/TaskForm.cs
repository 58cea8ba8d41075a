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

internal static class TaskForm
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) } };

    public static void Validate(UserTask task, JsonObject data)
    {
        var errors = new List<string>();
        foreach (var field in task.FormFields)
        {
            var value = data[field.Id];
            if (value is null)
            {
                if (field.Required) errors.Add($"'{field.Label}' ({field.Id}) is verplicht");
                continue;
            }
            if (!Fits(field, value)) errors.Add($"'{field.Label}' ({field.Id}) verwacht {Expected(field)}, kreeg {value.ToJsonString()}");
        }
        if (errors.Count > 0) throw new TaskValidationException(errors);
    }

    private static bool Fits(FormField field, JsonNode value) => field.Type switch
    {
        FormFieldType.Boolean => value.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
        FormFieldType.Number => value.GetValueKind() == JsonValueKind.Number,
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
