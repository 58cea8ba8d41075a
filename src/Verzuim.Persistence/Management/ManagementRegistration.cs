using Microsoft.Extensions.DependencyInjection;
using Verzuim.Workflows.Management;
using Verzuim.Workflows.Stores;

namespace Verzuim.Persistence.Management;

public static class ManagementRegistration
{
    /// <summary>The engine's query and command API for readers, on the <see cref="WorkflowStore"/> registered before.</summary>
    public static IServiceCollection AddWorkflowManagement(this IServiceCollection services)
    {
        services.AddSingleton<ICaseQueries, EfCaseQueries>();
        services.AddSingleton<ITaskQueries, EfTaskQueries>();
        services.AddSingleton<ITaskCommands, EfTaskCommands>();
        services.AddSingleton<IDefinitionQueries, EfDefinitionQueries>();
        services.AddSingleton<IMessageQueries, EfMessageQueries>();
        services.AddSingleton<IIncidentQueries, EfIncidentQueries>();
        services.AddSingleton<IStoreStatus, EfStoreStatus>();
        services.AddSingleton<IOutboxDispatch, EfOutboxDispatch>();
        services.AddSingleton<IEnginePurge, EfEnginePurge>();
        services.AddSingleton<IMigrationBatchStore, EfMigrationBatchStore>();
        return services;
    }
}
