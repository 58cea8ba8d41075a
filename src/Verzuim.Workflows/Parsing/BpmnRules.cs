using Verzuim.Workflows.Model;

namespace Verzuim.Workflows.Parsing;

/// <summary>Graph rules checked after linking: reachability, gateway shapes, boundary attachment.</summary>
internal static class BpmnRules
{
    public static void Check(BpmnDocument document, List<BpmnProblem> problems)
    {
        foreach (var process in document.Processes)
        {
            void Problem(FlowNode node, string rule, string message) => problems.Add(new BpmnProblem(node.Id, node.Name, rule, message));

            var starts = process.Nodes.OfType<StartEvent>().ToList();
            if (starts.Count == 0)
                problems.Add(new BpmnProblem(process.Id, process.Name, "startgebeurtenis", "Het proces heeft geen startgebeurtenis."));
            if (starts.Count(s => s.Trigger is null) > 1)
                problems.Add(new BpmnProblem(process.Id, process.Name, "startgebeurtenis", "Het proces heeft meer dan één gewone startgebeurtenis; gebruik er één."));

            foreach (var node in process.NodesById.Values)
            {
                switch (node)
                {
                    case SubProcess { TriggeredByEvent: true } eventSub:
                        CheckEventSubProcess(eventSub, Problem);
                        break;
                    case BoundaryEvent boundary:
                        LinkBoundary(process, boundary, Problem);
                        if (boundary.Incoming.Count > 0) Problem(node, "randgebeurtenis", "Een randgebeurtenis heeft geen inkomende stroom.");
                        if (boundary.Outgoing.Count == 0) Problem(node, "uitgang", "Een randgebeurtenis heeft een uitgaande stroom nodig.");
                        break;
                    case StartEvent start:
                        if (!start.IsInterrupting && start.Container is not { TriggeredByEvent: true })
                            Problem(node, "niet-onderbrekend", "Alleen de start van een gebeurtenissubproces kan niet-onderbrekend zijn (isInterrupting=\"false\").");
                        if (node.Incoming.Count > 0) Problem(node, "startgebeurtenis", "Een startgebeurtenis heeft geen inkomende stroom.");
                        if (node.Outgoing.Count == 0) Problem(node, "uitgang", "De startgebeurtenis heeft geen uitgaande stroom.");
                        break;
                    case EndEvent:
                        if (node.Outgoing.Count > 0) Problem(node, "eindgebeurtenis", "Een eindgebeurtenis heeft geen uitgaande stroom.");
                        if (node.Incoming.Count == 0) Problem(node, "bereikbaar", "De eindgebeurtenis is niet bereikbaar: er komt geen stroom binnen.");
                        break;
                    default:
                        if (node.Incoming.Count == 0) Problem(node, "bereikbaar", "Dit element is niet bereikbaar: er komt geen stroom binnen (alleen startgebeurtenissen mogen zonder).");
                        if (node.Outgoing.Count == 0) Problem(node, "uitgang", "Dit element heeft geen uitgaande stroom; sluit het pad af met een eindgebeurtenis.");
                        break;
                }

                foreach (var flow in node.Outgoing.Where(f => f.Condition is not null && node is not (ExclusiveGateway or InclusiveGateway)))
                    problems.Add(new BpmnProblem(flow.Id, flow.Name, "voorwaarde-plaats", $"Een voorwaarde kan alleen op een stroom die uit een exclusieve of inclusieve gateway komt, niet uit {node}."));

                if (node is ExclusiveGateway xor) CheckConditionalGateway(xor, xor.DefaultFlowId, "exclusieve", problems);
                if (node is InclusiveGateway or) CheckConditionalGateway(or, or.DefaultFlowId, "inclusieve", problems);
                if (node is EventBasedGateway ebg) CheckEventBased(ebg, Problem);
                if (node is SubProcess { TriggeredByEvent: false } sub) CheckSubProcess(sub, Problem);
            }
        }
    }

