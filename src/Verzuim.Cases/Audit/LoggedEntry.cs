namespace Verzuim.Cases.Audit;

/// <summary>An entry as the audit log holds it: who did what, when, to which case and pupil, with the result.</summary>
/// <param name="LeerlingId">The pupil the case is about (Verwerkingenlogging's betrokkene), where a case is known.</param>
/// <param name="Result">"gelukt" or "geweigerd" (Verwerkingenlogging's resultaat).</param>
public sealed record LoggedEntry(long Id, DateTimeOffset At, string User, string Action, Guid? CaseId, string? SchoolId, string? LeerlingId, string? Result,
    string? Detail);
