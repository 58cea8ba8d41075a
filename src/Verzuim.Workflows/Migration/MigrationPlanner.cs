using Verzuim.Workflows.Model;
using Verzuim.Workflows.Time;

namespace Verzuim.Workflows.Migration;

/// <summary>
/// Proposes and judges migration plans between two versions of a process, from the models alone (the per-case checks
/// are in <see cref="CaseMigrator"/>).
/// </summary>
public static class MigrationPlanner
{
    /// <summary>Every source element whose id exists in the target with the same kind maps to it.</summary>
    /// <remarks>
    /// A same-id element whose sub-process or activity did not map (a boundary event whose activity was renamed) is left
    /// out too, so the proposal never holds a mapping its own check refuses; the process owner maps it by hand.
    /// </remarks>
    public static MigrationPlan Propose(Guid sourceDefinitionId, ProcessModel source, Guid targetDefinitionId, ProcessModel target)
    {
        var mapped = source.NodesById.Values
            .Where(s => target.NodesById.TryGetValue(s.Id, out var t) && KindOf(s) == KindOf(t))
            .Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        bool Consistent(string id)
        {
            var (s, t) = (source.Node(id), target.Node(id));
            if ((s.Container?.Id, t.Container?.Id) is var (sc, tc) && sc != tc) return false;
            if (s.Container is { } scope && !mapped.Contains(scope.Id)) return false;
            return s is not BoundaryEvent b || (b.AttachedToId == ((BoundaryEvent)t).AttachedToId && mapped.Contains(b.AttachedToId));
        }
        while (mapped.FirstOrDefault(id => !Consistent(id)) is { } inconsistent) mapped.Remove(inconsistent);
        return new(sourceDefinitionId, targetDefinitionId,
            mapped.Order(StringComparer.Ordinal).Select(id => new ElementMapping(id, id)).ToList());
    }

    /// <summary>
    /// The problems that refuse the plan whatever the cases: unknown elements, a mapping that changes an element's
    /// kind, moves it to another scope or a boundary event to another activity; and each timer's carry-over rule.
    /// </summary>
    public static (List<MigrationProblem> Problems, List<TimerPlan> Timers, List<string> Unmapped) Check(
        MigrationPlan plan, ProcessModel source, ProcessModel target)
    {
        var problems = new List<MigrationProblem>();
        var timers = new List<TimerPlan>();
        foreach (var group in plan.Mappings.GroupBy(m => m.SourceElementId).Where(g => g.Count() > 1))
            problems.Add(new(group.Key, "dubbele-mapping", $"'{group.Key}' heeft {group.Count()} mappings; een element gaat naar precies één element."));
        foreach (var mapping in plan.Mappings)
        {
            if (!source.NodesById.TryGetValue(mapping.SourceElementId, out var s))
            {
                problems.Add(new(mapping.SourceElementId, "onbekend-bronelement", $"'{mapping.SourceElementId}' bestaat niet in de bronversie van '{source.Id}'."));
                continue;
            }
            if (!target.NodesById.TryGetValue(mapping.TargetElementId, out var t))
            {
                problems.Add(new(mapping.SourceElementId, "onbekend-doelelement",
                    $"{Label(s)} wordt gemapt op '{mapping.TargetElementId}', dat niet bestaat in de doelversie."));
                continue;
            }
            if (KindOf(s) != KindOf(t))
            {
                problems.Add(new(s.Id, "soort-gewijzigd",
                    $"{Label(s)} is een {KindOf(s)} en {Label(t)} een {KindOf(t)}: een element kan bij migratie niet van soort wisselen."));
                continue;
            }
            if (plan.TargetOf(s.Container?.Id ?? "") != t.Container?.Id && !(s.Container is null && t.Container is null))
                problems.Add(new(s.Id, "ander-bereik",
                    $"{Label(s)} ligt in {ScopeLabel(s.Container)}, {Label(t)} in {ScopeLabel(t.Container)}; het subproces eromheen moet op dat van het doel gemapt zijn."));
            if (s is BoundaryEvent sb && t is BoundaryEvent tb && plan.TargetOf(sb.AttachedToId) != tb.AttachedToId)
                problems.Add(new(s.Id, "andere-activiteit",
                    $"Randgebeurtenis {Label(s)} hangt aan '{sb.AttachedToId}', {Label(t)} aan '{tb.AttachedToId}'; die activiteiten moeten op elkaar gemapt zijn."));
            if (TimerOf(t) is { } targetTimer)
            {
                var rule = plan.OverrideOf(s.Id) ?? AutomaticRule(targetTimer);
                timers.Add(new(s.Id, t.Id, TimerOf(s)?.Text, targetTimer.Text, rule, IsTaskDueDate: false, Explain(rule, TimerOf(s)?.Text, targetTimer.Text)));
            }
            if (s is UserTask su && t is UserTask tu && (su.DueDate is not null || tu.DueDate is not null))
            {
                var rule = tu.DueDate is null ? TimerRule.KeepDueDate : AutomaticRule(DueDateTimer(tu.DueDate));
                timers.Add(new(s.Id, t.Id, su.DueDate, tu.DueDate, rule, IsTaskDueDate: true,
                    tu.DueDate is null ? "de doelversie heeft geen termijn: de taak krijgt geen termijn" : Explain(rule, su.DueDate, tu.DueDate)));
            }
        }
        var unmapped = source.NodesById.Keys.Where(id => plan.TargetOf(id) is null).Order(StringComparer.Ordinal).ToList();
        return (problems, timers, unmapped);
    }

