namespace Verzuim.Contracts;

/// <summary>
/// What every message about a pupil carries. Contracts only grow: fields are added, never renamed or removed,
/// so systems built against an older version keep working.
/// </summary>
public interface IPupilEvent
{
    /// <summary>Unique per message; receivers use it to ignore redelivery.</summary>
    Guid BerichtId { get; }
    /// <summary>Pseudonymous pupil id assigned by the school's administration system. Never a BSN.</summary>
    string LeerlingId { get; }
    /// <summary>The school (BRIN with location, or the administration system's school id).</summary>
    string SchoolId { get; }
    /// <summary>When it happened in the world (not when it was sent).</summary>
    DateTimeOffset Tijdstip { get; }
}
