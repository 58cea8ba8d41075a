using System.Net;
using System.Text.Json.Nodes;

namespace Verzuim.Host.Tests;

public sealed class HealthTests
{
    [Fact]
    public async Task Ready_reports_the_store_and_the_bus_and_live_needs_neither()
    {
        await using var host = await VerzuimHost.StartAsync();
        var client = host.CreateClient();

        var ready = await client.GetAsync("/health/ready");
        var body = JsonNode.Parse(await ready.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", (string?)body["checks"]!["store"]!["status"]);
        Assert.Contains(body["checks"]!.AsObject(), c => c.Key.Contains("masstransit", StringComparison.OrdinalIgnoreCase) && (string?)c.Value!["status"] == "Healthy");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task Ready_is_unhealthy_when_the_database_cannot_be_reached()
    {
        // nothing listens on port 1: the store check must fail, liveness must not, and the host must still start
        await using var host = VerzuimHost.Create("Host=127.0.0.1;Port=1;Username=verzuim;Password=verzuim;Database=verzuim;Timeout=2");
        var client = host.CreateClient();
        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("niet bereikbaar", await ready.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }
}
