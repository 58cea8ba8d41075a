using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Verzuim.Cases.Sessions;
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
            if (sid is null || await ctx.HttpContext.RequestServices.GetRequiredService<RevokedSessions>().IsRevokedAsync(sid, ctx.HttpContext.RequestAborted))
            {
                ctx.RejectPrincipal();
                await ctx.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            }
        };
        o.Events.OnSigningOut = async ctx =>
        {
            // the session being ended is the one this request was authenticated with
            if (ctx.HttpContext.User.FindFirst(SessionIdClaim)?.Value is { } sid)
                await ctx.HttpContext.RequestServices.GetRequiredService<RevokedSessions>()
                    .RevokeAsync(sid, ctx.HttpContext.RequestServices.GetRequiredService<IClock>().UtcNow, ctx.Options.ExpireTimeSpan, ctx.HttpContext.RequestAborted);
        };
    }
}
