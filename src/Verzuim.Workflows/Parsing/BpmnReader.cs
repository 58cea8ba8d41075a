using System.Xml;
using System.Xml.Linq;
using Verzuim.Workflows.Expressions;
using Verzuim.Workflows.Model;
using Verzuim.Workflows.Time;

namespace Verzuim.Workflows.Parsing;

/// <summary>
/// Reads BPMN 2.0 XML as bpmn-js and Camunda Modeler write it into <see cref="ProcessModel"/>s. Everything with
/// execution semantics that this engine does not implement is reported, never skipped; layout (diagram
/// interchange, lanes, annotations, groups) is read past.
/// </summary>
public static class BpmnReader
{
    /// <summary>Parses and validates; throws <see cref="BpmnValidationException"/> listing every problem.</summary>
    public static BpmnDocument Parse(string xml) => Parse(xml, checkCallCycles: true);

    /// <summary>
    /// A stored version, to run: without the call cycle rule, so a version published before that rule existed still
    /// loads (its cases keep running; the call depth limit bounds a cycle at run time).
    /// </summary>
    internal static BpmnDocument ParseStored(string xml) => Parse(xml, checkCallCycles: false);

    private static BpmnDocument Parse(string xml, bool checkCallCycles)
    {
        var (document, problems) = Validate(xml, checkCallCycles);
        if (problems.Count > 0 || document is null) throw new BpmnValidationException(problems);
        return document;
    }

    /// <summary>Parses and validates, returning all problems instead of throwing.</summary>
    public static (BpmnDocument? Document, IReadOnlyList<BpmnProblem> Problems) Validate(string xml) => Validate(xml, checkCallCycles: true);

    private static (BpmnDocument? Document, IReadOnlyList<BpmnProblem> Problems) Validate(string xml, bool checkCallCycles)
    {
        var session = new Session();
        var document = session.Read(xml);
        // graph rules only on elements that read cleanly: otherwise every flow to a refused element repeats its problem
        if (document is not null && session.Problems.Count == 0)
        {
            BpmnRules.Check(document, session.Problems);
            // within the file; the published processes it calls are known only when publishing (WorkflowEngine.DeployAsync)
            if (checkCallCycles) session.Problems.AddRange(CallCycles.Find(document.Processes, _ => null));
        }
        return (session.Problems.Count == 0 ? document : null, session.Problems);
    }

    /// <summary>The processes a file declares, read without judging them (a draft may still have problems).</summary>
    public static IReadOnlyList<(string Id, string? Name)> ProcessIdsAndNames(string xml)
    {
        XDocument doc;
        try { doc = XDocument.Parse(xml); }
        catch (XmlException e)
        {
            throw new BpmnValidationException([new BpmnProblem("(bestand)", null, "xml", $"Geen geldige XML (regel {e.LineNumber}, positie {e.LinePosition}): {e.Message}")]);
        }
        return doc.Root?.Elements(BpmnNamespaces.Model + "process")
            .Select(p => ((string?)p.Attribute("id"), (string?)p.Attribute("name")))
            .Where(p => !string.IsNullOrWhiteSpace(p.Item1))
            .Select(p => (p.Item1!, p.Item2)).ToList() ?? [];
    }

    private sealed class Session
    {
        private static readonly XNamespace M = BpmnNamespaces.Model;
        private static readonly XNamespace V = BpmnNamespaces.Verzuim;
        private readonly Dictionary<string, MessageEventDefinition> _messages = new(StringComparer.Ordinal);
        private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
        private readonly HashSet<string> _refused = new(StringComparer.Ordinal);
        public List<BpmnProblem> Problems { get; } = [];

        /// <summary>Standard attributes that this engine only supports at their default value.</summary>
        private static readonly Dictionary<string, string> OnlyDefault = new()
        {
            ["isForCompensation"] = "false", ["startQuantity"] = "1", ["completionQuantity"] = "1",
            ["instantiate"] = "false", ["parallelMultiple"] = "false",
            ["eventGatewayType"] = "Exclusive", ["isImmediate"] = "false",
        };

        private static readonly HashSet<string> Layout = ["laneSet", "textAnnotation", "association", "group", "documentation", "extensionElements"];

