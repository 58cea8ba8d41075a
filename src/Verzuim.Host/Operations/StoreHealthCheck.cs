using Microsoft.Extensions.Diagnostics.HealthChecks;
using Verzuim.Host.Engine;
using Verzuim.Workflows.Management;

namespace Verzuim.Host.Operations;

/// <summary>Ready only when the store was migrated at start-up and still answers.</summary>
public sealed class StoreHealthCheck(IStoreStatus store, StoreInitializer initializer) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!initializer.Ready.IsCompleted)
            return HealthCheckResult.Unhealthy($"{store.Provider} niet bereikbaar of nog niet gemigreerd: {initializer.LastError ?? "bezig"}");
        try
        {
            return await store.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy($"{store.Provider} bereikbaar")
                : HealthCheckResult.Unhealthy($"{store.Provider} niet bereikbaar");
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy($"{store.Provider} niet bereikbaar: {e.Message}", e);
        }
    }
}
