using System.Text.Json.Nodes;

namespace Verzuim.Workflows.Runtime;

/// <summary>
/// A message to correlate. <see cref="MessageId"/> makes redelivery harmless. <see cref="StartableProcesses"/>,
/// when given, limits which processes' message start events may open a case (the model a pupil's school follows).
/// <see cref="TrustedVariables"/> are protected variables this message may still write by merging, because the engine
/// computed them itself (the attendance ledger's <c>signalen</c>).
/// </summary>
public sealed record IncomingMessage(Guid MessageId, string Name, string? CorrelationKey, JsonObject Payload, TimeSpan? TimeToLive = null,
    IReadOnlySet<string>? StartableProcesses = null, IReadOnlySet<string>? TrustedVariables = null);

public enum CorrelationOutcome { Correlated, Started, Buffered, Unmatched, Duplicate }

public sealed record CorrelationResult(CorrelationOutcome Outcome, IReadOnlyList<Guid> InstanceIds);

/// <summary>What a correlation's preparation step produced: the payload to correlate, and variables for every open case of the key.</summary>
public sealed record PreparedMessage(JsonObject Payload, JsonObject? OpenCaseVariables = null);
