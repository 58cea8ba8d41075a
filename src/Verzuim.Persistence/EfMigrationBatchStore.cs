using Microsoft.EntityFrameworkCore;
using Verzuim.Workflows.Stores;

namespace Verzuim.Persistence;

/// <summary><see cref="IMigrationBatchStore"/> on the EF Core store; the claim takes the row with FOR UPDATE SKIP LOCKED on PostgreSQL.</summary>
public sealed class EfMigrationBatchStore(WorkflowStore store) : IMigrationBatchStore
{
    public async Task AddAsync(MigrationBatchRecord batch, IReadOnlyCollection<Guid> instanceIds, CancellationToken ct = default)
    {
        await using var db = store.CreateContext();
        db.MigrationBatches.Add(batch);
        db.MigrationBatchCases.AddRange(instanceIds.Distinct().Select(id => new MigrationBatchCaseRecord
        {
            BatchId = batch.Id, InstanceId = id, Status = MigrationCaseStatus.Pending,
        }));
        await db.SaveChangesAsync(ct); // one statement batch in one transaction
    }

    public async Task<MigrationBatchRecord?> FindAsync(Guid batchId, CancellationToken ct = default)
    {
        await using var db = store.CreateContext();
        return await db.MigrationBatches.AsNoTracking().SingleOrDefaultAsync(b => b.Id == batchId, ct);
    }

    public async Task<List<MigrationBatchRecord>> OfDefinitionAsync(Guid definitionId, CancellationToken ct = default)
    {
        await using var db = store.CreateContext();
        var batches = await db.MigrationBatches.AsNoTracking()
            .Where(b => b.SourceDefinitionId == definitionId || b.TargetDefinitionId == definitionId).ToListAsync(ct);
        return [.. batches.OrderByDescending(b => b.CreatedAt)];
    }

    public async Task<List<MigrationBatchCaseRecord>> CasesAsync(Guid batchId, CancellationToken ct = default)
    {
        await using var db = store.CreateContext();
        return await db.MigrationBatchCases.AsNoTracking().Where(c => c.BatchId == batchId).OrderBy(c => c.InstanceId).ToListAsync(ct);
    }

    public async Task<List<Guid>> RunningAsync(CancellationToken ct = default)
    {
        await using var db = store.CreateContext();
        var running = await db.MigrationBatches.AsNoTracking().Where(b => b.Status == MigrationBatchStatus.Running)
            .Select(b => new { b.Id, b.CreatedAt }).ToListAsync(ct);
        return [.. running.OrderBy(b => b.CreatedAt).Select(b => b.Id)];
    }

    public async Task<List<Guid>> OpenCasesAsync(Guid definitionId, string? schoolId, string? step, CancellationToken ct = default)
    {
        await using var db = store.CreateContext();
        var query = db.Instances.AsNoTracking().Where(i => i.DefinitionId == definitionId && i.ParentInstanceId == null
            && (i.Status == InstanceStatus.Running || i.Status == InstanceStatus.Incident));
        if (schoolId is not null) query = query.Where(i => i.SchoolId == schoolId);
        if (step is not null) query = query.Where(i => i.Step == step);
        var cases = await query.Select(i => new { i.Id, i.StartedAt }).ToListAsync(ct);
        return [.. cases.OrderBy(c => c.StartedAt).ThenBy(c => c.Id).Select(c => c.Id)];
    }

    public async Task<bool> ChangeStatusAsync(Guid batchId, IReadOnlyCollection<MigrationBatchStatus> from, MigrationBatchStatus to, string by,
        DateTimeOffset at, CancellationToken ct = default)
    {
        await using var db = store.CreateContext();
        var allowed = from.ToList();
        return await db.MigrationBatches.Where(b => b.Id == batchId && allowed.Contains(b.Status))
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.Status, to).SetProperty(b => b.ChangedBy, by).SetProperty(b => b.UpdatedAt, at), ct) > 0;
    }

    public async Task<int> RetryFailedAsync(Guid batchId, IReadOnlyCollection<Guid>? instanceIds, CancellationToken ct = default)
    {
        await using var db = store.CreateContext();
        var failed = db.MigrationBatchCases.Where(c => c.BatchId == batchId && c.Status == MigrationCaseStatus.Failed);
        if (instanceIds is not null)
        {
            var ids = instanceIds.ToList();
            failed = failed.Where(c => ids.Contains(c.InstanceId));
        }
        return await failed.ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, MigrationCaseStatus.Pending).SetProperty(c => c.Error, (string?)null), ct);
    }

    public async Task<MigrationBatchCaseRecord?> ClaimNextAsync(IWorkflowUnitOfWork unitOfWork, Guid batchId, CancellationToken ct = default)
    {
        var db = ((IEfUnitOfWork)unitOfWork).Db;
        if (!db.SupportsRowLocks)
            return await db.MigrationBatchCases
                .Where(c => c.BatchId == batchId && c.Status == MigrationCaseStatus.Pending
                    && db.MigrationBatches.Any(b => b.Id == batchId && b.Status == MigrationBatchStatus.Running))
                .OrderBy(c => c.InstanceId).FirstOrDefaultAsync(ct);
        return await db.MigrationBatchCases.FromSqlInterpolated($"""
                SELECT c.* FROM migration_batch_cases c JOIN migration_batches b ON b."Id" = c."BatchId"
                WHERE c."BatchId" = {batchId} AND c."Status" = 'Pending' AND b."Status" = 'Running'
                ORDER BY c."InstanceId" LIMIT 1 FOR UPDATE OF c SKIP LOCKED
                """).ToListAsync(ct) is [var row, ..] ? row : null; // not composed: the locking clause stays outermost
    }

    public async Task<MigrationBatchCaseRecord> ClaimedAsync(IWorkflowUnitOfWork unitOfWork, Guid batchId, Guid instanceId, CancellationToken ct = default) =>
        await ((IEfUnitOfWork)unitOfWork).Db.MigrationBatchCases.SingleAsync(c => c.BatchId == batchId && c.InstanceId == instanceId, ct); // the tracked row

    public async Task MarkFailedAsync(Guid batchId, Guid instanceId, string error, DateTimeOffset at, CancellationToken ct = default)
    {
        await using var db = store.CreateContext();
        await db.MigrationBatchCases.Where(c => c.BatchId == batchId && c.InstanceId == instanceId && c.Status == MigrationCaseStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, MigrationCaseStatus.Failed).SetProperty(c => c.Error, error)
                .SetProperty(c => c.FinishedAt, at).SetProperty(c => c.Attempts, c => c.Attempts + 1), ct);
    }

    public async Task<bool> CompleteIfDoneAsync(Guid batchId, DateTimeOffset at, CancellationToken ct = default)
    {
        await using var db = store.CreateContext();
        return await db.MigrationBatches
            .Where(b => b.Id == batchId && b.Status == MigrationBatchStatus.Running
                && !db.MigrationBatchCases.Any(c => c.BatchId == batchId && c.Status == MigrationCaseStatus.Pending))
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.Status, MigrationBatchStatus.Completed).SetProperty(b => b.UpdatedAt, at), ct) > 0;
    }
}