        public BpmnDocument? Read(string xml)
        {
            XDocument doc;
            try
            {
                if (!WithinLimits(xml)) return null;
                doc = XDocument.Parse(xml, LoadOptions.SetLineInfo);
            }
            catch (XmlException e)
            {
                Problem("(bestand)", null, "xml", $"Geen geldige XML (regel {e.LineNumber}, positie {e.LinePosition}): {e.Message}");
                return null;
            }

            var root = doc.Root!;
            if (root.Name != M + "definitions")
            {
                Problem("(bestand)", null, "bpmn-root", $"Het hoofdelement is '{root.Name.LocalName}' in namespace '{root.Name.NamespaceName}'; verwacht bpmn:definitions ({BpmnNamespaces.Model}).");
                return null;
            }

            CheckUniqueIds(root);
            var participantNames = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var child in root.Elements())
            {
                if (IsPresentation(child)) continue;
                switch (child.Name.LocalName)
                {
                    case "message" when child.Name.Namespace == M:
                        ReadMessage(child);
                        break;
                    case "collaboration" when child.Name.Namespace == M:
                        foreach (var p in child.Elements(M + "participant"))
                            if (Attr(p, "processRef") is { } pr && Attr(p, "name") is { } pn) participantNames[pr] = pn;
                        foreach (var c in child.Elements().Where(c => !IsPresentation(c)))
                            if (c.Name.LocalName is not ("participant" or "messageFlow" or "textAnnotation" or "association" or "group" or "documentation"))
                                Unsupported(c, "Dit element in een samenwerking (collaboration) wordt niet ondersteund.");
                        break;
                    case "process" or "category" or "documentation" when child.Name.Namespace == M:
                        break;
                    default:
                        Unsupported(child, $"Element '{child.Name.LocalName}' wordt op dit niveau niet ondersteund.");
                        break;
                }
            }

            var processes = new List<ProcessModel>();
            foreach (var p in root.Elements(M + "process"))
            {
                var hasNodes = p.Elements().Any(e => e.Name.Namespace == M && !Layout.Contains(e.Name.LocalName));
                if (Attr(p, "isExecutable") == "false" && !hasNodes) continue; // an external party's empty pool
                processes.Add(ReadProcess(p, participantNames));
            }
            if (processes.Count == 0)
                Problem(Attr(root, "id") ?? "(bestand)", null, "geen-proces", "Het bestand bevat geen uitvoerbaar proces.");
            return new BpmnDocument(processes);
        }

        /// <summary>
        /// Size, element count and depth, checked in one streaming pass before anything is built, so a hostile file
        /// costs no more than reading it once: the tree and the recursive reading after it stay within known bounds.
        /// </summary>
        private bool WithinLimits(string xml)
        {
            if (xml.Length > BpmnLimits.MaxCharacters)
            {
                Problem("(bestand)", null, "bestand-te-groot",
                    $"Het bestand is {xml.Length} tekens groot; een model mag hoogstens {BpmnLimits.MaxCharacters} tekens zijn. Splits het op in aangeroepen processen.");
                return false;
            }
            using var reader = XmlReader.Create(new StringReader(xml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            var elements = 0;
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element) continue;
                if (++elements > BpmnLimits.MaxElements)
                {
                    Problem(reader.GetAttribute("id") ?? "(bestand)", reader.GetAttribute("name"), "te-veel-elementen",
                        $"Het bestand heeft meer dan {BpmnLimits.MaxElements} elementen; splits het model op in aangeroepen processen.");
                    return false;
                }
                if (reader.Depth + 1 > BpmnLimits.MaxDepth)
                {
                    Problem(reader.GetAttribute("id") ?? $"({reader.LocalName}, regel {((IXmlLineInfo)reader).LineNumber})", reader.GetAttribute("name"), "nesting-diepte",
                        $"Dit element ligt {reader.Depth + 1} niveaus diep in het bestand; hoogstens {BpmnLimits.MaxDepth} niveaus zijn toegestaan.");
                    return false;
                }
            }
            return true;
        }

        private void ReadMessage(XElement e)
        {
            CheckAttributes(e, "name", "verzuim:correlationKey");
            CheckNoChildren(e, "extensionElements", "documentation");
            var id = Id(e);
            var name = Attr(e, "name");
            if (string.IsNullOrWhiteSpace(name))
            {
                Problem(id, null, "bericht-naam", "Een bericht heeft een naam nodig (de naam uit de contracten, bijv. GesprekGehouden).");
                return;
            }
            var key = Attr(e, V + "correlationKey");
            if (key is not null) CheckExpression(id, name, key, "correlatiesleutel");
            _messages[id] = new MessageEventDefinition(name.Trim(), key);
        }

        private ProcessModel ReadProcess(XElement e, Dictionary<string, string> participantNames)
        {
            CheckAttributes(e, "isExecutable", "processType", "isClosed");
            var id = Id(e);
            var model = new ProcessModel
            {
                Id = id,
                Name = Attr(e, "name") ?? participantNames.GetValueOrDefault(id),
                Documentation = Documentation(e),
            };
            CheckOnlyLayoutExtensions(e);
            ReadContainer(e, model, null, 0);
            return model;
        }

