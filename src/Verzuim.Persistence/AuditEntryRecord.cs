namespace Verzuim.Persistence;

/// <summary>Who read or changed what, when: one row per read of a case and per change made through the API.</summary>
public sealed class AuditEntryRecord
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public required string User { get; set; }
    /// <summary>e.g. "zaak-gelezen", "taak-afgerond", "incident-opnieuw", "bericht-geplaatst".</summary>
    public required string Action { get; set; }
    public Guid? CaseId { get; set; }
    public string? SchoolId { get; set; }
    /// <summary>The pupil the case is about (Verwerkingenlogging's betrokkene), where a case is known.</summary>
    public string? LeerlingId { get; set; }
    /// <summary>"gelukt" or "geweigerd" (Verwerkingenlogging's resultaat).</summary>
    public string? Result { get; set; }
    public string? Detail { get; set; }
}