    private static void LinkBoundary(ProcessModel process, BoundaryEvent boundary, Action<FlowNode, string, string> problem)
    {
        if (!process.NodesById.TryGetValue(boundary.AttachedToId, out var host) || host.Container != boundary.Container)
        {
            problem(boundary, "randgebeurtenis", $"De activiteit '{boundary.AttachedToId}' waaraan deze randgebeurtenis hangt, bestaat niet in hetzelfde (sub)proces.");
            return;
        }
        if (host is SubProcess { TriggeredByEvent: true })
        {
            problem(boundary, "randgebeurtenis", "Aan een gebeurtenissubproces hangt geen randgebeurtenis: het start zelf op een gebeurtenis.");
            return;
        }
        if (host is not (UserTask or ReceiveTask or SendTask or PassThroughTask or SubProcess or CallActivity))
        {
            problem(boundary, "randgebeurtenis", $"Een randgebeurtenis kan alleen aan een taak, subproces of aanroepactiviteit hangen, niet aan {host}.");
            return;
        }
        boundary.AttachedTo = host;
        host.BoundaryEvents.Add(boundary);
    }

    private static void CheckConditionalGateway(FlowNode gateway, string? defaultFlowId, string kind, List<BpmnProblem> problems)
    {
        if (defaultFlowId is { } defaultId)
        {
            var flow = gateway.Outgoing.FirstOrDefault(f => f.Id == defaultId);
            if (flow is null)
                problems.Add(new BpmnProblem(gateway.Id, gateway.Name, "standaardstroom", $"De standaardstroom '{defaultId}' is geen uitgaande stroom van deze gateway."));
            else if (flow.Condition is not null)
                problems.Add(new BpmnProblem(flow.Id, flow.Name, "standaardstroom", "De standaardstroom heeft geen voorwaarde."));
        }
        if (gateway.Outgoing.Count < 2) return;
        foreach (var flow in gateway.Outgoing.Where(f => f.Id != defaultFlowId && f.Condition is null))
            problems.Add(new BpmnProblem(flow.Id, flow.Name, "voorwaarde-ontbreekt",
                $"Deze stroom uit {kind} gateway '{gateway.DisplayName}' heeft geen voorwaarde en is niet de standaardstroom."));
    }

    private static void CheckEventBased(EventBasedGateway gateway, Action<FlowNode, string, string> problem)
    {
        if (gateway.Outgoing.Count < 2)
            problem(gateway, "gebeurtenisgateway", "Een gebeurtenisgebaseerde gateway kiest tussen minstens twee gebeurtenissen.");
        foreach (var target in gateway.Outgoing.Select(f => f.Target))
        {
            if (target is not (IntermediateCatchEvent or ReceiveTask))
                problem(gateway, "gebeurtenisgateway", $"Na een gebeurtenisgebaseerde gateway komt een bericht- of timergebeurtenis of een ontvangsttaak, niet {target}.");
            else if (target.Incoming.Count != 1)
                problem(target, "gebeurtenisgateway", "Een gebeurtenis na een gebeurtenisgebaseerde gateway heeft alleen die gateway als ingang.");
        }
    }

    /// <summary>BPMN 2.0 §10.3.5: no flows in or out, exactly one start event, and that start has a trigger (here: message or timer).</summary>
    private static void CheckEventSubProcess(SubProcess sub, Action<FlowNode, string, string> problem)
    {
        if (sub.Incoming.Count > 0 || sub.Outgoing.Count > 0)
            problem(sub, "gebeurtenissubproces", "Een gebeurtenissubproces heeft geen inkomende of uitgaande stromen: het start op zijn eigen startgebeurtenis.");
        var starts = sub.Nodes.OfType<StartEvent>().ToList();
        if (starts.Count != 1 || starts[0].Trigger is not (MessageEventDefinition or TimerEventDefinition))
        {
            problem(sub, "gebeurtenissubproces-start", "Een gebeurtenissubproces heeft precies één startgebeurtenis met een bericht of een timer.");
            return;
        }
        sub.StartEvent = starts[0];
    }

    private static void CheckSubProcess(SubProcess sub, Action<FlowNode, string, string> problem)
    {
        var starts = sub.Nodes.OfType<StartEvent>().ToList();
        if (starts.Count != 1 || starts[0].Trigger is not null)
        {
            problem(sub, "subproces-start", "Een subproces heeft precies één gewone startgebeurtenis (zonder trigger).");
            return;
        }
        sub.StartEvent = starts[0];
    }
}
