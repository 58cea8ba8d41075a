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
        var models = new Dictionary<Guid, ProcessModel>();
        foreach (var id in instances.Select(i => i.DefinitionId).Distinct()) models[id] = await engine.ModelAsync(id, ct);
        // only the rows at step nodes leave the database: a case's timeline is mostly other activities
        var stepNodes = models.Values.SelectMany(m => m.NodesById.Values).Where(IsStep).Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
        if (stepNodes.Count == 0) return [];
        var timeline = (await queries.TimelineAsync(instances.Select(i => i.Id).ToList(), [TimelineKind.ActivityStarted], stepNodes, ct))
            .ToLookup(t => t.InstanceId);
        var result = new List<StepEntered>();
        foreach (var instance in instances)
            result.AddRange(Entered(timeline[instance.Id], models[instance.DefinitionId]));
        return result;
    }

    /// <summary>The rows of one instance's timeline where it entered a step of <paramref name="model"/>, in order.</summary>
    public static IReadOnlyList<StepEntered> Entered(IEnumerable<TimelineRecord> timeline, ProcessModel model) =>
        timeline.Where(t => t.Kind == TimelineKind.ActivityStarted && t.ElementId is not null)
            .OrderBy(t => t.Sequence)
            .Select(t => model.NodesById.TryGetValue(t.ElementId!, out var node) && IsStep(node)
                ? new StepEntered(t.InstanceId, t.Sequence, t.At, node.Id, node.Step!) : null)
            .OfType<StepEntered>().ToList();

    /// <summary>A node that moves the step when the flow enters it; a boundary event firing never does.</summary>
    private static bool IsStep(FlowNode node) => node.Step is not null && node is not BoundaryEvent;

    /// <summary>The step the last entry at or before <paramref name="at"/> put the case in; null before the first.</summary>
    public static string? At(IEnumerable<StepEntered> entered, DateTimeOffset at) =>
        entered.Where(e => e.At <= at).OrderBy(e => e.At).ThenBy(e => e.Sequence).LastOrDefault()?.Step;
}
