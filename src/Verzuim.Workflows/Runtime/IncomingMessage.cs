using System.Text.Json.Nodes;

namespace Verzuim.Workflows.Runtime;

/// <summary>A message to correlate. <see cref="MessageId"/> makes redelivery harmless.</summary>
public sealed record IncomingMessage(Guid MessageId, string Name, string? CorrelationKey, JsonObject Payload, TimeSpan? TimeToLive = null);

public enum CorrelationOutcome { Correlated, Started, Buffered, Unmatched, Duplicate }

public sealed record CorrelationResult(CorrelationOutcome Outcome, IReadOnlyList<Guid> InstanceIds);
