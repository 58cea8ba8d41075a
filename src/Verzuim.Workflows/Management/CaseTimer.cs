namespace Verzuim.Workflows.Management;

/// <summary>A timer an instance waits on (intermediate or boundary), with its due moment.</summary>
public sealed record CaseTimer(Guid InstanceId, string ElementId, DateTimeOffset? DueAt);
