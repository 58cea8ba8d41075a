using System.Text.Json;
using Verzuim.Workflows.Model;
using Verzuim.Workflows.Stores;

namespace Verzuim.Workflows.Runtime;

/// <summary>The beheerder's escape hatch: a token taken off one element and put on another of the same scope.</summary>
internal sealed partial class InstanceExecution
{
    /// <summary>
    /// Cancels the token on <paramref name="fromElementId"/> (its waits, task and called case go, as when a boundary
    /// event interrupts it) and enters <paramref name="toElementId"/> with a new token in the same scope, as if a flow
    /// had led there. Refused, changing nothing, when there is no such token, the target does not exist, lies in another
    /// scope, or is an element a token cannot be put on (a start or boundary event).
    /// </summary>
    public void MoveToken(string fromElementId, string toElementId, string reason, string movedBy)
    {
        if (IsEnded) throw new InvalidOperationException($"Zaak {Record.Id} is gesloten; alleen een lopende zaak kan verplaatst worden.");
        var tokens = State.Tokens.Where(t => t.ElementId == fromElementId && t.Status != TokenStatus.Ready).ToList();
        if (tokens.Count == 0)
            throw new InvalidOperationException($"Er staat geen token op '{fromElementId}' in zaak {Record.Id}; actief zijn: {string.Join(", ", State.Tokens.Select(t => t.ElementId).Distinct())}.");
        if (tokens.Count > 1)
            throw new InvalidOperationException($"Op '{fromElementId}' staan {tokens.Count} tokens (parallelle takken); verplaatsen kan alleen een enkel token.");
        if (!Model.NodesById.TryGetValue(toElementId, out var target))
            throw new KeyNotFoundException($"Element '{toElementId}' bestaat niet in versie {Record.DefinitionVersion} van '{Record.ProcessId}'.");
        var token = tokens[0];
        var from = Model.Node(fromElementId);
        if (target.Container?.Id != from.Container?.Id)
            throw new InvalidOperationException($"'{toElementId}' ligt in {(target.Container is null ? "het proces zelf" : $"subproces '{target.Container.Id}'")}, '{fromElementId}' in {(from.Container is null ? "het proces zelf" : $"subproces '{from.Container.Id}'")}; een token verplaatst alleen binnen zijn eigen bereik.");
        if (target is StartEvent or BoundaryEvent)
            throw new InvalidOperationException($"Op '{toElementId}' ({target.BpmnType}) kan geen token gezet worden; kies een taak, gebeurtenis of gateway.");

        AddTimeline(TimelineKind.TokenMoved, target, detail: JsonSerializer.Serialize(new { door = movedBy, reden = reason, van = fromElementId, naar = toElementId }));
        CancelToken(token);
        var moved = NewToken(target.Id, token.ScopeId);
        _ready.Enqueue((moved, false));
        Run();
    }
}
