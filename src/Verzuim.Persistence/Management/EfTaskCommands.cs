using Microsoft.EntityFrameworkCore;
using Verzuim.Workflows.Management;
using Verzuim.Workflows.Stores;

namespace Verzuim.Persistence.Management;

/// <summary>
/// <see cref="ITaskCommands"/> on the store. The overloads that take a context run inside the caller's transaction,
/// so a module that writes in the same store (an audit entry, a mail) commits it together with the change.
/// </summary>
public sealed class EfTaskCommands(WorkflowStore store) : ITaskCommands
{
    public async Task<bool> ClaimAsync(Guid taskId, string user, CancellationToken ct = default)
    {
        await using var db = store.CreateContext();
        return await ClaimAsync(db, taskId, user, ct);
    }

    public async Task<bool> UnclaimAsync(Guid taskId, string user, CancellationToken ct = default)
    {
        await using var db = store.CreateContext();
        return await UnclaimAsync(db, taskId, user, ct);
    }

    public async Task<bool> AssignAsync(Guid taskId, string by, string to, CancellationToken ct = default)
    {
        await using var db = store.CreateContext();
        return await AssignAsync(db, taskId, by, to, ct);
    }

    public static Task<bool> ClaimAsync(WorkflowDbContext db, Guid taskId, string user, CancellationToken ct) => AssignAsync(db, taskId, user, user, ct);

    public static async Task<bool> UnclaimAsync(WorkflowDbContext db, Guid taskId, string user, CancellationToken ct) =>
        await db.Tasks.Where(t => t.Id == taskId && t.Status == WorkTaskStatus.Open && t.ClaimedBy == user)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.ClaimedBy, (string?)null), ct) > 0;

    public static async Task<bool> AssignAsync(WorkflowDbContext db, Guid taskId, string by, string to, CancellationToken ct) =>
        await db.Tasks.Where(t => t.Id == taskId && t.Status == WorkTaskStatus.Open && (t.ClaimedBy == null || t.ClaimedBy == by))
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.ClaimedBy, to), ct) > 0;
}
