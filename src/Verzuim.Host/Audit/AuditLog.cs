using Verzuim.Cases.Audit;
using Verzuim.Host.Auth;
using Verzuim.Workflows.Stores;

namespace Verzuim.Host.Audit;

/// <summary>
/// Writes who read or changed which case, with the result and the pupil (read from the case when one is known), in
/// its own short transaction: a read is logged even when nothing changes. A change writes its entry in its own
/// transaction instead, through the Verzuim.Cases service that makes it (<see cref="Entry"/>).
/// </summary>
public sealed class AuditLog(AuditTrail trail, Caller caller)
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
    public const string MigrationStarted = "migratie-gestart";
    public const string MigrationChanged = "migratie-gewijzigd";
    public const string CaseTokenMoved = "zaak-verplaatst";

    /// <summary>The result values (Verwerkingenlogging's "resultaat").</summary>
    public const string Succeeded = AuditEntry.Succeeded;
    public const string Refused = AuditEntry.Refused;

    /// <summary>The caller's entry for an action, for a service that writes it in the change's own transaction.</summary>
    public AuditEntry Entry(string action, Guid? caseId = null, string? schoolId = null, string? detail = null) =>
        new(caller.UserName, action, caseId, schoolId, detail);

    /// <summary>
    /// The caller's entries, made from what an engine command did, as work in that command's unit of work
    /// (<c>enlist</c>): the change and its entries commit together or not at all.
    /// </summary>
    public Func<T, IWorkflowUnitOfWork, CancellationToken, Task> InUnitOfWork<T>(Func<T, IEnumerable<AuditEntry>> entries) => async (done, unit, ct) =>
    {
        foreach (var entry in entries(done)) await trail.InUnitOfWork(entry)(unit, ct);
    };

    public Task WriteAsync(string action, Guid? caseId = null, string? schoolId = null, string? detail = null, CancellationToken ct = default,
        string result = Succeeded) =>
        trail.WriteAsync(new AuditEntry(caller.UserName, action, caseId, schoolId, detail, result), ct);
}
