namespace Verzuim.Cases.Notes;

/// <summary>A dossier note on a case.</summary>
public sealed record CaseNote(Guid Id, Guid CaseId, string Text, string Author, DateTimeOffset CreatedAt, DateTimeOffset? UpdatedAt)
{
    public const int MaxTextLength = Persistence.CaseNoteRecord.MaxTextLength;
}
