namespace Verzuim.Workflows.Management;

/// <summary>What the engine has on its hands: cases running or stopped by an incident, timers due now, open incidents.</summary>
public sealed record Workload(long RunningCases, long DueTimers, long OpenIncidents);
