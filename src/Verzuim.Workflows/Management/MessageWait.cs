namespace Verzuim.Workflows.Management;

/// <summary>An instance waiting for a message under a key (an intermediate event, boundary event or receive task).</summary>
public sealed record MessageWait(Guid InstanceId, string CorrelationKey, DateTimeOffset Since);