        private void ReadContainer(XElement container, ProcessModel model, SubProcess? parent, int nesting)
        {
            if (nesting > BpmnLimits.MaxSubProcessNesting)
            {
                Problem(parent!.Id, parent.Name, "subproces-diepte",
                    $"Dit subproces ligt {nesting} niveaus diep; hoogstens {BpmnLimits.MaxSubProcessNesting} subprocessen in elkaar zijn toegestaan.");
                return;
            }
            var flows = new List<SequenceFlow>();
            foreach (var child in container.Elements())
            {
                if (IsPresentation(child) || child.Name.Namespace == M && Layout.Contains(child.Name.LocalName)) continue;
                // a sub-process lists its own flows as bpmn-js writes them: references, not elements of its scope
                if (parent is not null && child.Name.Namespace == M && child.Name.LocalName is "incoming" or "outgoing") continue;
                if (child.Name.Namespace != M)
                {
                    Unsupported(child, $"Element '{child.Name}' wordt niet ondersteund.");
                    continue;
                }
                if (child.Name.LocalName == "sequenceFlow")
                {
                    if (ReadFlow(child) is { } flow) flows.Add(flow);
                    continue;
                }
                if (MarkerMessage(child.Name.LocalName) is { } marker)
                {
                    UnsupportedOn(container, marker); // a marker is named by the process or sub-process it sits on
                    continue;
                }
                var node = ReadNode(child, model, nesting);
                if (node is null)
                {
                    if (Attr(child, "id") is { } refused) _refused.Add(refused);
                    continue;
                }
                node.Container = parent;
                node.Step = Attr(child, V + "stap") is { Length: > 0 } step ? step.Trim() : null;
                (parent?.Nodes ?? model.Nodes).Add(node);
                model.NodesById[node.Id] = node;
            }
            // by id, not by scanning the scope per flow: a list scan made a large flat model quadratic (36 s for 4.8 MB)
            var scope = new Dictionary<string, FlowNode>(StringComparer.Ordinal);
            foreach (var node in parent?.Nodes ?? model.Nodes) scope.TryAdd(node.Id, node); // a duplicate id is reported already
            foreach (var flow in flows)
            {
                model.FlowsById[flow.Id] = flow;
                var source = scope.GetValueOrDefault(flow.SourceId);
                var target = scope.GetValueOrDefault(flow.TargetId);
                if (_refused.Contains(flow.SourceId) || _refused.Contains(flow.TargetId)) continue; // the element's own problem says it
                if (source is null || target is null)
                {
                    var missing = source is null ? flow.SourceId : flow.TargetId;
                    Problem(flow.Id, flow.Name, "stroom-eindpunt",
                        $"De volgordestroom verwijst naar '{missing}', dat niet in hetzelfde (sub)proces staat. Stromen mogen de rand van een subproces niet kruisen.");
                    continue;
                }
                flow.Source = source;
                flow.Target = target;
                source.Outgoing.Add(flow);
                target.Incoming.Add(flow);
            }
        }

        private SequenceFlow? ReadFlow(XElement e)
        {
            CheckAttributes(e, "sourceRef", "targetRef", "isImmediate");
            CheckNoChildren(e, "conditionExpression", "documentation", "extensionElements");
            CheckOnlyLayoutExtensions(e);
            var id = Id(e);
            var name = Attr(e, "name");
            var sourceId = Attr(e, "sourceRef");
            var targetId = Attr(e, "targetRef");
            if (sourceId is null || targetId is null)
            {
                Problem(id, name, "stroom-eindpunt", "Een volgordestroom heeft een bron (sourceRef) en een doel (targetRef) nodig.");
                return null;
            }
            string? condition = null;
            if (e.Element(M + "conditionExpression") is { } c)
            {
                var languageKnown = CheckExpressionLanguage(id, name, c);
                condition = c.Value.Trim();
                if (condition.Length == 0) Problem(id, name, "voorwaarde-leeg", "De voorwaarde is leeg.");
                else if (!languageKnown) return null; // the language is the problem, reported once
                else if (ForeignLanguage(condition) is { } foreign)
                    Problem(id, name, "expressietaal", $"De voorwaarde '{condition}' is {foreign}; die expressietaal wordt niet ondersteund. Schrijf hem in JavaScript, bijv. uren >= 16.");
                else CheckExpression(id, name, condition, "voorwaarde");
            }
            return new SequenceFlow { Id = id, Name = name, SourceId = sourceId, TargetId = targetId, Condition = condition };
        }

