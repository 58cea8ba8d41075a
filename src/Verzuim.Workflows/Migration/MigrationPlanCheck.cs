namespace Verzuim.Workflows.Migration;

/// <summary>
/// A plan judged against its two versions: the problems that refuse it, and what each mapped timer and task due date
/// will do (the choice the process owner sees per timer).
/// </summary>
public sealed record MigrationPlanCheck(
    MigrationPlan Plan,
    string ProcessId,
    int SourceVersion,
    int TargetVersion,
    IReadOnlyList<MigrationProblem> Problems,
    IReadOnlyList<TimerPlan> Timers,
    IReadOnlyList<string> Unmapped)
{
    public bool IsValid => Problems.Count == 0;
}

/// <summary>
/// One mapped timer (or user task due date, <see cref="IsTaskDueDate"/>) and the rule that carries it over.
/// </summary>
public sealed record TimerPlan(
    string SourceElementId,
    string TargetElementId,
    string? SourceText,
    string? TargetText,
    TimerRule Rule,
    bool IsTaskDueDate,
    string Explanation);
