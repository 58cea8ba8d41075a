namespace Verzuim.Workflows.Stores;

public enum DefinitionStatus { Draft, Published, Retired }

/// <summary>One version of one process. Published versions are immutable: running instances keep pointing at theirs.</summary>
public sealed class DefinitionRecord
{
    public const int MaxChangeNoteLength = 500;

    public Guid Id { get; set; }
    public required string ProcessId { get; set; }
    public int Version { get; set; }
    public string? Name { get; set; }
    /// <summary>The whole BPMN file the process came from (it may hold called processes too).</summary>
    public required string Xml { get; set; }
    public required string ContentHash { get; set; }
    public DefinitionStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public string? PublishedBy { get; set; }
    /// <summary>The process owner's note on what changed and why (published versions only).</summary>
    public string? ChangeNote { get; set; }
}
