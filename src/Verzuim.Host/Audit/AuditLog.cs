using Verzuim.Host.Auth;
using Verzuim.Workflows.Persistence;
using Verzuim.Workflows.Time;

namespace Verzuim.Host.Audit;

/// <summary>Writes who read or changed which case. Written in its own short transaction: a read is logged even when nothing changes.</summary>
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

    public async Task WriteAsync(string action, Guid? caseId = null, string? schoolId = null, string? detail = null, CancellationToken ct = default)
    {
        await using var db = store.CreateContext();
        db.AuditLog.Add(new AuditEntryRecord
        {
            At = clock.UtcNow, User = caller.UserName, Action = action, CaseId = caseId, SchoolId = schoolId,
            Detail = detail is { Length: > 500 } ? detail[..500] : detail,
        });
        await db.SaveChangesAsync(ct);
    }
}
