using Microsoft.EntityFrameworkCore;
using Verzuim.Cases.Audit;
using Verzuim.Persistence;
using StoredStatus = Verzuim.Persistence.ErrorMessageStatus;
using Verzuim.Workflows.Stores;

namespace Verzuim.Cases.ErrorMessages;

/// <summary>
/// The messages the inbound queue could not process (the table <c>error_messages</c>): captured once per broker
/// message id, listed for the beheerder, and handled (offered again or discarded) together with the audit entry in
/// one transaction. A handled row keeps who, when and what, and no longer the body.
/// </summary>
public sealed class ErrorMessageStore(WorkflowStore store, AuditTrail audit)
{
    /// <summary>Stores a captured message; false when a row with its id is there already (a redelivery, or another host was first).</summary>
    public async Task<bool> CaptureAsync(ErrorMessage message, CancellationToken ct)
    {
        var record = message.ToRecord();
        await using var db = store.CreateContext();
        if (await db.ErrorMessages.AnyAsync(e => e.Id == record.Id, ct)) return false;
        db.ErrorMessages.Add(record);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException)
        {
            if (await ExistsAsync(record.Id, ct)) return false; // another host stored it first
            throw;
        }
        return true;
    }

    public async Task<IReadOnlyList<ErrorMessage>> ListAsync(ErrorMessageQuery q, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        var query = db.ErrorMessages.AsNoTracking();
        query = q.Handled switch
        {
            false => query.Where(e => e.Status == StoredStatus.Open),
            true => query.Where(e => e.Status != StoredStatus.Open),
            null => query,
        };
        if (q.MessageType == ErrorMessageQuery.UnknownType) query = query.Where(e => e.MessageType == null);
        else if (q.MessageType is { } type) query = query.Where(e => e.MessageType == type);
        if (q.SchoolId is { } school) query = query.Where(e => e.SchoolId == school);
        if (q.FailedFrom is { } from) query = query.Where(e => e.FailedAt >= from);
        if (q.FailedBefore is { } before) query = query.Where(e => e.FailedAt < before);
        return (await query.OrderBy(e => e.FailedAt).Take(q.Max).ToListAsync(ct)).Select(ErrorMessage.From).ToList();
    }

    public async Task<ErrorMessage?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        return await db.ErrorMessages.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, ct) is { } r ? ErrorMessage.From(r) : null;
    }

    /// <summary>The rows of later offers of this one that failed again, oldest first.</summary>
    public async Task<IReadOnlyList<(Guid Id, DateTimeOffset FailedAt)>> ReplaysOfAsync(Guid id, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        return (await db.ErrorMessages.AsNoTracking().Where(e => e.ReplayOf == id).OrderBy(e => e.FailedAt)
            .Select(e => new { e.Id, e.FailedAt }).ToListAsync(ct)).Select(e => (e.Id, e.FailedAt)).ToList();
    }

    /// <summary>
    /// Marks an open row handled (its body cleared) with the audit entry, in one transaction; false when the row was
    /// handled already (by another beheerder, or a second click), and then nothing is written.
    /// </summary>
    public async Task<bool> HandleAsync(Guid id, ErrorMessageStatus status, string by, DateTimeOffset at, string? note, AuditEntry entry, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var stored = ErrorMessage.Stored(status);
        var changed = await db.ErrorMessages.Where(e => e.Id == id && e.Status == StoredStatus.Open)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, stored).SetProperty(e => e.HandledAt, at).SetProperty(e => e.HandledBy, by)
                .SetProperty(e => e.HandledNote, note).SetProperty(e => e.Body, (string?)null), ct);
        if (changed == 0) return false;
        await audit.AddAsync(db, entry, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return true;
    }

    private async Task<bool> ExistsAsync(Guid id, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        return await db.ErrorMessages.AnyAsync(e => e.Id == id, ct);
    }
}
