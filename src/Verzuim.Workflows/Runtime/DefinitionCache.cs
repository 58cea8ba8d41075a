using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Verzuim.Workflows.Model;
using Verzuim.Workflows.Parsing;
using Verzuim.Workflows.Persistence;

namespace Verzuim.Workflows.Runtime;

/// <summary>Parsed models by definition id. A stored version never changes, so a parse is kept for the process lifetime.</summary>
internal sealed class DefinitionCache
{
    private readonly ConcurrentDictionary<Guid, ProcessModel> _models = new();

    public async Task<ProcessModel> ModelAsync(WorkflowDbContext db, Guid definitionId, CancellationToken ct = default)
    {
        if (_models.TryGetValue(definitionId, out var model)) return model;
        var definition = await db.Definitions.AsNoTracking().FirstAsync(d => d.Id == definitionId, ct);
        return Model(definition);
    }

    public ProcessModel Model(DefinitionRecord definition) => _models.GetOrAdd(definition.Id, _ =>
        BpmnReader.ParseStored(definition.Xml).Processes.First(p => p.Id == definition.ProcessId));

    public Task<DefinitionRecord?> LatestPublishedAsync(WorkflowDbContext db, string processId, CancellationToken ct = default) =>
        db.Definitions.AsNoTracking()
            .Where(d => d.ProcessId == processId && d.Status != DefinitionStatus.Draft)
            .OrderByDescending(d => d.Version)
            .FirstOrDefaultAsync(ct);
}
