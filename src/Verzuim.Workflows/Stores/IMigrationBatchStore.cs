namespace Verzuim.Workflows.Stores;

/// <summary>
/// Where durable migration batches live. Reads and status changes run on their own; <see cref="ClaimNextAsync"/> runs
/// inside the unit of work that migrates the claimed case, so the case and its row commit together or not at all.
/// </summary>
public interface IMigrationBatchStore
{
    /// <summary>The batch and a pending row per case, in one transaction.</summary>
    Task AddAsync(MigrationBatchRecord batch, IReadOnlyCollection<Guid> instanceIds, CancellationToken ct = default);

    Task<MigrationBatchRecord?> FindAsync(Guid batchId, CancellationToken ct = default);

    /// <summary>Batches from or to the definition, newest first.</summary>
    Task<List<MigrationBatchRecord>> OfDefinitionAsync(Guid definitionId, CancellationToken ct = default);

    Task<List<MigrationBatchCaseRecord>> CasesAsync(Guid batchId, CancellationToken ct = default);

    /// <summary>Ids of batches that are running, oldest first (what a runner picks up after a restart).</summary>
    Task<List<Guid>> RunningAsync(CancellationToken ct = default);

    /// <summary>
    /// Open cases (running or on an incident, no caller) of the definition, optionally of one school and step, by
    /// start: the selection "every case of a version" or "school and step".
    /// </summary>
    Task<List<Guid>> OpenCasesAsync(Guid definitionId, string? schoolId, string? step, CancellationToken ct = default);

    /// <summary>Sets the status when it is one of <paramref name="from"/>; false when it was not (a conditional update, so two changes cannot cross).</summary>
    Task<bool> ChangeStatusAsync(Guid batchId, IReadOnlyCollection<MigrationBatchStatus> from, MigrationBatchStatus to, string by, DateTimeOffset at,
        CancellationToken ct = default);

    /// <summary>Failed cases (all, or those in <paramref name="instanceIds"/>) back to pending; how many.</summary>
    Task<int> RetryFailedAsync(Guid batchId, IReadOnlyCollection<Guid>? instanceIds, CancellationToken ct = default);

    /// <summary>
    /// In <paramref name="unitOfWork"/>: the next pending case of the batch while the batch is running, locked until the
    /// unit of work ends (another runner skips it); tracked, so changing it commits with the unit of work. Null when none.
    /// </summary>
    Task<MigrationBatchCaseRecord?> ClaimNextAsync(IWorkflowUnitOfWork unitOfWork, Guid batchId, CancellationToken ct = default);

    /// <summary>The row <see cref="ClaimNextAsync"/> claimed in <paramref name="unitOfWork"/> (tracked there).</summary>
    Task<MigrationBatchCaseRecord> ClaimedAsync(IWorkflowUnitOfWork unitOfWork, Guid batchId, Guid instanceId, CancellationToken ct = default);

    /// <summary>A case whose migration was refused or failed: Failed with the reason (its own transaction; the migration rolled back).</summary>
    Task MarkFailedAsync(Guid batchId, Guid instanceId, string error, DateTimeOffset at, CancellationToken ct = default);

    /// <summary>A running batch without pending cases becomes Completed; true when it did.</summary>
    Task<bool> CompleteIfDoneAsync(Guid batchId, DateTimeOffset at, CancellationToken ct = default);
}