        private FlowNode? ReadNode(XElement e, ProcessModel model, int nesting)
        {
            var id = Id(e);
            var name = Attr(e, "name");
            var common = (Id: id, Name: name, Type: e.Name.LocalName, Doc: Documentation(e));
            CheckExtensions(e);
            var outputs = ReadMappings(e, "output");
            switch (e.Name.LocalName)
            {
                case "startEvent":
                {
                    CheckAttributes(e, "isInterrupting", "parallelMultiple", "verzuim:condition");
                    CheckNoChildren(e, EventChildren);
                    var trigger = ReadEventDefinition(e, id, name, allowMessage: true, allowTimer: true, allowTerminate: false);
                    var condition = Attr(e, V + "condition");
                    if (condition is not null)
                    {
                        if (trigger is not MessageEventDefinition)
                            Problem(id, name, "startvoorwaarde", "Een startvoorwaarde (verzuim:condition) kan alleen op een berichtstartgebeurtenis.");
                        CheckExpression(id, name, condition, "startvoorwaarde");
                    }
                    return new StartEvent
                    {
                        Id = id, Name = name, BpmnType = common.Type, Documentation = common.Doc, Trigger = trigger, Condition = condition, Outputs = outputs,
                        IsInterrupting = Attr(e, "isInterrupting")?.Trim() != "false",
                    };
                }
                case "endEvent":
                {
                    CheckAttributes(e, "verzuim:payload");
                    CheckNoChildren(e, EventChildren);
                    var result = ReadEventDefinition(e, id, name, allowMessage: true, allowTimer: false, allowTerminate: true);
                    return new EndEvent { Id = id, Name = name, BpmnType = common.Type, Documentation = common.Doc, Result = result, Payload = Payload(e, id, name), Outputs = outputs };
                }
                case "intermediateCatchEvent":
                {
                    CheckAttributes(e, "parallelMultiple");
                    CheckNoChildren(e, EventChildren);
                    var before = Problems.Count;
                    var trigger = ReadEventDefinition(e, id, name, allowMessage: true, allowTimer: true, allowTerminate: false);
                    if (trigger is null)
                    {
                        if (Problems.Count > before) return null;
                        Problem(id, name, "tussengebeurtenis-type", "Een tussentijdse opvanggebeurtenis wacht op een bericht of een timer; kies er één.");
                        return null;
                    }
                    return new IntermediateCatchEvent { Id = id, Name = name, BpmnType = common.Type, Documentation = common.Doc, Trigger = trigger, Outputs = outputs };
                }
                case "intermediateThrowEvent":
                {
                    CheckAttributes(e, "verzuim:payload");
                    CheckNoChildren(e, EventChildren);
                    var result = ReadEventDefinition(e, id, name, allowMessage: true, allowTimer: false, allowTerminate: false);
                    return new IntermediateThrowEvent { Id = id, Name = name, BpmnType = common.Type, Documentation = common.Doc, Message = result as MessageEventDefinition, Payload = Payload(e, id, name), Outputs = outputs };
                }
                case "boundaryEvent":
                {
                    CheckAttributes(e, "attachedToRef", "cancelActivity", "parallelMultiple");
                    CheckNoChildren(e, EventChildren);
                    var trigger = ReadEventDefinition(e, id, name, allowMessage: true, allowTimer: true, allowTerminate: false);
                    var attached = Attr(e, "attachedToRef");
                    if (trigger is null || attached is null)
                    {
                        Problem(id, name, "randgebeurtenis", "Een randgebeurtenis hangt aan een activiteit (attachedToRef) en wacht op een bericht of timer.");
                        return null;
                    }
                    return new BoundaryEvent
                    {
                        Id = id, Name = name, BpmnType = common.Type, Documentation = common.Doc, Trigger = trigger, AttachedToId = attached,
                        CancelActivity = Attr(e, "cancelActivity") != "false", Outputs = outputs,
                    };
                }
                case "task" or "manualTask":
                    CheckAttributes(e, ActivityAttributes);
                    CheckNoChildren(e, ActivityChildren);
                    return new PassThroughTask { Id = id, Name = name, BpmnType = common.Type, Documentation = common.Doc, Outputs = outputs };
                case "userTask":
                {
                    CheckAttributes(e, [.. ActivityAttributes, "verzuim:candidateRole", "verzuim:dueDate", "verzuim:bevestiging"]);
                    CheckNoChildren(e, ActivityChildren);
                    var due = Attr(e, V + "dueDate");
                    if (due is not null) CheckTimerText(id, name, TimerKind.Duration, due, "vervaldatum", alsoDate: true);
                    if (Attr(e, V + "candidateRole") is { } role && role.StartsWith('=')) CheckExpression(id, name, role[1..], "kandidaatrol");
                    return new UserTask
                    {
                        Id = id, Name = name, BpmnType = common.Type, Documentation = common.Doc, Outputs = outputs,
                        CandidateRole = Attr(e, V + "candidateRole"), DueDate = due, FormFields = ReadFormFields(e, id, name),
                        CompleteOn = ReadCompleteOn(e, id, name),
                        Confirmation = Attr(e, V + "bevestiging")?.Trim() is { Length: > 0 } question ? question : null,
                    };
                }
                case "sendTask" or "serviceTask":
                {
                    var isService = e.Name.LocalName == "serviceTask";
                    CheckAttributes(e, isService ? [.. ActivityAttributes, "verzuim:message", "verzuim:payload"] : [.. ActivityAttributes, "messageRef", "verzuim:payload"]);
                    CheckNoChildren(e, ActivityChildren);
                    MessageEventDefinition? message;
                    if (isService)
                    {
                        var messageName = Attr(e, V + "message");
                        message = string.IsNullOrWhiteSpace(messageName) ? null : _messages.Values.FirstOrDefault(m => m.MessageName == messageName) ?? new MessageEventDefinition(messageName.Trim(), null);
                        if (message is null) Problem(id, name, "servicetaak-bericht", "Een servicetaak publiceert een bericht: vul verzuim:message in met de berichtnaam (bijv. DuoMeldingVereist).");
                    }
                    else message = MessageRef(e, id, name);
                    if (message is null) return null;
                    return new SendTask { Id = id, Name = name, BpmnType = common.Type, Documentation = common.Doc, Message = message, Payload = Payload(e, id, name), Outputs = outputs };
                }
                case "receiveTask":
                {
                    CheckAttributes(e, [.. ActivityAttributes, "messageRef", "instantiate"]);
                    CheckNoChildren(e, ActivityChildren);
                    var message = MessageRef(e, id, name);
                    return message is null ? null : new ReceiveTask { Id = id, Name = name, BpmnType = common.Type, Documentation = common.Doc, Message = message, Outputs = outputs };
                }
                case "exclusiveGateway":
                    CheckAttributes(e, "default", "gatewayDirection");
                    CheckNoChildren(e, GatewayChildren);
                    return new ExclusiveGateway { Id = id, Name = name, BpmnType = common.Type, Documentation = common.Doc, DefaultFlowId = Attr(e, "default"), Outputs = outputs };
                case "inclusiveGateway":
                    CheckAttributes(e, "default", "gatewayDirection");
                    CheckNoChildren(e, GatewayChildren);
                    return new InclusiveGateway { Id = id, Name = name, BpmnType = common.Type, Documentation = common.Doc, DefaultFlowId = Attr(e, "default"), Outputs = outputs };
                case "parallelGateway":
                    CheckAttributes(e, "gatewayDirection");
                    CheckNoChildren(e, GatewayChildren);
                    return new ParallelGateway { Id = id, Name = name, BpmnType = common.Type, Documentation = common.Doc, Outputs = outputs };
                case "eventBasedGateway":
                    CheckAttributes(e, "gatewayDirection", "instantiate", "eventGatewayType");
                    CheckNoChildren(e, GatewayChildren);
                    return new EventBasedGateway { Id = id, Name = name, BpmnType = common.Type, Documentation = common.Doc, Outputs = outputs };
                case "subProcess":
                {
                    CheckAttributes(e, [.. ActivityAttributes, "triggeredByEvent"]); // true: an event sub-process (BpmnRules checks its shape)
                    var sub = new SubProcess
                    {
                        Id = id, Name = name, BpmnType = common.Type, Documentation = common.Doc, Outputs = outputs,
                        TriggeredByEvent = Attr(e, "triggeredByEvent")?.Trim() == "true",
                    };
                    ReadContainer(e, model, sub, nesting + 1);
                    return sub;
                }
                case "callActivity":
                {
                    CheckAttributes(e, [.. ActivityAttributes, "calledElement"]);
                    CheckNoChildren(e, ActivityChildren);
                    var called = Attr(e, "calledElement");
                    if (string.IsNullOrWhiteSpace(called))
                    {
                        Problem(id, name, "aanroep-doel", "Een aanroepactiviteit noemt het proces dat zij start (calledElement, het proces-id).");
                        return null;
                    }
                    return new CallActivity { Id = id, Name = name, BpmnType = common.Type, Documentation = common.Doc, CalledProcessId = called.Trim(), Inputs = ReadMappings(e, "input"), Outputs = outputs };
                }
                default:
                    Unsupported(e, e.Name.LocalName switch
                    {
                        "scriptTask" => "Scripttaken worden niet ondersteund: gebruik verzuim:output-toewijzingen op een taak.",
                        "businessRuleTask" => "Bedrijfsregeltaken (DMN) worden niet ondersteund: gebruik een exclusieve gateway met voorwaarden.",
                        "complexGateway" => "Complexe gateways worden niet ondersteund: gebruik een exclusieve, inclusieve of parallelle gateway.",
                        "transaction" or "adHocSubProcess" => "Dit type subproces wordt niet ondersteund: gebruik een ingesloten subproces of een gebeurtenissubproces.",
                        _ => $"Element '{e.Name.LocalName}' wordt niet ondersteund.",
                    });
                    return null;
            }
        }

