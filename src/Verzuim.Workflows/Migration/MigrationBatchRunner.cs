using System.Text.Json;
using Verzuim.Workflows.Runtime;
using Verzuim.Workflows.Stores;

namespace Verzuim.Workflows.Migration;

/// <summary>
/// Durable migration batches: started with a checked plan and a selection of cases, run case by case, each case in its
/// own transaction together with its batch row (so a crash loses and doubles nothing: a case is migrated and marked
/// done at once, or neither), paused, resumed, cancelled, failed cases retried. Any number of runners may work on one
/// batch: a claimed case is locked for the others.
/// </summary>
public sealed class MigrationBatchRunner(WorkflowEngine engine, IMigrationBatchStore batches)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public IMigrationBatchStore Batches => batches;

    /// <summary>A new running batch over <paramref name="instanceIds"/>; refused when the plan is (nothing is stored then).</summary>
    public async Task<MigrationBatchRecord> StartAsync(MigrationPlan plan, IReadOnlyCollection<Guid> instanceIds, string selection, string startedBy,
        CancellationToken ct = default)
    {
        var check = await engine.CheckMigrationPlanAsync(plan, ct);
        if (!check.IsValid) throw new MigrationRefusedException(check.Problems);
        if (instanceIds.Count == 0) throw new ArgumentException("Er zijn geen zaken gekozen om te migreren.", nameof(instanceIds));
        var now = engine.Clock.UtcNow;
        var batch = new MigrationBatchRecord
        {
            Id = Guid.NewGuid(), ProcessId = check.ProcessId, SourceDefinitionId = plan.SourceDefinitionId, TargetDefinitionId = plan.TargetDefinitionId,
            Plan = JsonSerializer.Serialize(plan, Json), Selection = selection.Length > MigrationBatchRecord.MaxSelectionLength ? selection[..MigrationBatchRecord.MaxSelectionLength] : selection,
            Status = MigrationBatchStatus.Running, CreatedBy = startedBy, CreatedAt = now, UpdatedAt = now,
        };
        await batches.AddAsync(batch, instanceIds, ct);
        return batch;
    }

    /// <summary>
    /// Migrates pending cases of the batch until none is left, the batch is paused or cancelled, or
    /// <paramref name="max"/> cases were handled; returns how many were handled (migrated or failed).
    /// </summary>
    public async Task<int> RunAsync(Guid batchId, int max = int.MaxValue, CancellationToken ct = default)
    {
        var batch = await batches.FindAsync(batchId, ct) ?? throw new KeyNotFoundException($"Migratie {batchId} bestaat niet.");
        var plan = JsonSerializer.Deserialize<MigrationPlan>(batch.Plan, Json)!;
        var handled = 0;
        while (handled < max)
        {
            ct.ThrowIfCancellationRequested();
            Guid? claimed = null;
            try
            {
                var result = await engine.MigrateClaimedAsync(plan, batch.CreatedBy,
                    async (unitOfWork, token) => (await batches.ClaimNextAsync(unitOfWork, batchId, token))?.InstanceId,
                    async (unitOfWork, preview, token) =>
                    {
                        // the row the claim locked, tracked by this unit of work: it commits with the case
                        var row = await batches.ClaimedAsync(unitOfWork, batchId, preview.InstanceId, token);
                        row.Status = MigrationCaseStatus.Migrated;
                        row.Attempts++;
                        row.Error = null;
                        row.Result = JsonSerializer.Serialize(preview, Json);
                        row.FinishedAt = engine.Clock.UtcNow;
                    },
                    id => claimed = id, ct);
                if (result is null) break;
            }
            catch (Exception e) when (claimed is { } id && e is not OperationCanceledException)
            {
                await batches.MarkFailedAsync(batchId, id, Reason(e), engine.Clock.UtcNow, ct);
            }
            handled++;
        }
        await batches.CompleteIfDoneAsync(batchId, engine.Clock.UtcNow, ct);
        return handled;
    }

    public Task<bool> PauseAsync(Guid batchId, string by, CancellationToken ct = default) =>
        batches.ChangeStatusAsync(batchId, [MigrationBatchStatus.Running], MigrationBatchStatus.Paused, by, engine.Clock.UtcNow, ct);

    public Task<bool> ResumeAsync(Guid batchId, string by, CancellationToken ct = default) =>
        batches.ChangeStatusAsync(batchId, [MigrationBatchStatus.Paused], MigrationBatchStatus.Running, by, engine.Clock.UtcNow, ct);

    /// <summary>Pending cases stay where they are; cases already migrated stay migrated (each was its own transaction).</summary>
    public Task<bool> CancelAsync(Guid batchId, string by, CancellationToken ct = default) =>
        batches.ChangeStatusAsync(batchId, [MigrationBatchStatus.Running, MigrationBatchStatus.Paused], MigrationBatchStatus.Cancelled, by, engine.Clock.UtcNow, ct);

    /// <summary>Failed cases (all or the given ones) pending again and the batch running again; how many.</summary>
    public async Task<int> RetryAsync(Guid batchId, IReadOnlyCollection<Guid>? instanceIds, string by, CancellationToken ct = default)
    {
        var count = await batches.RetryFailedAsync(batchId, instanceIds, ct);
        if (count > 0)
            await batches.ChangeStatusAsync(batchId, [MigrationBatchStatus.Completed, MigrationBatchStatus.Paused], MigrationBatchStatus.Running, by, engine.Clock.UtcNow, ct);
        return count;
    }

    private static string Reason(Exception e) => e switch
    {
        MigrationRefusedException refused => string.Join("; ", refused.Problems),
        KeyNotFoundException or InvalidOperationException => e.Message,
        _ => $"{e.GetType().Name}: {e.Message}",
    };
}
