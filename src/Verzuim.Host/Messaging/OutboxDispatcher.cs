using Verzuim.Host.Engine;
using System.Text.Json;
using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Verzuim.Contracts;
using Verzuim.Persistence;
using Verzuim.Workflows.Stores;

namespace Verzuim.Host.Messaging;

/// <summary>
/// Publishes what the engine wrote to its outbox, in order, after the step that wrote it committed. One host at a
/// time dispatches (an advisory lock on PostgreSQL), rows are claimed with a row lock, published with broker confirmation,
/// then marked dispatched; a crash between publish and mark publishes it again with the same message id, which
/// receivers deduplicate. A row whose message is no contract is kept with its error for an operator.
/// </summary>
public sealed class OutboxDispatcher(WorkflowStore store, StoreInitializer initializer, IServiceScopeFactory scopes, IOptions<MessagingOptions> options,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private const int MaxAttempts = 10;
    private const long OutboxLockKey = 0x56_45_52_5A_4F_55_54; // "VERZOUT": apart from the engine's per-key locks

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try { await initializer.Ready.WaitAsync(stoppingToken); } // no polling of tables that are not migrated yet
        catch (OperationCanceledException) { return; }
        while (!stoppingToken.IsCancellationRequested)
        {
            var sent = 0;
            try { sent = await DispatchBatchAsync(50, stoppingToken); }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            catch (Exception e) { logger.LogError(e, "Outbox dispatch failed; retrying"); }
            if (sent > 0) continue;
            try { await Task.Delay(options.Value.OutboxPollInterval, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
    }

    public async Task<int> DispatchBatchAsync(int max, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // one dispatcher at a time across hosts: two hosts sending neighbouring batches at once could overtake each
        // other, and a case's CaseGesloten arrive before its DuoMeldingVereist. The lock ends with the transaction.
        if (db.SupportsRowLocks
            && !await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock({OutboxLockKey}) AS \"Value\"").SingleAsync(ct))
            return 0;
        var rows = db.SupportsRowLocks
            ? await db.Outbox.FromSqlInterpolated($"""
                SELECT * FROM outbox WHERE "DispatchedAt" IS NULL AND "Attempts" < {MaxAttempts}
                ORDER BY "Position" LIMIT {max} FOR UPDATE SKIP LOCKED
                """).ToListAsync(ct)
            : await db.Outbox.Where(o => o.DispatchedAt == null && o.Attempts < MaxAttempts).OrderBy(o => o.Position).Take(max).ToListAsync(ct);
        if (rows.Count == 0) return 0;

        using var scope = scopes.CreateScope();
        var publisher = scope.ServiceProvider.GetRequiredService<IPublishEndpoint>();
        var sent = 0;
        foreach (var row in rows)
        {
            row.Attempts++;
            try
            {
                var (type, message) = ToContract(row);
                await publisher.Publish(message, type, ctx => ctx.MessageId = row.Id, ct);
                row.DispatchedAt = DateTimeOffset.UtcNow;
                row.LastError = null;
                sent++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                row.LastError = e.Message;
                logger.LogWarning("Outbox message {Name} {Id} not published (attempt {Attempt}): {Error}", row.MessageName, row.Id, row.Attempts, e.Message);
                break; // keep order: later rows wait for this one
            }
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return sent;
    }

    /// <summary>The model's payload, completed with what every contract carries: id, time, pupil.</summary>
    public static (Type Type, object Message) ToContract(OutboxRecord row)
    {
        if (!MessageNames.Types.TryGetValue(row.MessageName, out var type))
            throw new InvalidOperationException($"'{row.MessageName}' is geen bekend contract; bekend: {string.Join(", ", MessageNames.Types.Keys.Order())}.");
        var payload = JsonNode.Parse(row.Payload) as JsonObject ?? [];
        payload["berichtId"] = row.Id;
        payload["tijdstip"] = row.CreatedAt;
        if (payload["leerlingId"] is null && row.CorrelationKey is not null) payload["leerlingId"] = row.CorrelationKey;
        var message = payload.Deserialize(type, ContractJson.Options)
            ?? throw new InvalidOperationException($"Inhoud past niet op {row.MessageName}.");
        PupilEventValidation.Validate((IPupilEvent)message);
        return (type, message);
    }
}