        private static readonly string[] ActivityAttributes = ["implementation", "isForCompensation", "startQuantity", "completionQuantity", "default"];
        private static readonly string[] ActivityChildren = ["documentation", "extensionElements", "incoming", "outgoing"];
        private static readonly string[] GatewayChildren = ["documentation", "extensionElements", "incoming", "outgoing"];
        private static readonly string[] EventChildren = ["documentation", "extensionElements", "incoming", "outgoing", "messageEventDefinition", "timerEventDefinition", "terminateEventDefinition"];

        private EventDefinition? ReadEventDefinition(XElement e, string id, string? name, bool allowMessage, bool allowTimer, bool allowTerminate)
        {
            var definitions = e.Elements().Where(d => d.Name.Namespace == M && d.Name.LocalName.EndsWith("EventDefinition", StringComparison.Ordinal)).ToList();
            if (definitions.Count == 0) return null;
            if (definitions.Count > 1)
            {
                Problem(id, name, "meervoudige-gebeurtenis", "Een gebeurtenis met meerdere triggers wordt niet ondersteund; gebruik één bericht of één timer.");
                return null;
            }
            var d = definitions[0];
            switch (d.Name.LocalName)
            {
                case "messageEventDefinition" when allowMessage:
                    CheckAttributes(d, "messageRef");
                    return MessageRef(d, id, name);
                case "timerEventDefinition" when allowTimer:
                {
                    CheckAttributes(d);
                    var parts = d.Elements().Where(x => x.Name.Namespace == M && x.Name.LocalName is "timeDate" or "timeDuration" or "timeCycle").ToList();
                    if (parts.Count != 1)
                    {
                        Problem(id, name, "timer-definitie", "Een timer heeft precies één van: datum (timeDate), duur (timeDuration) of herhaling (timeCycle).");
                        return null;
                    }
                    var kind = parts[0].Name.LocalName switch { "timeDate" => TimerKind.Date, "timeDuration" => TimerKind.Duration, _ => TimerKind.Cycle };
                    CheckExpressionLanguage(id, name, parts[0]);
                    var text = parts[0].Value.Trim();
                    CheckTimerText(id, name, kind, text, "timer", alsoDate: false);
                    return new TimerEventDefinition(kind, text);
                }
                case "terminateEventDefinition" when allowTerminate:
                    CheckAttributes(d);
                    return new TerminateEventDefinition();
                default:
                    Problem(id, name, "gebeurtenistype", $"'{d.Name.LocalName}' wordt hier niet ondersteund. Ondersteund: bericht en timer (start, tussentijds, rand), bericht en beëindigen (einde).");
                    return null;
            }
        }

