using System.Collections.Concurrent;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Verzuim.Persistence;
using Verzuim.Workflows.Parsing;

namespace Verzuim.Host.Cases.History;

/// <summary>
/// The verzuim: attributes of a stored model version the case page needs without running anything: which nodes put the
/// case in a step (verzuim:stap) and which user tasks ask for a confirmation before completing (verzuim:bevestiging).
/// A stored version never changes, so it is read once per definition id.
/// </summary>
public sealed record ModelMarks(IReadOnlyDictionary<string, string> Steps, IReadOnlySet<string> BoundaryEvents, IReadOnlyDictionary<string, string> Confirmations)
{
    private static readonly ConcurrentDictionary<Guid, ModelMarks> Cache = new();
    private static readonly XNamespace V = BpmnNamespaces.Verzuim;

    public static async Task<ModelMarks> OfAsync(WorkflowDbContext db, Guid definitionId, CancellationToken ct)
    {
        if (Cache.TryGetValue(definitionId, out var marks)) return marks;
        var xml = await db.Definitions.AsNoTracking().Where(d => d.Id == definitionId).Select(d => d.Xml).FirstAsync(ct);
        return Cache.GetOrAdd(definitionId, _ => Read(xml));
    }

    private static ModelMarks Read(string xml)
    {
        var nodes = XDocument.Parse(xml).Descendants().Where(e => e.Attribute("id") is not null).ToList();
        return new ModelMarks(
            nodes.Where(e => e.Attribute(V + "stap")?.Value.Trim() is { Length: > 0 })
                .GroupBy(e => e.Attribute("id")!.Value).ToDictionary(g => g.Key, g => g.First().Attribute(V + "stap")!.Value.Trim()),
            nodes.Where(e => e.Name.LocalName == "boundaryEvent").Select(e => e.Attribute("id")!.Value).ToHashSet(),
            nodes.Where(e => e.Name.LocalName == "userTask" && e.Attribute(V + "bevestiging")?.Value.Trim() is { Length: > 0 })
                .GroupBy(e => e.Attribute("id")!.Value).ToDictionary(g => g.Key, g => g.First().Attribute(V + "bevestiging")!.Value.Trim()));
    }
}
