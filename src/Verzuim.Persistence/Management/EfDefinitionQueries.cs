using Microsoft.EntityFrameworkCore;
using Verzuim.Workflows.Management;
using Verzuim.Workflows.Stores;

namespace Verzuim.Persistence.Management;

/// <summary><see cref="IDefinitionQueries"/> on the store.</summary>
public sealed class EfDefinitionQueries(WorkflowStore store) : IDefinitionQueries
{
    public async Task<IReadOnlyDictionary<string, string?>> ModelNamesAsync(CancellationToken ct = default)
    {
        await using var db = store.CreateContext();
        return (await db.Definitions.AsNoTracking().Where(d => d.Status != DefinitionStatus.Draft)
                .Select(d => new { d.ProcessId, d.Name, d.Version }).ToListAsync(ct))
            .GroupBy(d => d.ProcessId).ToDictionary(g => g.Key, g => g.OrderByDescending(d => d.Version).First().Name);
    }

    public async Task<string?> XmlAsync(Guid definitionId, CancellationToken ct = default)
    {
        await using var db = store.CreateContext();
        return await db.Definitions.AsNoTracking().Where(d => d.Id == definitionId).Select(d => d.Xml).FirstOrDefaultAsync(ct);
    }

    public async Task<IReadOnlyList<DefinitionVersion>> VersionsAsync(CancellationToken ct = default)
    {
        await using var db = store.CreateContext();
        var versions = await db.Definitions.AsNoTracking()
            .Select(d => new { d.Id, d.ProcessId, d.Name, d.Version, d.Status, d.CreatedAt, d.PublishedAt, d.PublishedBy, d.ChangeNote })
            .ToListAsync(ct);
        var running = await db.Instances.AsNoTracking()
            .Where(i => i.Status == InstanceStatus.Running || i.Status == InstanceStatus.Incident)
            .GroupBy(i => i.DefinitionId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return versions.Select(v => new DefinitionVersion(v.Id, v.ProcessId, v.Name, v.Version, v.Status, v.CreatedAt, v.PublishedAt, v.PublishedBy, v.ChangeNote,
            running.GetValueOrDefault(v.Id))).ToList();
    }

    public async Task<string?> FileAsync(string processId, int? version, CancellationToken ct = default)
    {
        await using var db = store.CreateContext();
        var query = db.Definitions.AsNoTracking().Where(d => d.ProcessId == processId);
        return version is { } v
            ? await query.Where(d => d.Version == v).Select(d => d.Xml).FirstOrDefaultAsync(ct)
            : await query.OrderBy(d => d.Status == DefinitionStatus.Draft ? 0 : d.Status == DefinitionStatus.Published ? 1 : 2)
                .ThenByDescending(d => d.Version).Select(d => d.Xml).FirstOrDefaultAsync(ct);
    }

    public async Task<string?> PublishedFileAsync(string processId, CancellationToken ct = default)
    {
        await using var db = store.CreateContext();
        return await db.Definitions.AsNoTracking().Where(d => d.ProcessId == processId && d.Status == DefinitionStatus.Published)
            .OrderByDescending(d => d.Version).Select(d => d.Xml).FirstOrDefaultAsync(ct);
    }

    public async Task<bool> AnyAsync(CancellationToken ct = default)
    {
        await using var db = store.CreateContext();
        return await db.Definitions.AnyAsync(ct);
    }
}
