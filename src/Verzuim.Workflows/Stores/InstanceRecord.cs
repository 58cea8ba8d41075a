namespace Verzuim.Workflows.Stores;

public enum InstanceStatus { Running, Incident, Completed, Terminated }

/// <summary>A running or finished case. Token positions and variables are JSON; waits, tasks and history are rows of their own.</summary>
public sealed class InstanceRecord
{
    public Guid Id { get; set; }
    public Guid DefinitionId { get; set; }
    public required string ProcessId { get; set; }
    public int DefinitionVersion { get; set; }
    /// <summary>The correlation value the case is about (the pupil's pseudonymous id in the escalation models).</summary>
    public string? BusinessKey { get; set; }
    public InstanceStatus Status { get; set; }
    /// <summary>
    /// The indexed scope column: the value of the variable <see cref="Runtime.WorkflowEngineOptions.ScopeVariable"/>
    /// names (Verzuim: schoolId, so every case query by people is scoped to their schools); null without one.
    /// </summary>
    public string? SchoolId { get; set; }
    /// <summary>The protocol step the case is in: the verzuim:stap of the last marked node it entered.</summary>
    public string? Step { get; set; }
    public required string Variables { get; set; }
    public required string State { get; set; }
    public Guid? ParentInstanceId { get; set; }
    public string? ParentTokenId { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>Optimistic concurrency: every write bumps it; a stale write fails and the command is retried.</summary>
    public int Version { get; set; }
}
