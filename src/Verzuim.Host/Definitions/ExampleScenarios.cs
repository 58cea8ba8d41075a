using System.Text.Json.Nodes;

namespace Verzuim.Host.Definitions;

/// <summary>The hand-worked scenarios of tests/Scenarios travel with the host, so a process owner can try a draft on a known story.</summary>
public static class ExampleScenarios
{
    public sealed record Example(string Naam, string? Omschrijving, string? Model, JsonObject Scenario);

    public static IReadOnlyList<Example> List(IHostEnvironment environment, string? processId)
    {
        var folder = Path.Combine(environment.ContentRootPath, "scenarios");
        if (!Directory.Exists(folder)) return [];
        var examples = new List<Example>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.json", SearchOption.AllDirectories).Order())
        {
            if (JsonNode.Parse(File.ReadAllText(file)) is not JsonObject scenario) continue;
            var model = (scenario["process"] as JsonValue)?.GetValue<string>()
                ?? Path.GetFileNameWithoutExtension((scenario["workflow"] as JsonValue)?.GetValue<string>() ?? "");
            if (processId is not null && !string.Equals(model, processId, StringComparison.Ordinal)) continue;
            examples.Add(new Example(Path.GetFileNameWithoutExtension(file), (scenario["_about"] as JsonValue)?.GetValue<string>(), model, scenario));
        }
        return examples;
    }
}
