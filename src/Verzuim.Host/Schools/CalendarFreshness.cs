using Verzuim.Host.Engine;

namespace Verzuim.Host.Schools;

/// <summary>
/// Every API call counts in the calendars as the database has them now, not as this host last loaded them: a
/// beheerder's change on another host applies here from the next request on (<see cref="CalendarStore.EnsureCurrentAsync"/>).
/// </summary>
public sealed class CalendarFreshness(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http, StoreInitializer initializer, CalendarStore calendars)
    {
        if (http.Request.Path.StartsWithSegments("/api") && initializer.Ready.IsCompletedSuccessfully)
            await calendars.EnsureCurrentAsync(http.RequestAborted);
        await next(http);
    }
}
