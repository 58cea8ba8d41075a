namespace Verzuim.Contracts;

/// <summary>
/// Published by Verzuim: a legal DUO report is required, with the reason (e.g. "16 uur ongeoorloofd in 4 schoolweken").
/// Every report has its own <see cref="MeldingId"/> (one per reason and occasion, also for the same pupil); answer it
/// with <see cref="DuoMeldingGedaan"/> carrying that id. Null only from models deployed before report ids existed.
/// </summary>
public sealed record DuoMeldingVereist(Guid BerichtId, string LeerlingId, string SchoolId, DateTimeOffset Tijdstip, string Reden,
    Guid? MeldingId = null) : IPupilEvent;

/// <summary>Published by Verzuim: a case opened in a model.</summary>
public sealed record CaseGeopend(Guid BerichtId, string LeerlingId, string SchoolId, DateTimeOffset Tijdstip, string Model, int Versie) : IPupilEvent;

/// <summary>Published by Verzuim: a case moved to another step of its model.</summary>
public sealed record StapGewijzigd(Guid BerichtId, string LeerlingId, string SchoolId, DateTimeOffset Tijdstip, string Model, string Stap) : IPupilEvent;

/// <summary>Published by Verzuim: a task was created for a role.</summary>
public sealed record TaakAangemaakt(Guid BerichtId, string LeerlingId, string SchoolId, DateTimeOffset Tijdstip, Guid TaakId,
    string Taak, string? Rol, DateTimeOffset? Vervaldatum) : IPupilEvent;

/// <summary>Published by Verzuim: a case closed.</summary>
public sealed record CaseGesloten(Guid BerichtId, string LeerlingId, string SchoolId, DateTimeOffset Tijdstip, string Model, string? Uitkomst) : IPupilEvent;
