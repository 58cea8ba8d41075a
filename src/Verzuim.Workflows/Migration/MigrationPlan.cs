namespace Verzuim.Workflows.Migration;

/// <summary>
/// How running cases of one published version move to another: which element of the source becomes which element
/// of the target, and per timer how its due date is carried over. Elements without a mapping are gone in the target.
/// </summary>
public sealed record MigrationPlan(
    Guid SourceDefinitionId,
    Guid TargetDefinitionId,
    IReadOnlyList<ElementMapping> Mappings,
    IReadOnlyList<TimerOverride>? TimerOverrides = null)
{
    public IReadOnlyList<TimerOverride> TimerOverrides { get; init; } = TimerOverrides ?? [];

    /// <summary>The target element of a source element, null when it has no mapping.</summary>
    public string? TargetOf(string sourceElementId) =>
        Mappings.FirstOrDefault(m => m.SourceElementId == sourceElementId)?.TargetElementId;

    /// <summary>The rule the process owner chose for a timer, null for the automatic one.</summary>
    public TimerRule? OverrideOf(string sourceElementId) =>
        TimerOverrides.FirstOrDefault(o => o.SourceElementId == sourceElementId)?.Rule;
}

/// <summary>The source element <see cref="SourceElementId"/> continues as <see cref="TargetElementId"/> in the target version.</summary>
public sealed record ElementMapping(string SourceElementId, string TargetElementId);

/// <summary>A timer's carry-over rule chosen by hand instead of the automatic one.</summary>
public sealed record TimerOverride(string SourceElementId, TimerRule Rule);
