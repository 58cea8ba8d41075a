using Verzuim.Workflows.Model;

namespace Verzuim.Workflows.Parsing;

/// <summary>
/// A call activity that calls its own process, directly or through other processes (A → B → A), would open a new case
/// inside every case without end. Checked over the processes of a file and, when publishing, over the published
/// versions of the processes they call (the file's own processes replace their published versions).
/// </summary>
internal static class CallCycles
{
    public const string Rule = "aanroep-kring";

    /// <param name="processes">The processes being validated or published.</param>
    /// <param name="published">The published model of a process that is not in the file; null when there is none.</param>
    public static IEnumerable<BpmnProblem> Find(IReadOnlyList<ProcessModel> processes, Func<string, ProcessModel?> published)
    {
        var own = new Dictionary<string, ProcessModel>(StringComparer.Ordinal);
        foreach (var p in processes) own.TryAdd(p.Id, p);
        ProcessModel? Lookup(string id) => own.TryGetValue(id, out var p) ? p : published(id);

        foreach (var process in processes)
            foreach (var call in process.NodesById.Values.OfType<CallActivity>().OrderBy(c => c.Id, StringComparer.Ordinal))
                if (PathBack(call.CalledProcessId, process.Id, Lookup) is { } path)
                    yield return new BpmnProblem(call.Id, call.Name, Rule, path.Count == 1
                        ? $"Deze aanroepactiviteit roept haar eigen proces '{process.Id}' aan: elke zaak zou zonder eind een nieuwe zaak van zichzelf openen. Roep een ander proces aan."
                        : $"Deze aanroepactiviteit maakt een kring van aanroepen ({string.Join(" → ", [process.Id, .. path])}): elke zaak zou zonder eind nieuwe zaken openen. Doorbreek de kring.");
    }

    /// <summary>The shortest chain of calls from <paramref name="from"/> back to <paramref name="target"/>, ending with it; null when there is none.</summary>
    public static List<string>? PathBack(string from, string target, Func<string, ProcessModel?> lookup) =>
        ShortestPath(from, target, id => lookup(id) is { } p ? CalledBy(p) : []);

    /// <summary>The processes a model calls, each once.</summary>
    public static IEnumerable<string> CalledBy(ProcessModel process) =>
        process.NodesById.Values.OfType<CallActivity>().Select(c => c.CalledProcessId).Distinct(StringComparer.Ordinal);

    private static List<string>? ShortestPath(string from, string target, Func<string, IEnumerable<string>> next)
    {
        var cameFrom = new Dictionary<string, string?>(StringComparer.Ordinal) { [from] = null };
        var queue = new Queue<string>([from]);
        while (queue.TryDequeue(out var id))
        {
            if (id == target)
            {
                var path = new List<string>();
                for (string? at = id; at is not null; at = cameFrom[at]) path.Add(at);
                path.Reverse();
                return path;
            }
            foreach (var called in next(id))
                if (cameFrom.TryAdd(called, id)) queue.Enqueue(called);
        }
        return null;
    }
}
