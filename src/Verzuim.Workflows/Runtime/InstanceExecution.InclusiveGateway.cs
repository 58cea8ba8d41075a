using Verzuim.Workflows.Expressions;
using Verzuim.Workflows.Model;

namespace Verzuim.Workflows.Runtime;

/// <summary>
/// The inclusive gateway (BPMN 2.0 §13.3.3, as Camunda runs it). Fork: every outgoing flow whose condition holds, else
/// the default flow, else an incident. Join: an arriving token waits until no other token of its scope can still
/// reach the gateway; then the waiting tokens merge into one, which forks on.
/// </summary>
internal sealed partial class InstanceExecution
{
    private void ArriveAtInclusive(Token token, InclusiveGateway gateway)
    {
        if (gateway.Incoming.Count <= 1) ForkInclusive(token, gateway);
        else token.Status = TokenStatus.Waiting; // ActivateInclusiveJoins decides when the join fires
    }

    private void ForkInclusive(Token token, InclusiveGateway gateway)
    {
        if (gateway.Outgoing is [{ Condition: null } only])
        {
            Leave(token, gateway, null, [only]);
            return;
        }
        var taken = gateway.Outgoing.Where(f => f.Id != gateway.DefaultFlowId && Expressions.EvaluateCondition(f.Condition!, Variables)).ToList();
        if (taken.Count == 0 && gateway.Outgoing.FirstOrDefault(f => f.Id == gateway.DefaultFlowId) is { } fallback) taken.Add(fallback);
        if (taken.Count == 0)
            throw new ExpressionException(string.Join(" | ", gateway.Outgoing.Select(f => f.Condition)),
                "geen enkele voorwaarde is waar en de gateway heeft geen standaardstroom");
        Leave(token, gateway, null, taken);
    }

    /// <summary>Fires every inclusive join that nothing can still reach; true when one fired (its token is queued).</summary>
    private bool ActivateInclusiveJoins()
    {
        if (IsEnded) return false;
        var waiting = State.Tokens
            .Where(t => t.Status == TokenStatus.Waiting && t.TaskId is null && Model.Node(t.ElementId) is InclusiveGateway { Incoming.Count: > 1 })
            .GroupBy(t => (t.ElementId, t.ScopeId)).ToList();
        var fired = false;
        foreach (var group in waiting)
        {
            var gateway = (InclusiveGateway)Model.Node(group.Key.ElementId);
            var arrived = group.ToList();
            var others = State.Tokens.Where(t => t.ScopeId == group.Key.ScopeId && !arrived.Contains(t));
            if (others.Any(t => CanReach(Model.Node(t.ElementId), gateway))) continue;
            foreach (var t in arrived) State.Tokens.Remove(t);
            var merged = NewToken(gateway.Id, group.Key.ScopeId);
            try { ForkInclusive(merged, gateway); }
            catch (ExpressionException e) { Incident(merged, gateway, IncidentPhase.Enter, e.Message, null); }
            fired = true;
        }
        return fired;
    }

    /// <summary>Whether a token at <paramref name="from"/> may still arrive at <paramref name="target"/>: along flows, or out of a boundary event.</summary>
    private static bool CanReach(FlowNode from, FlowNode target)
    {
        var seen = new HashSet<FlowNode>();
        var pending = new Stack<FlowNode>([from]);
        while (pending.TryPop(out var node))
        {
            if (node == target) return true;
            if (!seen.Add(node)) continue;
            foreach (var flow in node.Outgoing) pending.Push(flow.Target);
            foreach (var boundary in node.BoundaryEvents) pending.Push(boundary);
        }
        return false;
    }
}
