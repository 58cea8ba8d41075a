using Verzuim.Workflows.Time;

namespace Verzuim.Host.Schools;

/// <summary>Configuration section "Scholen": the schools this service serves.</summary>
public sealed class SchoolOptions
{
    /// <summary>Holiday data in the government's open-data format; relative to the content root.</summary>
    public string VakantieBestand { get; set; } = "Schools/schoolvakanties.json";
    public List<SchoolSettings> Lijst { get; set; } = [];
}

public sealed class SchoolSettings
{
    public required string Id { get; set; }
    public string? Naam { get; set; }
    /// <summary>The process id of the escalation model this school follows.</summary>
    public required string Model { get; set; }
    /// <summary>Further processes of the same model that may open cases (e.g. Ichthus' lateness and truancy ladders).</summary>
    public List<string> Modellen { get; set; } = [];
    /// <summary>noord, midden or zuid: which holiday dates apply.</summary>
    public required string Regio { get; set; }
    public List<DateOnly> Studiedagen { get; set; } = [];
    /// <summary>Further days off of this school (e.g. the day after Hemelvaart); like study days, not school days.</summary>
    public List<DateOnly> VrijeDagen { get; set; } = [];
    /// <summary>Public holidays on which this school does teach: they count as school days.</summary>
    public List<DateOnly> Lesdagen { get; set; } = [];
    /// <summary>Bevrijdingsdag (5 May) off: in lustrum years (default), every year, or never.</summary>
    public BevrijdingsdagRule Bevrijdingsdag { get; set; } = BevrijdingsdagRule.Lustrum;
    /// <summary>Public holidays are days off (default); false only where the holidays listed are the whole truth (scenario replays).</summary>
    public bool Feestdagen { get; set; } = true;
    /// <summary>The school's own holidays; when given they replace the region's advice dates (schools may deviate).</summary>
    public List<SchoolHoliday>? Vakanties { get; set; }
    /// <summary>Task roles at this school (a user task's candidate role, e.g. "mentor") and the users who hold them.</summary>
    public Dictionary<string, List<string>> Rollen { get; set; } = [];
}

public sealed class SchoolHoliday
{
    public DateOnly Van { get; set; }
    public DateOnly Tot { get; set; }
    public string? Naam { get; set; }
}
