using System.Text.Json;
using Verzuim.Host.Auth;
using Verzuim.Host.Cases;
using Verzuim.Workflows.Management;

namespace Verzuim.Host.Live;

/// <summary>
/// Server-sent events: "zaak" whenever a case of one of the caller's schools changed (task, step, timer, message),
/// so an open page refreshes without a reload. Read from the store, so a change made by any host is seen.
/// </summary>
public static class CaseEventStream
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    // hosts' clocks differ a little: look back, and skip what was already told by (case, version)
    private static readonly TimeSpan LookBack = TimeSpan.FromSeconds(5);

    public static IEndpointRouteBuilder MapCaseEvents(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/events", async (HttpContext http, CaseAccess access, ICaseQueries queries, CancellationToken ct) =>
        {
            http.Response.Headers.ContentType = "text/event-stream";
            http.Response.Headers.CacheControl = "no-cache";
            http.Response.Headers["X-Accel-Buffering"] = "no";
            await http.Response.WriteAsync(": verbonden\n\n", ct);
            await http.Response.Body.FlushAsync(ct);

            var scope = access.Scope;
            var watermark = await queries.LastChangeAsync(scope, ct) ?? DateTimeOffset.MinValue.AddYears(1);
            var told = new Dictionary<Guid, int>();
            var quiet = 0;
            try
            {
                while (!ct.IsCancellationRequested)
                {
                    await Task.Delay(PollInterval, ct);
                    var changed = await queries.ChangedSinceAsync(scope, watermark - LookBack, ct);
                    var sent = false;
                    foreach (var c in changed.OrderBy(c => c.UpdatedAt))
                    {
                        if (told.TryGetValue(c.Id, out var version) && version >= c.Version) continue;
                        told[c.Id] = c.Version;
                        var data = JsonSerializer.Serialize(new
                        {
                            caseId = c.CaseId, schoolId = c.SchoolId, stap = c.Step, status = CaseSummaries.StatusName(c.Status),
                        });
                        await http.Response.WriteAsync($"event: zaak\ndata: {data}\n\n", ct);
                        sent = true;
                    }
                    if (changed.Count > 0) watermark = changed.Max(c => c.UpdatedAt) > watermark ? changed.Max(c => c.UpdatedAt) : watermark;
                    if (!sent && ++quiet >= 15)
                    {
                        await http.Response.WriteAsync(": nog hier\n\n", ct); // keeps proxies from closing an idle stream
                        quiet = 0;
                    }
                    await http.Response.Body.FlushAsync(ct);
                }
            }
            catch (OperationCanceledException) { } // the page closed, or the host is stopping
        }).RequireAuthorization(Policies.Cases).WithTags("Zaken").WithSummary("Live: server-sent events bij elke wijziging van een zaak van mijn scholen")
          .ExcludeFromDescription();
        return app;
    }
}
