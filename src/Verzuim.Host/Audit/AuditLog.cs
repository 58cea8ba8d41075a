using Microsoft.EntityFrameworkCore;
using Verzuim.Host.Auth;
using Verzuim.Persistence;
using Verzuim.Workflows.Time;

namespace Verzuim.Host.Audit;

/// <summary>
/// Writes who read or changed which case, with the result and the pupil (read from the case when one is known), in
/// its own short transaction: a read is logged even when nothing changes.
/// </summary>
public sealed class AuditLog(WorkflowStore store, Caller caller, IClock clock)
{
    public const string CaseRead = "zaak-gelezen";
    public const string CaseListed = "zaken-opgevraagd";
    public const string TaskClaimed = "taak-geclaimd";
    public const string TaskCompleted = "taak-afgerond";
    public const string IncidentRetried = "incident-opnieuw";
    public const string MessagePosted = "bericht-geplaatst";
    public const string DefinitionPublished = "model-gepubliceerd";
    public const string RegisterExported = "register-geexporteerd";
    public const string RegisterRead = "register-gelezen";
    public const string OverviewRead = "overzicht-gelezen";
    public const string TasksListed = "taken-opgevraagd";
    public const string TaskUnclaimed = "taak-teruggegeven";
    public const string TaskAssigned = "taak-toegewezen";
    public const string CaseModelRead = "zaakmodel-gelezen";
    public const string DefinitionsListed = "modellen-opgevraagd";
    public const string DefinitionXmlRead = "model-xml-gelezen";
    public const string AccessRefused = "toegang-geweigerd";
    public const string RetentionPurged = "bewaartermijn-verwijderd";
    public const string CaseNotesRead = "notities-gelezen";
    public const string CaseNoteAdded = "notitie-geplaatst";
    public const string CaseNoteChanged = "notitie-gewijzigd";
    public const string CaseNoteRemoved = "notitie-verwijderd";
    public const string ErrorMessagesListed = "foutberichten-opgevraagd";
    public const string ErrorMessageRead = "foutbericht-gelezen";
    public const string ErrorMessageReplayed = "foutbericht-opnieuw";
    public const string ErrorMessageDiscarded = "foutbericht-verwijderd";

    /// <summary>The <see cref="AuditEntryRecord.Result"/> values (Verwerkingenlogging's "resultaat").</summary>
    public const string Succeeded = "gelukt";
    public const string Refused = "geweigerd";

    public async Task WriteAsync(string action, Guid? caseId = null, string? schoolId = null, string? detail = null, CancellationToken ct = default,
        string result = Succeeded)
    {
        await using var db = store.CreateContext();
        string? pupil = null;
        if (caseId is { } id && await db.Instances.AsNoTracking().Where(i => i.Id == id)
                .Select(i => new { i.BusinessKey, i.SchoolId }).FirstOrDefaultAsync(ct) is { } owner)
            (pupil, schoolId) = (owner.BusinessKey, schoolId ?? owner.SchoolId);
        db.AuditLog.Add(new AuditEntryRecord
        {
            At = clock.UtcNow, User = caller.UserName, Action = action, CaseId = caseId, SchoolId = schoolId, LeerlingId = pupil, Result = result,
            Detail = detail is { Length: > 500 } ? detail[..500] : detail,
        });
        await db.SaveChangesAsync(ct);
    }
}
