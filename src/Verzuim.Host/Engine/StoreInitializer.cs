using Microsoft.Extensions.Options;
using Verzuim.Workflows.Management;
using Verzuim.Persistence;
using Verzuim.Workflows.Stores;
using Verzuim.Workflows.Runtime;

namespace Verzuim.Host.Engine;

/// <summary>
/// Migrates the store and, when it holds no definitions yet, publishes the models in workflows/. Retries until
/// the database answers, so a host can start before its database and simply stays not-ready until then.
/// </summary>
public sealed class StoreInitializer(WorkflowStore store, IDefinitionQueries definitions, WorkflowEngine engine, IOptions<EngineOptions> options,
    IHostEnvironment environment, ILogger<StoreInitializer> logger) : BackgroundService
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Ready => _ready.Task;
    public string? LastError { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await InitializeAsync(stoppingToken);
                LastError = null;
                _ready.TrySetResult();
                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LastError = e.Message;
                logger.LogWarning("Store not ready ({Error}); retrying in {Delay}", e.Message, delay);
                await Task.Delay(delay, stoppingToken);
                delay = TimeSpan.FromSeconds(Math.Min(delay.TotalSeconds * 2, 30));
            }
        }
    }

    private async Task InitializeAsync(CancellationToken ct)
    {
        await store.MigrateAsync(ct);
        if (await definitions.AnyAsync(ct)) return;
        var folder = Path.GetFullPath(Path.Combine(environment.ContentRootPath, options.Value.WorkflowsPath));
        if (!Directory.Exists(folder))
        {
            logger.LogWarning("No workflows folder at {Folder}; the store starts empty", folder);
            return;
        }
        foreach (var file in Directory.EnumerateFiles(folder, "*.bpmn").Order())
        {
            var deployed = await engine.DeployAsync(await File.ReadAllTextAsync(file, ct), "opstart",
                $"Meegeleverd model {Path.GetFileName(file)}, gepubliceerd bij het opstarten", ct);
            foreach (var d in deployed) logger.LogInformation("Published {Process} v{Version} from {File}", d.ProcessId, d.Version, Path.GetFileName(file));
        }
    }
}
