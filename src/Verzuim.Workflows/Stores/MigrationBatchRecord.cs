namespace Verzuim.Workflows.Stores;

public enum MigrationBatchStatus { Running, Paused, Cancelled, Completed }

/// <summary>
/// A durable migration of many cases under one plan: who started it, the plan as JSON, and its state. The cases are
/// rows of their own (<see cref="MigrationBatchCaseRecord"/>), each migrated in its own transaction.
/// </summary>
public sealed class MigrationBatchRecord
{
    public const int MaxSelectionLength = 500;

    public Guid Id { get; set; }
    public required string ProcessId { get; set; }
    public Guid SourceDefinitionId { get; set; }
    public Guid TargetDefinitionId { get; set; }
    /// <summary>The <see cref="Migration.MigrationPlan"/> as JSON: the plan the cases migrate under, also when it is later edited.</summary>
    public required string Plan { get; set; }
    /// <summary>How the cases were chosen, for the record ("geselecteerd: 3 zaken", "school S-APD-01, stap Stap 2").</summary>
    public required string Selection { get; set; }
    public MigrationBatchStatus Status { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>Who paused, cancelled or resumed it last.</summary>
    public string? ChangedBy { get; set; }
}

public enum MigrationCaseStatus { Pending, Migrated, Failed, Skipped }

/// <summary>One case of a batch and what happened to it: migrated (with the before and after), failed (with the reason; retryable) or pending.</summary>
public sealed class MigrationBatchCaseRecord
{
    public Guid BatchId { get; set; }
    public Guid InstanceId { get; set; }
    public MigrationCaseStatus Status { get; set; }
    public int Attempts { get; set; }
    /// <summary>Failed: why (the problems that refused it, naming the element).</summary>
    public string? Error { get; set; }
    /// <summary>Migrated: the <see cref="Migration.CaseMigrationPreview"/> of what it did (before and after) as JSON.</summary>
    public string? Result { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
}
