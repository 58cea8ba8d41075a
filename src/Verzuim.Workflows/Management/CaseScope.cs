namespace Verzuim.Workflows.Management;

/// <summary>The schools whose instances a reader may see; an instance of another school does not exist for them.</summary>
public sealed record CaseScope(IReadOnlyCollection<string> Schools)
{
    /// <summary>Every instance, of any school or none: for the service's own work and the beheerder's screens, never for case readers.</summary>
    public static CaseScope Everywhere { get; } = new([]) { AllSchools = true };

    public bool AllSchools { get; private init; }
}
