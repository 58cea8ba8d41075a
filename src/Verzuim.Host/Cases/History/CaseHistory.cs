using System.Text.Json.Nodes;
using Verzuim.Workflows.Management;
using Verzuim.Workflows.Stores;

namespace Verzuim.Host.Cases.History;

/// <param name="Onderwerp">"stap", "regievoerder" or "terugkoppelingsdatum".</param>
/// <param name="Waarde">The value from this moment on (null: cleared).</param>
/// <param name="Door">The person who completed the task that set it; null when a message, timer or the system did.</param>
/// <param name="Bron">"taak", "bericht", "timer", "start" or "systeem".</param>
/// <param name="Via">The task, message or timer that set it, by name.</param>
public sealed record HistoryEntry(string Onderwerp, string? Waarde, DateTimeOffset Op, string? Door, string Bron, string? Via);

/// <summary>
/// Every value the case's step, regie and feedback date had, with when and who set it. The step comes from what the
/// engine records anyway (a node with verzuim:stap was entered: <see cref="CaseSteps"/>); regie and feedback date from
/// the engine's VariableChanged rows (<see cref="Variables"/> is the engine's history set). Who: the task completion,
/// message or timer the change happened in, which is the last such row before it in the case's timeline. A case
/// from before the engine kept that history falls back to the values its completed tasks recorded.
/// </summary>
public static class CaseHistory
{
    public const string Step = "stap";

    /// <summary>The case variables the engine keeps a history of (WorkflowEngineOptions.HistoryVariables).</summary>
    public static readonly IReadOnlyList<string> Variables = ["regievoerder", "terugkoppelingsdatum"];

    public static List<HistoryEntry> Build(CaseInstance record, IReadOnlyList<TimelineRecord> timeline, IReadOnlyList<WorkTask> tasks, IReadOnlyList<StepEntered> steps)
    {
        var rows = timeline.Where(t => t.InstanceId == record.Id).OrderBy(t => t.Sequence).ToList();
        var entered = steps.Where(s => s.InstanceId == record.Id).ToDictionary(s => s.Sequence, s => s.Step);
        var history = new List<HistoryEntry>();
        string? step = null;
        TimelineRecord? cause = null;
        foreach (var row in rows)
        {
            switch (row.Kind)
            {
                case TimelineKind.TaskCompleted or TimelineKind.TimerFired or TimelineKind.MessageCorrelated or TimelineKind.InstanceStarted:
                    // a message that completes a task is written just before the completion: the completion is the cause
                    cause = row;
                    break;
                // as the engine does (EnterStep, read by CaseSteps): a marked node entered by the flow, said once per change
                case TimelineKind.ActivityStarted when entered.TryGetValue(row.Sequence, out var now) && now != step:
                    step = now;
                    history.Add(Entry(Step, now, row, row.ElementType == "process" ? null : cause, tasks));
                    break;
                case TimelineKind.VariableChanged when row.Detail is { } detail && JsonNode.Parse(detail) is JsonObject change:
                    foreach (var (name, value) in change)
                        if (Variables.Contains(name, StringComparer.OrdinalIgnoreCase))
                            history.Add(Entry(name, Text(value), row, row.ElementType == "process" ? null : cause, tasks));
                    break;
            }
        }
        foreach (var name in Variables.Where(v => !history.Any(h => h.Onderwerp == v)))
            history.AddRange(FromTaskResults(record, tasks, name));
        return history.OrderBy(h => h.Op).ToList();
    }

    /// <summary>
    /// For a case whose changes were made before the engine kept this history (no VariableChanged rows): what the
    /// case's completed tasks recorded in a form field of that name, each new value once, in order of completion.
    /// It shows what people entered, which is what the models map into the variable.
    /// </summary>
    private static IEnumerable<HistoryEntry> FromTaskResults(CaseInstance record, IReadOnlyList<WorkTask> tasks, string name)
    {
        string? last = null;
        foreach (var task in tasks.Where(t => t.InstanceId == record.Id && t.Status == WorkTaskStatus.Completed && t.Result is not null && t.CompletedAt is not null)
                     .OrderBy(t => t.CompletedAt))
        {
            if (JsonNode.Parse(task.Result!) is not JsonObject data || Text(data[name]) is not { } value || value == last) continue;
            last = value;
            var byMessage = task.CompletedBy?.StartsWith("systeem:", StringComparison.Ordinal) == true;
            yield return new HistoryEntry(name, value, task.CompletedAt!.Value, byMessage ? null : task.CompletedBy, byMessage ? "bericht" : "taak",
                byMessage ? $"{task.CompletedBy!["systeem:".Length..]} ({task.Name ?? task.ElementId})" : task.Name ?? task.ElementId);
        }
    }

    private static HistoryEntry Entry(string subject, string? value, TimelineRecord at, TimelineRecord? cause, IReadOnlyList<WorkTask> tasks)
    {
        if (cause is null) return new HistoryEntry(subject, value, at.At, null, "systeem", null);
        switch (cause.Kind)
        {
            case TimelineKind.TaskCompleted:
                var by = CaseSummaries.CompletedBy(tasks, cause);
                // a task completed by a message (verzuim:completeOn) was completed by "systeem:<bericht>"
                return by is not null && by.StartsWith("systeem:", StringComparison.Ordinal)
                    ? new HistoryEntry(subject, value, at.At, null, "bericht", $"{by["systeem:".Length..]} ({cause.ElementName ?? cause.ElementId})")
                    : new HistoryEntry(subject, value, at.At, by, "taak", cause.ElementName ?? cause.ElementId);
            case TimelineKind.TimerFired:
                return new HistoryEntry(subject, value, at.At, null, "timer", cause.ElementName ?? cause.ElementId);
            case TimelineKind.MessageCorrelated:
                return new HistoryEntry(subject, value, at.At, null, "bericht", cause.Message);
            default:
                return new HistoryEntry(subject, value, at.At, null, "start", cause.Message ?? cause.ElementName);
        }
    }

    private static string? Text(JsonNode? value) => value switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => value.ToJsonString(),
    };
}