        private MessageEventDefinition? MessageRef(XElement e, string id, string? name)
        {
            var messageRef = Attr(e, "messageRef");
            if (messageRef is not null && _messages.TryGetValue(messageRef, out var message)) return message;
            Problem(id, name, "bericht-verwijzing", messageRef is null
                ? "Kies het bericht waarop gewacht of dat verstuurd wordt (messageRef)."
                : $"Bericht '{messageRef}' bestaat niet in dit bestand (of heeft geen naam).");
            return null;
        }

        private string? Payload(XElement e, string id, string? name)
        {
            var payload = Attr(e, V + "payload");
            if (payload is not null) CheckExpression(id, name, payload, "berichtinhoud");
            return payload;
        }

        private IReadOnlyList<VariableMapping> ReadMappings(XElement e, string kind)
        {
            var mappings = new List<VariableMapping>();
            foreach (var m in Extensions(e).Where(x => x.Name == V + kind))
            {
                CheckAttributes(m, "target", "expression");
                var target = Attr(m, "target");
                var expression = Attr(m, "expression");
                if (string.IsNullOrWhiteSpace(target) || string.IsNullOrWhiteSpace(expression))
                {
                    Problem(Id(e), Attr(e, "name"), "toewijzing", $"verzuim:{kind} heeft een doelvariabele (target) en een expressie (expression) nodig.");
                    continue;
                }
                CheckExpression(Id(e), Attr(e, "name"), expression, kind == "input" ? "invoer" : "uitvoer");
                mappings.Add(new VariableMapping(target.Trim(), expression));
            }
            return mappings;
        }

        private IReadOnlyList<FormField> ReadFormFields(XElement e, string id, string? name)
        {
            var fields = new List<FormField>();
            foreach (var f in Extensions(e).Where(x => x.Name == V + "formField"))
            {
                CheckAttributes(f, "label", "type", "required");
                var fieldId = Attr(f, "id");
                var typeText = Attr(f, "type") ?? "string";
                if (string.IsNullOrWhiteSpace(fieldId) || !Enum.TryParse<FormFieldType>(typeText, ignoreCase: true, out var type))
                {
                    Problem(id, name, "formulierveld", $"Formulierveld '{fieldId}' heeft een id en een type (string, text, boolean, date, number, enum) nodig; '{typeText}' is onbekend.");
                    continue;
                }
                var options = f.Elements(V + "value").Select(v => new FormFieldOption(Attr(v, "id") ?? "", Attr(v, "name") ?? Attr(v, "id") ?? "")).ToList();
                if (type == FormFieldType.Enum && (options.Count == 0 || options.Any(o => o.Id.Length == 0)))
                    Problem(id, name, "formulierveld", $"Keuzeveld '{fieldId}' heeft keuzes nodig (verzuim:value met id en name).");
                if (fields.Any(x => x.Id == fieldId))
                    Problem(id, name, "formulierveld", $"Formulierveld '{fieldId}' komt twee keer voor.");
                fields.Add(new FormField(fieldId, Attr(f, "label") ?? fieldId, type, Attr(f, "required") == "true", options));
            }
            return fields;
        }

