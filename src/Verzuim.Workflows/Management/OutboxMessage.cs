namespace Verzuim.Workflows.Management;

/// <summary>A message the engine wrote to its outbox in the step that caused it, waiting to be published.</summary>
/// <param name="Attempts">Publish attempts so far, this one included.</param>
public sealed record OutboxMessage(Guid Id, string MessageName, string Payload, string? CorrelationKey, DateTimeOffset CreatedAt, int Attempts);

/// <summary>What one dispatch round did: how many went out, and the message it stopped at (later ones wait for it).</summary>
public sealed record OutboxDispatchResult(int Sent, OutboxMessage? Failed = null, string? Error = null);
