using Microsoft.EntityFrameworkCore;
using Verzuim.Cases.Audit;
using Verzuim.Persistence;
using Verzuim.Workflows.Stores;

namespace Verzuim.Cases.Notes;

/// <summary>
/// Stores the dossier notes of cases. Each change is committed with its audit entry in one transaction; who may
/// change a note (its author, within the edit window) the caller decides before it asks.
/// </summary>
public sealed class CaseNotes(WorkflowStore store, AuditTrail audit)
{
    /// <summary>The case's notes, oldest first.</summary>
    public async Task<IReadOnlyList<CaseNote>> OfCaseAsync(Guid caseId, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        return (await db.CaseNotes.AsNoTracking().Where(n => n.CaseId == caseId).ToListAsync(ct)).OrderBy(n => n.CreatedAt).Select(View).ToList();
    }

    /// <summary>The note on this case, or null.</summary>
    public async Task<CaseNote?> FindAsync(Guid caseId, Guid noteId, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        return await db.CaseNotes.AsNoTracking().Where(n => n.Id == noteId && n.CaseId == caseId).Select(n => View(n)).FirstOrDefaultAsync(ct);
    }

    public async Task<CaseNote> AddAsync(Guid caseId, string text, string author, DateTimeOffset at, AuditEntry entry, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var note = new CaseNoteRecord { Id = Guid.NewGuid(), CaseId = caseId, Text = text, Author = author, CreatedAt = at };
        db.CaseNotes.Add(note);
        await audit.AddAsync(db, entry, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return View(note);
    }

    /// <summary>Changes the text; null when the note is gone.</summary>
    public async Task<CaseNote?> ChangeAsync(Guid caseId, Guid noteId, string text, DateTimeOffset at, AuditEntry entry, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var note = await db.CaseNotes.FirstOrDefaultAsync(n => n.Id == noteId && n.CaseId == caseId, ct);
        if (note is null) return null;
        note.Text = text;
        note.UpdatedAt = at;
        await audit.AddAsync(db, entry, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return View(note);
    }

    /// <summary>Removes the note; false when it was gone already.</summary>
    public async Task<bool> RemoveAsync(Guid caseId, Guid noteId, AuditEntry entry, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await db.CaseNotes.Where(n => n.Id == noteId && n.CaseId == caseId).ExecuteDeleteAsync(ct) == 0) return false;
        await audit.AddAsync(db, entry, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return true;
    }

    private static CaseNote View(CaseNoteRecord n) => new(n.Id, n.CaseId, n.Text, n.Author, n.CreatedAt, n.UpdatedAt);
}
