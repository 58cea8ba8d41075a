namespace Verzuim.Workflows.Migration;

/// <summary>
/// What migrating one case does (or did): where its tokens stand in the target, its timers' and tasks' due dates
/// before and after, and the problems that refuse it. A preview and the migration itself compute it the same way.
/// </summary>
public sealed record CaseMigrationPreview(
    Guid InstanceId,
    string? BusinessKey,
    string? SchoolId,
    string? Step,
    int SourceVersion,
    int TargetVersion,
    IReadOnlyList<MigrationProblem> Problems,
    IReadOnlyList<ActiveElementChange> ActiveElements,
    IReadOnlyList<TimerChange> Timers,
    IReadOnlyList<TaskChange> Tasks)
{
    public bool CanMigrate => Problems.Count == 0;
}

/// <summary>A token's element in the source and in the target version.</summary>
public sealed record ActiveElementChange(string SourceElementId, string TargetElementId, string? TargetName);

/// <summary>
/// A wait's timer: kept (both dates), removed (its element is gone: <see cref="NewDue"/> null) or new (a timer the
/// target adds to an active element: <see cref="OldDue"/> null).
/// </summary>
public sealed record TimerChange(
    string? SourceElementId,
    string? TargetElementId,
    DateTimeOffset? OldDue,
    DateTimeOffset? NewDue,
    TimerRule? Rule,
    string Explanation);

/// <summary>An open task: it keeps its id, claim and role; its due date is recomputed as a timer is.</summary>
public sealed record TaskChange(
    Guid TaskId,
    string SourceElementId,
    string TargetElementId,
    string? ClaimedBy,
    DateTimeOffset? OldDue,
    DateTimeOffset? NewDue);
