using System.Collections.Concurrent;
using Verzuim.Workflows.Model;
using Verzuim.Workflows.Runtime;

namespace Verzuim.Host.Cases.History;

/// <summary>
/// The user tasks of a stored model version that ask for a confirmation before completing (verzuim:bevestiging),
/// from the engine's parsed model. A stored version never changes, so it is read once per definition id.
/// </summary>
public sealed record ModelMarks(IReadOnlyDictionary<string, string> Confirmations)
{
    private static readonly ConcurrentDictionary<Guid, ModelMarks> Cache = new();

    public static async Task<ModelMarks> OfAsync(WorkflowEngine engine, Guid definitionId, CancellationToken ct)
    {
        if (Cache.TryGetValue(definitionId, out var marks)) return marks;
        var model = await engine.ModelAsync(definitionId, ct);
        return Cache.GetOrAdd(definitionId, _ => Of(model));
    }

    public static ModelMarks Of(ProcessModel model) =>
        new(model.NodesById.Values.OfType<UserTask>().Where(t => t.Confirmation is not null).ToDictionary(t => t.Id, t => t.Confirmation!));
}
