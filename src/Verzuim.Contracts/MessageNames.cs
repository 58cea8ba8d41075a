namespace Verzuim.Contracts;

/// <summary>The contract names as they appear in BPMN message definitions, so process owners pick them in the studio.</summary>
public static class MessageNames
{
    /// <summary>Messages other systems publish to Verzuim.</summary>
    public static readonly IReadOnlyList<string> Inbound =
    [
        nameof(AbsentieGeregistreerd), nameof(SchoolgangHersteld), nameof(GesprekGehouden), nameof(JeugdartsAdvies),
        nameof(ToestemmingOuders), nameof(DuoMeldingGedaan), nameof(PlaatsingGerealiseerd),
    ];

    /// <summary>Every contract type by its name (the name a BPMN message definition uses).</summary>
    public static readonly IReadOnlyDictionary<string, Type> Types = typeof(IPupilEvent).Assembly.GetExportedTypes()
        .Where(t => t.IsClass && typeof(IPupilEvent).IsAssignableFrom(t)).ToDictionary(t => t.Name);

    /// <summary>Messages Verzuim publishes.</summary>
    public static readonly IReadOnlyList<string> Outbound =
    [
        nameof(DuoMeldingVereist), nameof(CaseGeopend), nameof(StapGewijzigd), nameof(TaakAangemaakt), nameof(CaseGesloten),
    ];
}
