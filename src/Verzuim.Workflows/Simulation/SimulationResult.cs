using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Verzuim.Workflows.Simulation;

public sealed record SimulationResult(
    [property: JsonPropertyName("timeline")] IReadOnlyList<SimulatedEvent> Timeline,
    [property: JsonPropertyName("instances")] IReadOnlyList<SimulatedInstance> Instances)
{
    /// <summary>What the run could only estimate, e.g. "termijn voorlopig: geen vakantiedata na 23 augustus 2026".</summary>
    [JsonPropertyName("warnings")] public IReadOnlyList<string> Warnings { get; init; } = [];
}

public sealed record SimulatedEvent
{
    [JsonPropertyName("at")] public required DateTimeOffset At { get; init; }
    [JsonPropertyName("kind")] public required string Kind { get; init; }
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("type")] public string? Type { get; init; }
    [JsonPropertyName("role")] public string? Role { get; init; }
    [JsonPropertyName("due")] public DateTimeOffset? Due { get; init; }
    [JsonPropertyName("message")] public string? Message { get; init; }
    [JsonPropertyName("detail")] public string? Detail { get; init; }
    [JsonPropertyName("process")] public string? Process { get; init; }
}

public sealed record SimulatedInstance
{
    [JsonPropertyName("process")] public required string Process { get; init; }
    [JsonPropertyName("version")] public int Version { get; init; }
    [JsonPropertyName("status")] public required string Status { get; init; }
    /// <summary>The protocol step the case ended the scenario in (verzuim:stap).</summary>
    [JsonPropertyName("step")] public string? Step { get; init; }
    [JsonPropertyName("active")] public required IReadOnlyList<string> Active { get; init; }
    [JsonPropertyName("variables")] public required JsonObject Variables { get; init; }
}
