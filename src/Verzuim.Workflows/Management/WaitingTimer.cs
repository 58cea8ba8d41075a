namespace Verzuim.Workflows.Management;

/// <summary>A timer an open instance (running or at an incident) waits on, with the instance's case and school.</summary>
public sealed record WaitingTimer(Guid InstanceId, Guid CaseId, string? SchoolId, string ElementId, DateTimeOffset? DueAt);
