namespace Verzuim.Workflows.Time;

/// <summary>
/// The engine's only source of "now". Timers, deadlines and escalation windows read time
/// through this seam so tests and simulations can drive time explicitly
/// (<see cref="VirtualClock"/>) instead of waiting for the wall clock.
/// </summary>
public interface IClock
{
    /// <summary>The current instant, with offset zero.</summary>
    DateTimeOffset UtcNow { get; }
}
