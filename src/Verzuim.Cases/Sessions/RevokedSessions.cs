using Microsoft.EntityFrameworkCore;
using Verzuim.Persistence;
using Verzuim.Workflows.Stores;

namespace Verzuim.Cases.Sessions;

/// <summary>
/// Sessions ended by logout (the table <c>revoked_sessions</c>, shared by all hosts): a cookie whose session is
/// listed is refused. A row is kept as long as a cookie of that session could still be valid.
/// </summary>
public sealed class RevokedSessions(WorkflowStore store)
{
    public async Task<bool> IsRevokedAsync(string sessionId, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        return await db.RevokedSessions.AnyAsync(s => s.SessionId == sessionId, ct);
    }

    /// <summary>Lists the session until <paramref name="now"/> + <paramref name="cookieLifetime"/>, and drops rows past their end.</summary>
    public async Task RevokeAsync(string sessionId, DateTimeOffset now, TimeSpan cookieLifetime, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        // a cookie issued (or slid) before now expires within its lifetime: after that the row is of no use
        await db.RevokedSessions.Where(s => s.ExpiresAt < now).ExecuteDeleteAsync(ct);
        if (await db.RevokedSessions.AnyAsync(s => s.SessionId == sessionId, ct)) return;
        db.RevokedSessions.Add(new RevokedSessionRecord { SessionId = sessionId, RevokedAt = now, ExpiresAt = now + cookieLifetime });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // the same session logged out twice at once (two tabs): revoked either way, unless the row is not there
            if (!await IsRevokedAsync(sessionId, ct)) throw;
        }
    }
}
