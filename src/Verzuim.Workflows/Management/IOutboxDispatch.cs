namespace Verzuim.Workflows.Management;

/// <summary>
/// Hands the engine's outbox to a publisher, in order, after the steps that wrote it committed: one dispatcher at a
/// time across hosts, each message marked dispatched once <c>publish</c> returned; a message whose publish throws
/// keeps its error and stops the round (order is kept), and one that failed too often is left for an operator.
/// </summary>
public interface IOutboxDispatch
{
    Task<OutboxDispatchResult> DispatchAsync(int max, Func<OutboxMessage, CancellationToken, Task> publish, CancellationToken ct = default);
}
