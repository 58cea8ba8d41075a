using Verzuim.Workflows.Migration;
using Verzuim.Workflows.Runtime;
using Verzuim.Workflows.Stores;

namespace Verzuim.Host.Migrations;

public static class MigrationRegistration
{
    /// <summary>The batch runner on the engine and the store's batch tables, and the background service that runs batches.</summary>
    public static IServiceCollection AddMigrations(this IServiceCollection services)
    {
        services.AddSingleton(sp => new MigrationBatchRunner(sp.GetRequiredService<WorkflowEngine>(), sp.GetRequiredService<IMigrationBatchStore>()));
        services.AddSingleton<MigrationBatchService>();
        services.AddHostedService(sp => sp.GetRequiredService<MigrationBatchService>());
        return services;
    }
}
