using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Verzuim.Workflows.Simulation;

/// <summary>The input of <c>simulate</c>: one model, a start, a horizon, a calendar, and what happens when.</summary>
public sealed record Scenario
{
    [JsonPropertyName("workflow")] public string? Workflow { get; init; }
    /// <summary>Which process of the file to start; the first process when absent.</summary>
    [JsonPropertyName("process")] public string? Process { get; init; }
    [JsonPropertyName("start")] public DateTimeOffset? Start { get; init; }
    [JsonPropertyName("until")] public DateTimeOffset? Until { get; init; }
    [JsonPropertyName("calendar")] public ScenarioCalendar? Calendar { get; init; }
    [JsonPropertyName("variables")] public JsonObject? Variables { get; init; }
    [JsonPropertyName("events")] public List<ScenarioEvent>? Events { get; init; }
    /// <summary>Not read by the runner: what the scenario's author worked out by hand, checked by the scenario tests.</summary>
    [JsonPropertyName("expect")] public JsonObject? Expect { get; init; }
}

public sealed record ScenarioCalendar
{
    [JsonPropertyName("region")] public string? Region { get; init; }
    [JsonPropertyName("holidays")] public List<ScenarioHoliday>? Holidays { get; init; }
    [JsonPropertyName("studyDays")] public List<DateOnly>? StudyDays { get; init; }
    /// <summary>The last day the holidays are known; school-time deadlines after it are reported in <c>warnings</c>. Absent: the list is complete.</summary>
    [JsonPropertyName("coveredUntil")] public DateOnly? CoveredUntil { get; init; }
    /// <summary>Dutch public holidays (Pasen, Koningsdag, Hemelvaart, ...) are days off, as on the service; default false.</summary>
    [JsonPropertyName("publicHolidays")] public bool PublicHolidays { get; init; }
}

public sealed record ScenarioHoliday
{
    [JsonPropertyName("from")] public DateOnly From { get; init; }
    [JsonPropertyName("to")] public DateOnly To { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
}

/// <summary>Either a message arriving or a person completing a task, at an instant.</summary>
public sealed record ScenarioEvent
{
    [JsonPropertyName("at")] public DateTimeOffset? At { get; init; }
    [JsonPropertyName("message")] public string? Message { get; init; }
    [JsonPropertyName("completeTask")] public string? CompleteTask { get; init; }
    [JsonPropertyName("data")] public JsonObject? Data { get; init; }
    /// <summary>With completeTask: skip it when no such task is open then (it was superseded or cancelled), instead of failing.</summary>
    [JsonPropertyName("ifOpen")] public bool IfOpen { get; init; }
}

/// <summary>Bad scenario input: the message names the problem; <c>simulate</c> exits non-zero with it.</summary>
public sealed class ScenarioException(string message, Exception? inner = null) : Exception(message, inner);
