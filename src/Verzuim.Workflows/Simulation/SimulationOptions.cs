namespace Verzuim.Workflows.Simulation;

public sealed record SimulationOptions
{
    public static readonly SimulationOptions Default = new();

    /// <summary>
    /// Messages other systems may send (the contracts). A scenario may send one that the model never waits for —
    /// real traffic does — and the timeline records it as unmatched; any other unknown name is refused.
    /// </summary>
    public IReadOnlyCollection<string> KnownMessages { get; init; } = [];

    /// <summary>The engine's protected variables (<see cref="Runtime.WorkflowEngineOptions.ProtectedVariables"/>), as the service sets them.</summary>
    public IReadOnlyCollection<string> ProtectedVariables { get; init; } = [];
}
