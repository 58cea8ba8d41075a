namespace Verzuim.Cases.Attendance;

/// <summary>
/// Kind of a registered absence. The names are the message contract's <c>soort</c> values
/// (<c>Verzuim.Contracts.Verzuimsoort</c>) so a ledger row's text maps back without a lookup table;
/// <see cref="AbsenceKinds.Parse"/> reads them.
/// </summary>
public enum AbsenceKind
{
    /// <summary>Reported sick: excused, but the MAZL/ZAS routes watch how often and how long.</summary>
    Ziek,

    /// <summary>Unexcused (relatief verzuim): counts toward the legal 16 hours in 4 school weeks.</summary>
    Ongeoorloofd,

    /// <summary>Late; carries minutes, not hours.</summary>
    TeLaat,

    /// <summary>Holiday outside the school holidays without permission; always reportable.</summary>
    Luxe,

    /// <summary>Excused for another reason than illness (granted leave, medical appointment).</summary>
    Geoorloofd,
}
