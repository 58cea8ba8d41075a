using System.Text.Json.Nodes;
using Verzuim.Cases.Audit;
using Verzuim.Cases.Mail;
using Verzuim.Persistence;
using Verzuim.Workflows.Stores;
using Verzuim.Persistence.Management;
using Verzuim.Workflows.Runtime;

namespace Verzuim.Cases.Tasks;

/// <summary>
/// Claiming, giving back, assigning and completing a task, each in one transaction with its audit entry (and, for an
/// assignment, the colleague's mail): the change without its entry cannot be committed, nor the entry without the change.
/// Claim, unclaim and assign return false when the task was no longer open or someone else had it; nothing is written then.
/// </summary>
public sealed class TaskWork(WorkflowStore store, WorkflowEngine engine, AuditTrail audit, MailOutbox outbox)
{
    /// <summary>Completes the task with its form data and runs the case on; the entry is written in the engine's transaction.</summary>
    public Task CompleteAsync(Guid taskId, JsonObject? data, string user, AuditEntry entry, CancellationToken ct) =>
        engine.CompleteTaskAsync(taskId, data ?? [], user, audit.InUnitOfWork(entry), ct);

    public Task<bool> ClaimAsync(Guid taskId, string user, AuditEntry entry, CancellationToken ct) =>
        InTransactionAsync(db => EfTaskCommands.ClaimAsync(db, taskId, user, ct), entry, [], ct);

    public Task<bool> UnclaimAsync(Guid taskId, string user, AuditEntry entry, CancellationToken ct) =>
        InTransactionAsync(db => EfTaskCommands.UnclaimAsync(db, taskId, user, ct), entry, [], ct);

    public Task<bool> AssignAsync(Guid taskId, string by, string to, IReadOnlyCollection<OutgoingMail> mails, AuditEntry entry, CancellationToken ct) =>
        InTransactionAsync(db => EfTaskCommands.AssignAsync(db, taskId, by, to, ct), entry, mails, ct);

    private async Task<bool> InTransactionAsync(Func<WorkflowDbContext, Task<bool>> change, AuditEntry entry, IReadOnlyCollection<OutgoingMail> mails,
        CancellationToken ct)
    {
        await using var db = store.CreateContext();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!await change(db)) return false; // disposed without commit: rolled back
        await outbox.AddAsync(db, mails, ct);
        await audit.AddAsync(db, entry, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return true;
    }
}