        /// <summary>verzuim:completeOn message="GesprekGehouden" condition="soort === 'mentor'": message is a bpmn:message name of this file.</summary>
        private IReadOnlyList<TaskCompletionMessage> ReadCompleteOn(XElement e, string id, string? name)
        {
            var completions = new List<TaskCompletionMessage>();
            foreach (var c in Extensions(e).Where(x => x.Name == V + "completeOn"))
            {
                CheckAttributes(c, "message", "condition");
                var messageName = Attr(c, "message")?.Trim();
                var message = string.IsNullOrEmpty(messageName) ? null : _messages.Values.FirstOrDefault(m => m.MessageName == messageName);
                if (message is null)
                {
                    Problem(id, name, "taak-bericht", string.IsNullOrEmpty(messageName)
                        ? "verzuim:completeOn noemt het bericht dat de taak afrondt (message, bijv. GesprekGehouden)."
                        : $"verzuim:completeOn noemt bericht '{messageName}', maar dit bestand heeft geen bpmn:message met die naam.");
                    continue;
                }
                var condition = Attr(c, "condition");
                if (condition is not null) CheckExpression(id, name, condition, "afrondvoorwaarde");
                completions.Add(new TaskCompletionMessage(message, condition));
            }
            return completions;
        }

        private static IEnumerable<XElement> Extensions(XElement e) =>
            e.Element(M + "extensionElements")?.Elements() ?? [];

        private void CheckExtensions(XElement e)
        {
            foreach (var x in Extensions(e).Where(x => !IsPresentation(x)))
            {
                if (x.Name.Namespace != V || x.Name.LocalName is not ("output" or "input" or "formField" or "completeOn"))
                    Unsupported(x, $"Extensie '{x.Name}' wordt niet ondersteund; alleen verzuim:output, verzuim:input, verzuim:formField en verzuim:completeOn.", Id(e));
                else if (x.Name.LocalName == "input" && e.Name.LocalName != "callActivity"
                         || x.Name.LocalName is "formField" or "completeOn" && e.Name.LocalName != "userTask")
                    Unsupported(x, $"verzuim:{x.Name.LocalName} hoort niet bij een {e.Name.LocalName}.", Id(e));
            }
        }

        private void CheckOnlyLayoutExtensions(XElement e)
        {
            if (e.Element(M + "extensionElements") is { } ext)
                foreach (var x in ext.Elements().Where(x => !IsPresentation(x)))
                    Unsupported(x, $"Extensie '{x.Name}' wordt hier niet ondersteund.", Id(e));
        }

        private void CheckTimerText(string id, string? name, TimerKind kind, string text, string what, bool alsoDate)
        {
            if (text.Length == 0) { Problem(id, name, "timer-leeg", $"De {what} is leeg."); return; }
            if (text.StartsWith('=')) { CheckExpression(id, name, text[1..], what); return; }
            if (TimerSchedule.TryParse(kind, text, out _, out var error)) return;
            if (alsoDate && TimerSchedule.TryParse(TimerKind.Date, text, out _, out _)) return;
            Problem(id, name, "timer-formaat", error ?? $"Ongeldige {what} '{text}'.");
        }

        private void CheckExpression(string id, string? name, string expression, string what)
        {
            if (ExpressionEvaluator.SyntaxError(expression) is { } error)
                Problem(id, name, "expressie", $"De {what} '{expression}' is geen geldige JavaScript-expressie: {error}");
        }

        /// <summary>Conditions written for another engine: Zeebe's FEEL starts with '=', Camunda 7's JUEL is ${...}.</summary>
        private static string? ForeignLanguage(string condition) =>
            condition.StartsWith('=') ? "FEEL (Camunda 8/Zeebe schrijft '=' ervoor)"
            : condition.StartsWith("${", StringComparison.Ordinal) || condition.StartsWith("#{", StringComparison.Ordinal) ? "JUEL (Camunda 7, ${...})"
            : null;

        /// <summary>False when the language attribute names another language (reported).</summary>
        private bool CheckExpressionLanguage(string id, string? name, XElement e)
        {
            var language = Attr(e, "language");
            var known = language is null || language.ToLowerInvariant() is "javascript" or "js" or "text/javascript" or "application/javascript";
            if (!known)
                Problem(id, name, "expressietaal", language.Contains("feel", StringComparison.OrdinalIgnoreCase)
                    ? $"Expressietaal FEEL ('{language}') wordt niet ondersteund; schrijf de expressie in JavaScript."
                    : $"Expressietaal '{language}' wordt niet ondersteund; gebruik JavaScript.");
            foreach (var a in e.Attributes().Where(a => !a.IsNamespaceDeclaration && !(a.Name == BpmnNamespaces.Xsi + "type" || a.Name.LocalName is "language" or "id")))
                Unsupported(a, id, name);
            return known;
        }

