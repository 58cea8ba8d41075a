using System.Net;
using System.Text;
using Microsoft.AspNetCore.Routing;

namespace Verzuim.Host.Tests.Api;

/// <summary>
/// Every endpoint under /api refuses an anonymous call and every role that docs/http-api.md does not give it.
/// The expectations are written here, from the document, not read from the host: an endpoint that appears
/// without an expectation fails the test until someone decides who may use it.
/// </summary>
public sealed class EndpointAuthorizationTests
{
    private static readonly string[] CaseRoles = ["kernteam-a", "voorzitter", "lpa", "jeugdarts"];

    // route prefix -> demo users (or "systeem") that may call it; the most specific prefix wins
    private static readonly (string Prefix, string[] Allowed)[] Expected =
    [
        ("/api/me", ["eigenaar", "kernteam-a", "voorzitter", "lpa", "jeugdarts", "beheerder", "systeem"]),
        ("/api/me/meldingen", CaseRoles), // notification choices: only who gets task mails
        ("/api/definitions", ["eigenaar"]),
        ("/api/definitions/{id:guid}/migrations", ["eigenaar", "beheerder"]), // migrating running cases: the process owner and the beheerder
        ("/api/cases", CaseRoles),
        ("/api/cases/{id:guid}/notities", CaseRoles), // the dossier note: whoever may read the case
        ("/api/cases/{id:guid}/verplaatsen", ["beheerder"]), // case modification: the beheerder's escape hatch
        ("/api/tasks", CaseRoles),
        ("/api/events", CaseRoles),
        ("/api/incidents", ["beheerder"]),
        ("/api/messages", ["systeem", "beheerder"]),
        ("/api/audit", ["beheerder"]),
        ("/api/audit.csv", ["beheerder"]),
        ("/api/overview", ["voorzitter", "lpa"]),
        ("/api/register", ["voorzitter", "lpa"]),
        ("/api/kalender", ["beheerder"]),
        ("/api/foutberichten", ["beheerder"]),
    ];

    private static readonly string[] Callers = ["eigenaar", "kernteam-a", "voorzitter", "lpa", "jeugdarts", "beheerder", "systeem"];

    [Fact]
    public async Task Every_api_endpoint_refuses_anonymous_callers_and_roles_it_is_not_for()
    {
        await using var host = await VerzuimHost.StartAsync(settings: new Dictionary<string, string?> { ["Engine:WorkflowsPath"] = "workflows" });
        var anonymous = host.CreateClient();
        var clients = new Dictionary<string, HttpClient>();
        foreach (var caller in Callers)
            clients[caller] = caller == "systeem" ? await ApiSession.AsSystemAsync(host) : await ApiSession.AsUserAsync(host, caller);

        var endpoints = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Method: m, Pattern: e.RoutePattern.RawText!)))
            .Distinct().ToList();
        Assert.True(endpoints.Count >= 15, $"only {endpoints.Count} API endpoints found");

        var failures = new List<string>();
        foreach (var (method, pattern) in endpoints)
        {
            var expectation = Expected.Where(x => pattern.StartsWith(x.Prefix, StringComparison.Ordinal)).MaxBy(x => x.Prefix.Length);
            if (expectation.Prefix is null) { failures.Add($"{method} {pattern}: no expectation written for this endpoint"); continue; }
            var url = Concrete(pattern);

            var status = await SendAsync(anonymous, method, url);
            if (status != HttpStatusCode.Unauthorized) failures.Add($"{method} {pattern} anonymous: {(int)status}, expected 401");
            foreach (var caller in Callers)
            {
                status = await SendAsync(clients[caller], method, url);
                var allowed = expectation.Allowed.Contains(caller);
                if (allowed && status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                    failures.Add($"{method} {pattern} as {caller}: {(int)status}, but this caller may use it");
                if (!allowed && status != HttpStatusCode.Forbidden)
                    failures.Add($"{method} {pattern} as {caller}: {(int)status}, expected 403");
            }
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    private static string Concrete(string pattern) => pattern
        .Replace("{id:guid}", Guid.NewGuid().ToString())
        .Replace("{notitieId:guid}", Guid.NewGuid().ToString())
        .Replace("{batchId:guid}", Guid.NewGuid().ToString())
        .Replace("{processId}", "apeldoorn-opschalingsmodel")
        .Replace("{versie:int}", "1")
        .Replace("{name}", "GesprekGehouden");

    private static async Task<HttpStatusCode> SendAsync(HttpClient client, string method, string url)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method is "POST" or "PUT") request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        // the live stream never ends by itself: the status line is all this test needs
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return response.StatusCode;
    }
}
