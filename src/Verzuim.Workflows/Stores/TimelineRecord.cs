namespace Verzuim.Workflows.Stores;

public enum TimelineKind
{
    InstanceStarted, ActivityStarted, ActivityCompleted, ActivityCancelled, TaskCreated, TaskCompleted,
    TimerScheduled, TimerFired, MessageCorrelated, MessagePublished, Incident, InstanceCompleted,
    /// <summary>A waiting timer got a new due date because the school calendar under it changed (Detail: the old date and why).</summary>
    TimerRescheduled,
    /// <summary>
    /// A variable the engine keeps a history of changed (WorkflowEngineOptions.HistoryVariables). Element: the node
    /// whose mapping or data set it (the process for an operator or a message's case-wide data); Detail: {"name": value}.
    /// </summary>
    VariableChanged,
    /// <summary>The case moved to another version of its process (Detail: who, the plan, the before and after as JSON).</summary>
    InstanceMigrated,
    /// <summary>The beheerder moved a token to another element (Detail: who, why, from and to as JSON).</summary>
    TokenMoved,
}

/// <summary>What happened to an instance, in order (<see cref="Sequence"/> counts per instance).</summary>
public sealed class TimelineRecord
{
    public long Id { get; set; }
    public Guid InstanceId { get; set; }
    public int Sequence { get; set; }
    public DateTimeOffset At { get; set; }
    public TimelineKind Kind { get; set; }
    public string? ElementId { get; set; }
    public string? ElementName { get; set; }
    public string? ElementType { get; set; }
    public string? Role { get; set; }
    public DateTimeOffset? Due { get; set; }
    public string? Message { get; set; }
    public string? Detail { get; set; }
}
