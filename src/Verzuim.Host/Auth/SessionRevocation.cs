using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using Verzuim.Persistence;
using Verzuim.Workflows.Time;

namespace Verzuim.Host.Auth;

/// <summary>
/// Logout ends the session on the server too, on every host: each cookie session carries a session id; logout
/// writes it to <c>revoked_sessions</c> (shared by all hosts), and a cookie whose session is there, or that has no
/// session id, is refused when it is validated. The cookie itself stays stateless, so any host can read it.
/// </summary>
public static class SessionRevocation
{
    public const string SessionIdClaim = "verzuim_sid";

    public static void Configure(CookieAuthenticationOptions o)
    {
        o.Events.OnSigningIn = ctx =>
        {
            if (ctx.Principal?.Identity is ClaimsIdentity identity && !identity.HasClaim(c => c.Type == SessionIdClaim))
                identity.AddClaim(new Claim(SessionIdClaim, Guid.NewGuid().ToString("N")));
            return Task.CompletedTask;
        };
        o.Events.OnValidatePrincipal = async ctx =>
        {
            var sid = ctx.Principal?.FindFirst(SessionIdClaim)?.Value;
            if (sid is null || await IsRevokedAsync(ctx.HttpContext.RequestServices.GetRequiredService<WorkflowStore>(), sid, ctx.HttpContext.RequestAborted))
            {
                ctx.RejectPrincipal();
                await ctx.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            }
        };
        o.Events.OnSigningOut = async ctx =>
        {
            // the session being ended is the one this request was authenticated with
            if (ctx.HttpContext.User.FindFirst(SessionIdClaim)?.Value is { } sid)
                await RevokeAsync(ctx.HttpContext.RequestServices, sid, ctx.Options.ExpireTimeSpan, ctx.HttpContext.RequestAborted);
        };
    }

    private static async Task<bool> IsRevokedAsync(WorkflowStore store, string sid, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        return await db.RevokedSessions.AnyAsync(s => s.SessionId == sid, ct);
    }

    private static async Task RevokeAsync(IServiceProvider services, string sid, TimeSpan cookieLifetime, CancellationToken ct)
    {
        var now = services.GetRequiredService<IClock>().UtcNow;
        await using var db = services.GetRequiredService<WorkflowStore>().CreateContext();
        // a cookie issued (or slid) before now expires within its lifetime: after that the row is of no use
        await db.RevokedSessions.Where(s => s.ExpiresAt < now).ExecuteDeleteAsync(ct);
        if (await db.RevokedSessions.AnyAsync(s => s.SessionId == sid, ct)) return;
        db.RevokedSessions.Add(new RevokedSessionRecord { SessionId = sid, RevokedAt = now, ExpiresAt = now + cookieLifetime });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // the same session logged out twice at once (two tabs): revoked either way, unless the row is not there
            await using var check = services.GetRequiredService<WorkflowStore>().CreateContext();
            if (!await check.RevokedSessions.AnyAsync(s => s.SessionId == sid, ct)) throw;
        }
    }
}
