namespace Verzuim.Workflows.Management;

/// <summary>A token that could not go on, with the reason; <see cref="ResolvedAt"/> is set once a retry got it going.</summary>
public sealed record Incident(Guid Id, Guid InstanceId, string ElementId, string Reason, DateTimeOffset CreatedAt, DateTimeOffset? ResolvedAt);
