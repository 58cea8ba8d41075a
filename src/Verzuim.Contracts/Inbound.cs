namespace Verzuim.Contracts;

/// <summary>Kind of absence, as the school registers it.</summary>
public enum Verzuimsoort
{
    /// <summary>Reported sick.</summary>
    Ziek,
    /// <summary>Unexcused absence (relatief verzuim).</summary>
    Ongeoorloofd,
    /// <summary>Late for a lesson or the day.</summary>
    TeLaat,
    /// <summary>Holiday outside school holidays without permission.</summary>
    Luxe,
    /// <summary>Excused absence other than illness (granted leave, appointments).</summary>
    Geoorloofd,
}

/// <summary>The school registered an absence. <see cref="Uren"/> for absence, <see cref="Minuten"/> for lateness.</summary>
public sealed record AbsentieGeregistreerd(Guid BerichtId, string LeerlingId, string SchoolId, DateTimeOffset Tijdstip,
    DateOnly Datum, Verzuimsoort Soort, decimal? Uren = null, int? Minuten = null) : IPupilEvent;

/// <summary>The pupil attends school again as agreed.</summary>
public sealed record SchoolgangHersteld(Guid BerichtId, string LeerlingId, string SchoolId, DateTimeOffset Tijdstip) : IPupilEvent;

/// <summary>
/// A conversation about the absence took place. <see cref="Soort"/> names the conversation; a model's conversation
/// task listens for the values its page documents (docs/models/*.md, Soort tables) and compares them exactly:
/// Groningen "ouders", "evaluatie"; Apeldoorn "kernteam"; Ichthus "coach", "ouders", "rto", "advies", "terugkeer",
/// "te laat", "spijbelen", "vc"; Twente (one Soort per row) "ziekte", "te laat", "luxe", "relatief verzuim",
/// "samenwerkingsverband"; VO "leerling", "telefonisch", "ouders", "izo", "geoorloofd leerling", "geoorloofd ouders",
/// "geoorloofd thuis". A value no open task names completes nothing. <see cref="Afspraak"/> is a short agreement,
/// no medical detail; the case keeps it.
/// </summary>
public sealed record GesprekGehouden(Guid BerichtId, string LeerlingId, string SchoolId, DateTimeOffset Tijdstip,
    string Soort, DateOnly Datum, string? Afspraak = null) : IPupilEvent;

/// <summary>The youth doctor's advice about load capacity. The outcome only: there is no field for a diagnosis, and there never will be.</summary>
public enum JeugdartsUitkomst
{
    /// <summary>No medical obstacle to attending school.</summary>
    GeenBelemmering,
    /// <summary>Can attend with limits (adapted programme).</summary>
    BeperktBelastbaar,
    /// <summary>Cannot attend school for now.</summary>
    NietBelastbaar,
    /// <summary>The pupil did not appear at the consultation.</summary>
    NietVerschenen,
}

/// <summary>Advice from the youth doctor (GGD/JGZ) after a consultation.</summary>
public sealed record JeugdartsAdvies(Guid BerichtId, string LeerlingId, string SchoolId, DateTimeOffset Tijdstip,
    JeugdartsUitkomst Uitkomst, DateOnly Datum) : IPupilEvent;

/// <summary>Parents gave or refused consent for a purpose, e.g. "Kernteam", "ZasOverleg", "VoWij".</summary>
public sealed record ToestemmingOuders(Guid BerichtId, string LeerlingId, string SchoolId, DateTimeOffset Tijdstip,
    string Doel, bool Verleend) : IPupilEvent;

/// <summary>
/// The school made the legal report to DUO's Verzuimloket. It answers one report: the one with
/// <see cref="MeldingId"/> (from <see cref="DuoMeldingVereist"/>), or without an id the oldest open report of the pupil.
/// </summary>
public sealed record DuoMeldingGedaan(Guid BerichtId, string LeerlingId, string SchoolId, DateTimeOffset Tijdstip,
    string? Kenmerk = null, Guid? MeldingId = null) : IPupilEvent;

/// <summary>An organisation took responsibility and the pupil was placed (ends step 4 of the Apeldoorn model).</summary>
public sealed record PlaatsingGerealiseerd(Guid BerichtId, string LeerlingId, string SchoolId, DateTimeOffset Tijdstip,
    string? Organisatie = null) : IPupilEvent;
