using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Verzuim.Workflows.Tests.Support;

namespace Verzuim.Host.Tests;

/// <summary>
/// The real host (Program) on a fresh PostgreSQL database and the RabbitMQ broker ./test.sh started, with its
/// own queue names so test classes don't consume each other's messages.
/// </summary>
public sealed class VerzuimHost : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    private VerzuimHost(Dictionary<string, string?> settings, Action<IServiceCollection>? services = null) => (_settings, _services) = (settings, services);

    public string Queue => _settings["Messaging:InboundQueue"]!;

    public static string RabbitMq => Environment.GetEnvironmentVariable("VERZUIM_TEST_RABBITMQ") is { Length: > 0 } uri ? uri
        : throw new InvalidOperationException("VERZUIM_TEST_RABBITMQ is not set. Run the tests with ./test.sh, which starts RabbitMQ on 127.0.0.1.");

    public static async Task<VerzuimHost> StartAsync(string? connectionString = null, string? queue = null,
        IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var host = Create(connectionString ?? await TestDatabase.CreateEmptyAsync("host"), queue, settings, services);
        _ = host.Services; // starts the host: migrations, consumers, pollers
        await host.Services.GetRequiredService<Engine.StoreInitializer>().Ready.WaitAsync(TimeSpan.FromSeconds(60));
        await host.Services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(30));
        return host;
    }

    /// <summary>A host that is not started yet (its store may be unreachable on purpose).</summary>
    public static VerzuimHost Create(string connectionString, string? queue = null,
        IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Workflows"] = connectionString,
            ["Messaging:RabbitMq"] = RabbitMq,
            ["Messaging:InboundQueue"] = queue ?? $"verzuim-test-{Guid.NewGuid():N}"[..28],
            ["Messaging:OutboxPollInterval"] = "00:00:00.100",
            ["Engine:TimerPollInterval"] = "00:00:00.200",
            ["Engine:WorkflowsPath"] = "geen-modellen",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        return new VerzuimHost(all, services);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // UseSetting reaches Program before it reads configuration (ConfigureAppConfiguration would come too late)
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        if (_services is not null) builder.ConfigureServices(_services);
    }
}
