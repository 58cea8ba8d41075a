using Microsoft.EntityFrameworkCore;
using Verzuim.Workflows.Management;
using Verzuim.Workflows.Stores;

namespace Verzuim.Persistence.Management;

/// <summary><see cref="IStoreStatus"/> on the store.</summary>
public sealed class EfStoreStatus(WorkflowStore store) : IStoreStatus
{
    public string Provider => store.Provider.ToString();

    public async Task<bool> CanConnectAsync(CancellationToken ct = default)
    {
        await using var db = store.CreateContext();
        return await db.Database.CanConnectAsync(ct);
    }

    public async Task<Workload> WorkloadAsync(DateTimeOffset now, CancellationToken ct = default)
    {
        await using var db = store.CreateContext();
        return new Workload(
            await db.Instances.LongCountAsync(i => i.Status == InstanceStatus.Running || i.Status == InstanceStatus.Incident, ct),
            await db.Subscriptions.LongCountAsync(s => (s.Kind == SubscriptionKind.Timer || s.Kind == SubscriptionKind.TimerStart) && s.DueAt <= now, ct),
            await db.Incidents.LongCountAsync(i => i.ResolvedAt == null, ct));
    }
}
