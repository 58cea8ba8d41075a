using Microsoft.EntityFrameworkCore;
using Verzuim.Workflows.Management;
using Verzuim.Workflows.Stores;

namespace Verzuim.Persistence.Management;

/// <summary>
/// <see cref="IOutboxDispatch"/> on the store: an advisory lock on PostgreSQL (SQLite has one writer), rows claimed
/// with a row lock, marked dispatched in the same transaction. A crash between publish and commit publishes the row
/// again with the same message id, which receivers deduplicate.
/// </summary>
public sealed class EfOutboxDispatch(WorkflowStore store) : IOutboxDispatch
{
    private const int MaxAttempts = 10;
    private const long OutboxLockKey = 0x56_45_52_5A_4F_55_54; // "VERZOUT": apart from the engine's per-key locks

    public async Task<OutboxDispatchResult> DispatchAsync(int max, Func<OutboxMessage, CancellationToken, Task> publish, CancellationToken ct = default)
    {
        await using var db = store.CreateContext();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // one dispatcher at a time across hosts: two hosts sending neighbouring batches at once could overtake each
        // other, and a case's CaseGesloten arrive before its DuoMeldingVereist. The lock ends with the transaction.
        if (db.SupportsRowLocks
            && !await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock({OutboxLockKey}) AS \"Value\"").SingleAsync(ct))
            return new(0);
        var rows = db.SupportsRowLocks
            ? await db.Outbox.FromSqlInterpolated($"""
                SELECT * FROM outbox WHERE "DispatchedAt" IS NULL AND "Attempts" < {MaxAttempts}
                ORDER BY "Position" LIMIT {max} FOR UPDATE SKIP LOCKED
                """).ToListAsync(ct)
            : await db.Outbox.Where(o => o.DispatchedAt == null && o.Attempts < MaxAttempts).OrderBy(o => o.Position).Take(max).ToListAsync(ct);
        if (rows.Count == 0) return new(0);

        var result = new OutboxDispatchResult(0);
        foreach (var row in rows)
        {
            row.Attempts++;
            var message = new OutboxMessage(row.Id, row.MessageName, row.Payload, row.CorrelationKey, row.CreatedAt, row.Attempts);
            try
            {
                await publish(message, ct);
                row.DispatchedAt = DateTimeOffset.UtcNow;
                row.LastError = null;
                result = result with { Sent = result.Sent + 1 };
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                row.LastError = e.Message;
                result = result with { Failed = message, Error = e.Message };
                break; // keep order: later rows wait for this one
            }
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return result;
    }
}
