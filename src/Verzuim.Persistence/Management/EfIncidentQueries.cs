using Microsoft.EntityFrameworkCore;
using Verzuim.Workflows.Management;
using Verzuim.Workflows.Stores;

namespace Verzuim.Persistence.Management;

/// <summary><see cref="IIncidentQueries"/> on the store.</summary>
public sealed class EfIncidentQueries(WorkflowStore store) : IIncidentQueries
{
    public async Task<IReadOnlyList<Incident>> ListAsync(bool resolved, int max, CancellationToken ct = default)
    {
        await using var db = store.CreateContext();
        var query = db.Incidents.AsNoTracking();
        query = resolved ? query.Where(i => i.ResolvedAt != null) : query.Where(i => i.ResolvedAt == null);
        return await query.OrderBy(i => i.CreatedAt).Where(i => db.Instances.Any(c => c.Id == i.InstanceId)).Take(max)
            .Select(i => new Incident(i.Id, i.InstanceId, i.ElementId, i.Reason, i.CreatedAt, i.ResolvedAt)).ToListAsync(ct);
    }

    public async Task<Incident?> FindAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = store.CreateContext();
        return await db.Incidents.AsNoTracking().Where(i => i.Id == id)
            .Select(i => new Incident(i.Id, i.InstanceId, i.ElementId, i.Reason, i.CreatedAt, i.ResolvedAt)).FirstOrDefaultAsync(ct);
    }
}
