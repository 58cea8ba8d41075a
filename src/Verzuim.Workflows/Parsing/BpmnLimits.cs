namespace Verzuim.Workflows.Parsing;

/// <summary>
/// What one BPMN file may hold. Every validate and publish call reads the whole file, so these bound the memory,
/// stack and time one upload can cost. The largest real model (groningen-stappenplan) is 211 kB with 2,338
/// elements and sub-processes nested 1 deep: the limits leave ten times that room.
/// </summary>
public static class BpmnLimits
{
    /// <summary>Characters of XML (about 2 MB).</summary>
    public const int MaxCharacters = 2_000_000;
    /// <summary>Elements of any namespace, diagram shapes included.</summary>
    public const int MaxElements = 25_000;
    /// <summary>XML element depth, counted from bpmn:definitions (1).</summary>
    public const int MaxDepth = 64;
    /// <summary>Sub-processes inside sub-processes: a process-level sub-process is depth 1.</summary>
    public const int MaxSubProcessNesting = 16;
}
