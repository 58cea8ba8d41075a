using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Verzuim.Workflows.Persistence;
using Verzuim.Workflows.Runtime;

namespace Verzuim.Host.Engine;

/// <summary>Migrates the store and, when it holds no definitions yet, publishes the models in workflows/.</summary>
public sealed class StoreInitializer(WorkflowStore store, WorkflowEngine engine, IOptions<EngineOptions> options,
    IHostEnvironment environment, ILogger<StoreInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.MigrateAsync(cancellationToken);
        await using var db = store.CreateContext();
        if (await db.Definitions.AnyAsync(cancellationToken)) return;
        var folder = Path.GetFullPath(Path.Combine(environment.ContentRootPath, options.Value.WorkflowsPath));
        if (!Directory.Exists(folder))
        {
            logger.LogWarning("No workflows folder at {Folder}; the store starts empty", folder);
            return;
        }
        foreach (var file in Directory.EnumerateFiles(folder, "*.bpmn").Order())
        {
            var deployed = await engine.DeployAsync(await File.ReadAllTextAsync(file, cancellationToken), "opstart", cancellationToken);
            foreach (var d in deployed) logger.LogInformation("Published {Process} v{Version} from {File}", d.ProcessId, d.Version, Path.GetFileName(file));
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
