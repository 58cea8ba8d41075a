using System.Diagnostics;
using System.Diagnostics.Metrics;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Verzuim.Workflows.Management;

namespace Verzuim.Host.Operations;

/// <summary>Traces and metrics under the name "Verzuim": messages consumed, timers fired, and the store's running cases, due timers and open incidents.</summary>
public sealed class VerzuimTelemetry : IDisposable
{
    public const string Name = "Verzuim";
    public static readonly ActivitySource Source = new(Name);
    private readonly Meter _meter = new(Name);
    private readonly Counter<long> _messages;
    private readonly Counter<long> _timers;

    public VerzuimTelemetry()
    {
        _messages = _meter.CreateCounter<long>("verzuim.messages.consumed", description: "Inkomende berichten verwerkt, per bericht en uitkomst");
        _timers = _meter.CreateCounter<long>("verzuim.timers.fired", description: "Timers afgegaan op deze host");
        _meter.CreateObservableGauge("verzuim.instances.running", () => Sample.Running, description: "Lopende zaken (incl. met incident)");
        _meter.CreateObservableGauge("verzuim.timers.due", () => Sample.TimersDue, description: "Timers die nu af moeten gaan");
        _meter.CreateObservableGauge("verzuim.incidents.open", () => Sample.IncidentsOpen, description: "Open incidenten");
    }

    /// <summary>The store's figures as last sampled (a query per export would load the database from every scrape).</summary>
    public StoreSample Sample { get; set; } = new(0, 0, 0);

    public void MessageConsumed(string message, string outcome) =>
        _messages.Add(1, new KeyValuePair<string, object?>("bericht", message), new KeyValuePair<string, object?>("uitkomst", outcome));

    public void TimersFired(int count)
    {
        if (count > 0) _timers.Add(count);
    }

    public void Dispose() => _meter.Dispose();

    public sealed record StoreSample(long Running, long TimersDue, long IncidentsOpen);
}

/// <summary>Samples the store every 15 s for the gauges.</summary>
public sealed class StoreSampler(IStoreStatus store, VerzuimTelemetry telemetry, ILogger<StoreSampler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var workload = await store.WorkloadAsync(DateTimeOffset.UtcNow, stoppingToken);
                telemetry.Sample = new VerzuimTelemetry.StoreSample(workload.RunningCases, workload.DueTimers, workload.OpenIncidents);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            catch (Exception e) { logger.LogDebug("Store sample failed: {Error}", e.Message); } // the store may not be ready yet
            try { await Task.Delay(TimeSpan.FromSeconds(15), stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
    }
}

public static class TelemetryRegistration
{
    /// <summary>OpenTelemetry traces and metrics; exported over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set.</summary>
    public static IServiceCollection AddVerzuimTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<VerzuimTelemetry>();
        services.AddHostedService<StoreSampler>();
        var otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("verzuim-host"))
            .WithTracing(t =>
            {
                t.AddSource(VerzuimTelemetry.Name, "MassTransit").AddAspNetCoreInstrumentation();
                if (otlp) t.AddOtlpExporter();
            })
            .WithMetrics(m =>
            {
                m.AddMeter(VerzuimTelemetry.Name, "MassTransit").AddAspNetCoreInstrumentation();
                if (otlp) m.AddOtlpExporter();
            });
        return services;
    }
}
