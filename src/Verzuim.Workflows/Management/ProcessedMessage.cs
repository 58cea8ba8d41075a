namespace Verzuim.Workflows.Management;

/// <summary>That the engine applied a message (by its id), when, and how it ended (Correlated, Started, Buffered, Unmatched).</summary>
public sealed record ProcessedMessage(Guid MessageId, string MessageName, DateTimeOffset ProcessedAt, string Outcome);
