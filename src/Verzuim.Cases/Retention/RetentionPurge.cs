using Microsoft.EntityFrameworkCore;
using Verzuim.Cases.Audit;
using Verzuim.Persistence;
using Verzuim.Workflows.Management;
using Verzuim.Workflows.Stores;

namespace Verzuim.Cases.Retention;

/// <summary>How long what is kept: closed cases, attendance registrations (from when they arrived), processed message ids, handled error messages.</summary>
public sealed record RetentionTerms(TimeSpan GeslotenZaken, TimeSpan Absenties, TimeSpan VerwerkteBerichten, TimeSpan AfgehandeldeFoutberichten);

/// <summary>
/// Deletes what has outlived its term: closed cases with everything about them, attendance registrations, buffered
/// messages past their time-to-live, processed message ids, handled error messages. One host at a time (an advisory
/// lock on PostgreSQL; SQLite has one writer), one transaction per run with its audit entries: one line per deleted
/// case, one with the count and cut-off per kind. The engine's rows go through its purge commands
/// (<see cref="IEnginePurge"/>) in that transaction; the domain's own rows (notes, ledger, error messages) are deleted here.
/// </summary>
public sealed class RetentionPurge(WorkflowStore store, IEnginePurge engine)
{
    private const long RetentionLockKey = 0x56_45_52_5A_42_45_57; // "VERZBEW": apart from the engine's and the outbox's locks

    /// <summary>The rows deleted per kind; null when another host holds the lock.</summary>
    public async Task<IReadOnlyDictionary<string, int>?> PurgeAsync(RetentionTerms terms, DateTimeOffset now, string actor, string action, CancellationToken ct)
    {
        await using var unit = await store.BeginAsync(ct);
        var db = ((IEfUnitOfWork)unit).Db;
        if (db.SupportsRowLocks
            && !await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock({RetentionLockKey}) AS \"Value\"").SingleAsync(ct))
            return null;

        var closedBefore = now - terms.GeslotenZaken;
        var closed = await engine.ClosedCasesAsync(unit, closedBefore, ct);
        var purged = (await engine.PurgeCasesAsync(unit, closed.Select(c => c.Id).ToList(), ct)).ToHashSet();
        var cases = closed.Where(c => purged.Contains(c.Id)).ToList();
        var caseIds = cases.Select(c => c.Id).ToList();
        await db.CaseNotes.Where(n => caseIds.Contains(n.CaseId)).ExecuteDeleteAsync(ct); // the dossier notes go with their case

        // counted from when the registration arrived, not from its day: a late registration of an old day is kept its full term
        var absencesBefore = now - terms.Absenties;
        var absences = await db.AttendanceEntries.Where(e => e.RecordedAt < absencesBefore).ExecuteDeleteAsync(ct);
        var buffered = await engine.PurgeExpiredBufferedMessagesAsync(unit, now, ct);
        var processedBefore = now - terms.VerwerkteBerichten;
        var processed = await engine.PurgeProcessedMessagesAsync(unit, processedBefore, ct);
        var handledBefore = now - terms.AfgehandeldeFoutberichten;
        var errors = await db.ErrorMessages.Where(m => m.Status != ErrorMessageStatus.Open && m.HandledAt < handledBefore).ExecuteDeleteAsync(ct);

        var counts = new Dictionary<string, int>
        {
            ["geslotenZaken"] = cases.Count, ["absenties"] = absences, ["gebufferdeBerichten"] = buffered, ["verwerkteBerichten"] = processed,
            ["afgehandeldeFoutberichten"] = errors,
        };
        foreach (var c in cases)
            AddAudit(db, now, actor, action, c.Id, c.SchoolId, c.BusinessKey, $"zaak {c.ProcessId} gesloten voor {closedBefore:yyyy-MM-dd}, verwijderd met tijdlijn, taken en incidenten");
        AddAudit(db, now, actor, action, null, null, null, $"gesloten zaken {cases.Count} (gesloten voor {closedBefore:O}), absenties {absences} (geregistreerd voor {absencesBefore:yyyy-MM-dd}), " +
                     $"gebufferde berichten {buffered} (verlopen), verwerkte bericht-ids {processed} (verwerkt voor {processedBefore:O}), " +
                     $"afgehandelde foutberichten {errors} (afgehandeld voor {handledBefore:yyyy-MM-dd})");
        await unit.CommitAsync(ct);
        return counts;
    }

    private static void AddAudit(WorkflowDbContext db, DateTimeOffset at, string actor, string action, Guid? caseId, string? schoolId, string? pupil, string detail) =>
        db.AuditLog.Add(new AuditEntryRecord
        {
            At = at, User = actor, Action = action, CaseId = caseId, SchoolId = schoolId, LeerlingId = pupil, Result = AuditEntry.Succeeded,
            Detail = detail.Length > AuditEntry.MaxDetailLength ? detail[..AuditEntry.MaxDetailLength] : detail,
        });
}