        private void CheckAttributes(XElement e, params string[] allowed)
        {
            foreach (var a in e.Attributes())
            {
                if (a.IsNamespaceDeclaration || BpmnNamespaces.Presentation.Contains(a.Name.Namespace) || BpmnNamespaces.IsModelerMetadata(a.Name)) continue;
                var key = a.Name.Namespace == V ? "verzuim:" + a.Name.LocalName
                    : a.Name.Namespace == XNamespace.None ? a.Name.LocalName : null;
                if (key is "id" or "name" or "verzuim:stap") continue; // a step marker may sit on any flow node
                if (key is null || !allowed.Contains(key)) { Unsupported(a, Attr(e, "id") ?? e.Name.LocalName, Attr(e, "name")); continue; }
                if (OnlyDefault.TryGetValue(key, out var expected) && !string.Equals(a.Value.Trim(), expected, StringComparison.OrdinalIgnoreCase))
                    Problem(Attr(e, "id") ?? e.Name.LocalName, Attr(e, "name"), "attribuut-waarde",
                        $"Attribuut '{key}' wordt alleen ondersteund met de waarde '{expected}', niet '{a.Value}'.");
                if (key == "default" && e.Name.LocalName is not ("exclusiveGateway" or "inclusiveGateway"))
                    Problem(Attr(e, "id") ?? e.Name.LocalName, Attr(e, "name"), "standaardstroom", "Een standaardstroom kan alleen na een exclusieve of inclusieve gateway.");
            }
        }

        private void CheckNoChildren(XElement e, params string[] allowed)
        {
            foreach (var c in e.Elements())
            {
                if (IsPresentation(c) || c.Name.Namespace == M && allowed.Contains(c.Name.LocalName)) continue;
                if (c.Name.Namespace == M && c.Name.LocalName.EndsWith("EventDefinition", StringComparison.Ordinal)) continue; // reported by ReadEventDefinition
                if (MarkerMessage(c.Name.LocalName) is { } marker) UnsupportedOn(e, marker);
                else Unsupported(c, $"Element '{c.Name.LocalName}' wordt hier niet ondersteund.", Id(e));
            }
        }

        /// <summary>Loop markers and data specifications: properties of the element they sit on, which has the id (theirs is optional).</summary>
        private static string? MarkerMessage(string localName) => localName switch
        {
            "multiInstanceLoopCharacteristics" => "Meervoudige instanties (multi-instance) worden niet ondersteund.",
            "standardLoopCharacteristics" => "Lusmarkering wordt niet ondersteund: maak de herhaling met een gateway en een terugstroom.",
            "ioSpecification" or "dataInputAssociation" or "dataOutputAssociation" or "property" =>
                "Data-associaties worden niet ondersteund: gebruik verzuim:input en verzuim:output.",
            _ => null,
        };

        private void UnsupportedOn(XElement owner, string message) =>
            Problem(Attr(owner, "id") ?? $"({owner.Name.LocalName}, regel {((IXmlLineInfo)owner).LineNumber})", Attr(owner, "name"), "niet-ondersteund", message);

        private static bool IsPresentation(XElement e) => BpmnNamespaces.Presentation.Contains(e.Name.Namespace);

        private string Id(XElement e)
        {
            var id = Attr(e, "id");
            if (string.IsNullOrWhiteSpace(id))
            {
                var line = ((IXmlLineInfo)e).LineNumber;
                id = $"({e.Name.LocalName}, regel {line})";
                Problem(id, Attr(e, "name"), "id", "Elk element heeft een id nodig.");
            }
            return id;
        }

        private static string? Attr(XElement e, XName name) => e.Attribute(name)?.Value;

        private static string? Documentation(XElement e)
        {
            var docs = e.Elements(M + "documentation").Select(d => d.Value.Trim()).Where(d => d.Length > 0).ToList();
            return docs.Count == 0 ? null : string.Join("\n", docs);
        }

        private void Unsupported(XElement e, string message, string? ownerId = null)
        {
            var id = Attr(e, "id") ?? ownerId ?? $"({e.Name.LocalName}, regel {((IXmlLineInfo)e).LineNumber})";
            Problem(id, Attr(e, "name"), "niet-ondersteund", message);
        }

        private void Unsupported(XAttribute a, string elementId, string? elementName) =>
            Problem(elementId, elementName, "niet-ondersteund", $"Attribuut '{a.Name}' wordt niet ondersteund.");

        private void Problem(string id, string? name, string rule, string message)
        {
            Problems.Add(new BpmnProblem(id, name, rule, message));
        }

        private void CheckUniqueIds(XElement root)
        {
            foreach (var e in root.Descendants().Where(d => d.Name.Namespace == M))
                if (Attr(e, "id") is { } id && !_ids.Add(id))
                    Problem(id, Attr(e, "name"), "id-uniek", $"Id '{id}' wordt door meer dan één element gebruikt.");
        }
    }
}
