using System.Collections.Concurrent;
using Verzuim.Workflows.Model;
using Verzuim.Workflows.Parsing;
using Verzuim.Workflows.Stores;

namespace Verzuim.Workflows.Runtime;

/// <summary>Parsed models by definition id. A stored version never changes, so a parse is kept for the process lifetime.</summary>
internal sealed class DefinitionCache
{
    private readonly ConcurrentDictionary<Guid, ProcessModel> _models = new();

    /// <summary>The cached model, or the definition read with <paramref name="find"/> (the unit of work's, or the store's outside one) and parsed.</summary>
    public async Task<ProcessModel> ModelAsync(Func<Guid, CancellationToken, Task<DefinitionRecord?>> find, Guid definitionId, CancellationToken ct = default)
    {
        if (_models.TryGetValue(definitionId, out var model)) return model;
        var definition = await find(definitionId, ct) ?? throw new InvalidOperationException($"Definitie {definitionId} bestaat niet.");
        return Model(definition);
    }

    public ProcessModel Model(DefinitionRecord definition) => _models.GetOrAdd(definition.Id, _ =>
        BpmnReader.ParseStored(definition.Xml).Processes.First(p => p.Id == definition.ProcessId));
}
