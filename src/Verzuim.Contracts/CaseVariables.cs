namespace Verzuim.Contracts;

/// <summary>The case variables Verzuim itself owns, as models and messages name them.</summary>
public static class CaseVariables
{
    /// <summary>The pupil's pseudonymous id: who the case is about.</summary>
    public const string LeerlingId = "leerlingId";
    /// <summary>The school: every case query by people is scoped to their schools (the engine's indexed scope column).</summary>
    public const string SchoolId = "schoolId";

    /// <summary>
    /// Never written by merged form or message data (only by a start event's data, an explicit verzuim:output or an
    /// operator): the school and pupil decide who sees the case, the signals are computed from the ledger, the regie is
    /// assigned. The host adds the medical variables (Privacy:MedischeVariabelen).
    /// </summary>
    public static readonly IReadOnlyList<string> Protected = [SchoolId, LeerlingId, "signalen", "regievoerder"];
}
