namespace Verzuim.Persistence;

/// <summary>
/// A short note a person writes on a case (the "dossiernotitie"): readable by everyone who may read the case,
/// changed or removed only by its author for a while after writing it. The host decides those rules.
/// </summary>
public sealed class CaseNoteRecord
{
    public const int MaxTextLength = 500;

    public Guid Id { get; set; }
    /// <summary>The case (top-level instance) the note is on.</summary>
    public Guid CaseId { get; set; }
    public required string Text { get; set; }
    public required string Author { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>When the author last changed the text; null when never changed.</summary>
    public DateTimeOffset? UpdatedAt { get; set; }
}
