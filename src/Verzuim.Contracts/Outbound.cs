namespace Verzuim.Contracts;

/// <summary>Published by Verzuim: a legal DUO report is required, with the reason (e.g. "16 uur ongeoorloofd in 4 schoolweken").</summary>
public sealed record DuoMeldingVereist(Guid BerichtId, string LeerlingId, string SchoolId, DateTimeOffset Tijdstip, string Reden) : IPupilEvent;

/// <summary>Published by Verzuim: a case opened in a model.</summary>
public sealed record CaseGeopend(Guid BerichtId, string LeerlingId, string SchoolId, DateTimeOffset Tijdstip, string Model, int Versie) : IPupilEvent;

/// <summary>Published by Verzuim: a case moved to another step of its model.</summary>
public sealed record StapGewijzigd(Guid BerichtId, string LeerlingId, string SchoolId, DateTimeOffset Tijdstip, string Model, string Stap) : IPupilEvent;

/// <summary>Published by Verzuim: a task was created for a role.</summary>
public sealed record TaakAangemaakt(Guid BerichtId, string LeerlingId, string SchoolId, DateTimeOffset Tijdstip, Guid TaakId,
    string Taak, string? Rol, DateTimeOffset? Vervaldatum) : IPupilEvent;

/// <summary>Published by Verzuim: a case closed.</summary>
public sealed record CaseGesloten(Guid BerichtId, string LeerlingId, string SchoolId, DateTimeOffset Tijdstip, string Model, string? Uitkomst) : IPupilEvent;
