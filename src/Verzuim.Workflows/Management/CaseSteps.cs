using Verzuim.Workflows.Model;
using Verzuim.Workflows.Stores;
using Verzuim.Workflows.Runtime;

namespace Verzuim.Workflows.Management;

/// <summary>
/// Which step a case was in at a moment, read from its timeline as the engine moves the step (EnterStep): a node with
/// verzuim:stap the flow entered; a boundary event firing never moves it. The case history and the overview's charts
/// both ask here, so they cannot read the same timeline differently.
/// </summary>
public sealed class CaseSteps(ICaseQueries queries, WorkflowEngine engine)
{
    /// <summary>The steps each instance entered, in timeline order.</summary>
    public async Task<IReadOnlyList<StepEntered>> EnteredAsync(IReadOnlyCollection<CaseInstance> instances, CancellationToken ct = default)
    {
        if (instances.Count == 0) return [];
        var timeline = (await queries.TimelineAsync(instances.Select(i => i.Id).ToList(), [TimelineKind.ActivityStarted], ct)).ToLookup(t => t.InstanceId);
        var result = new List<StepEntered>();
        foreach (var instance in instances)
            result.AddRange(Entered(timeline[instance.Id], await engine.ModelAsync(instance.DefinitionId, ct)));
        return result;
    }

    /// <summary>The rows of one instance's timeline where it entered a step of <paramref name="model"/>, in order.</summary>
    public static IReadOnlyList<StepEntered> Entered(IEnumerable<TimelineRecord> timeline, ProcessModel model) =>
        timeline.Where(t => t.Kind == TimelineKind.ActivityStarted && t.ElementId is not null)
            .OrderBy(t => t.Sequence)
            .Select(t => model.NodesById.TryGetValue(t.ElementId!, out var node) && node.Step is not null && node is not BoundaryEvent
                ? new StepEntered(t.InstanceId, t.Sequence, t.At, node.Id, node.Step) : null)
            .OfType<StepEntered>().ToList();

    /// <summary>The step the last entry at or before <paramref name="at"/> put the case in; null before the first.</summary>
    public static string? At(IEnumerable<StepEntered> entered, DateTimeOffset at) =>
        entered.Where(e => e.At <= at).OrderBy(e => e.At).ThenBy(e => e.Sequence).LastOrDefault()?.Step;
}
