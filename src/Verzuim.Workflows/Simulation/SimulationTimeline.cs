using Verzuim.Workflows.Runtime;
using Verzuim.Workflows.Stores;

namespace Verzuim.Workflows.Simulation;

/// <summary>A message that reached no case, noted after the timeline entry with id <paramref name="AfterTimelineId"/>.</summary>
public sealed record MessageOutcome(long AfterTimelineId, SimulatedEvent Entry);

/// <summary>
/// The timeline of a run as simulate prints it: every case's entries by instant and write order, and the messages
/// that reached no case in the place they arrived. The service replay builds its timeline with the same rule.
/// </summary>
public static class SimulationTimeline
{
    public static SimulatedEvent OutcomeEntry(DateTimeOffset at, string message, CorrelationOutcome outcome) => new()
    {
        At = at.ToUniversalTime(), Kind = outcome == CorrelationOutcome.Buffered ? "MessageBuffered" : "MessageUnmatched", Message = message,
        Detail = outcome == CorrelationOutcome.Buffered
            ? "geen zaak wacht hierop; het bericht wordt bewaard voor een wacht die nog komt"
            : "geen zaak wacht hierop en geen model opent een zaak",
    };

    public static List<SimulatedEvent> Merge(IReadOnlyList<TimelineRecord> entries, IReadOnlyDictionary<Guid, string> processOf,
        IReadOnlyList<MessageOutcome> outcomes)
    {
        // what the case went through, not its data: variable changes a host records for the case page's history
        // (WorkflowEngineOptions.HistoryVariables) are no step of the run, so simulate and the service print the same
        var ordered = entries.Where(t => t.Kind != TimelineKind.VariableChanged).OrderBy(t => t.At).ThenBy(t => t.Id).ToList();
        var timeline = new List<SimulatedEvent>(ordered.Count + outcomes.Count);
        var next = 0;
        foreach (var t in ordered)
        {
            while (next < outcomes.Count && outcomes[next].AfterTimelineId < t.Id && outcomes[next].Entry.At <= t.At) timeline.Add(outcomes[next++].Entry);
            timeline.Add(new SimulatedEvent
            {
                At = t.At, Kind = t.Kind.ToString(), Id = t.ElementId, Name = t.ElementName, Type = t.ElementType, Role = t.Role,
                Due = t.Due, Message = t.Message, Detail = t.Detail, Process = processOf[t.InstanceId],
            });
        }
        timeline.AddRange(outcomes.Skip(next).Select(o => o.Entry));
        return timeline;
    }
}
