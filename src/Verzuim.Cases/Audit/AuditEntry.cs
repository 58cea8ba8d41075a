namespace Verzuim.Cases.Audit;

/// <summary>
/// One line of the audit log (VNG Verwerkingenlogging's shape): who did which verwerkingsactiviteit, about which case,
/// with which result. The pupil is read from the case when it is written.
/// </summary>
public sealed record AuditEntry(string User, string Action, Guid? CaseId = null, string? SchoolId = null, string? Detail = null,
    string Result = AuditEntry.Succeeded)
{
    /// <summary>The result values ("resultaat").</summary>
    public const string Succeeded = "gelukt";
    public const string Refused = "geweigerd";

    public const int MaxDetailLength = 500;
}