    /// <summary>The automatic rule for a target timer: a date stays a date, a duration counts from the timer's own start.</summary>
    internal static TimerRule AutomaticRule(TimerEventDefinition timer)
    {
        if (timer.IsExpression) return TimerRule.ElapsedClockTime; // decided per case: school time when the value is
        if (timer.Kind == TimerKind.Date) return TimerRule.FixedDate;
        return TimerSchedule.TryParse(timer.Kind, timer.Text, out var schedule, out _) && schedule!.IsSchoolTime
            ? TimerRule.ElapsedSchoolTime : TimerRule.ElapsedClockTime;
    }

    /// <summary>A task's due date read as the engine reads it: a duration when it parses as one, otherwise a date.</summary>
    internal static TimerEventDefinition DueDateTimer(string dueDate) =>
        new(dueDate.StartsWith('=') || TimerSchedule.TryParse(TimerKind.Duration, dueDate, out _, out _) ? TimerKind.Duration : TimerKind.Date, dueDate);

    private static string Explain(TimerRule rule, string? from, string? to) => rule switch
    {
        TimerRule.ElapsedSchoolTime => $"'{to}' vanaf de start van de termijn, in schooltijd op de kalender van de school: de al verstreken schooltijd telt mee, vakanties niet (was '{from}')",
        TimerRule.ElapsedClockTime => $"'{to}' vanaf de start van de termijn: de al verstreken tijd telt mee (was '{from}')",
        TimerRule.FixedDate => $"datum '{to}' (was '{from}')",
        _ => $"de vervaldatum blijft staan (het doel zegt '{to}')",
    };

    /// <summary>What kind of element it is for migration: the BPMN type and, for events, what triggers it.</summary>
    internal static string KindOf(FlowNode node)
    {
        var trigger = node switch
        {
            StartEvent s => s.Trigger,
            IntermediateCatchEvent c => c.Trigger,
            BoundaryEvent b => b.Trigger,
            EndEvent e => e.Result,
            _ => null,
        };
        var kind = trigger switch
        {
            TimerEventDefinition => $"{node.BpmnType} (timer)",
            MessageEventDefinition => $"{node.BpmnType} (bericht)",
            TerminateEventDefinition => $"{node.BpmnType} (beëindigen)",
            _ => node.BpmnType,
        };
        return node is SubProcess { TriggeredByEvent: true } ? $"{kind} (gebeurtenis)" : kind;
    }

    internal static TimerEventDefinition? TimerOf(FlowNode node) =>
        (node switch { BoundaryEvent b => b.Trigger, IntermediateCatchEvent c => c.Trigger, StartEvent s => s.Trigger, _ => null }) as TimerEventDefinition;

    /// <summary>'Naam' (id), or 'id' for an element without a name.</summary>
    internal static string Label(FlowNode node) => node.Name is { Length: > 0 } name ? $"'{name}' ({node.Id})" : $"'{node.Id}'";

    private static string ScopeLabel(SubProcess? scope) => scope is null ? "het proces zelf" : $"subproces '{scope.Id}'";
}
