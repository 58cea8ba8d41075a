using Verzuim.Workflows.Stores;

namespace Verzuim.Workflows.Management;

/// <summary>
/// Deletes what the engine keeps once its term is over: closed cases with everything about them, buffered messages
/// past their time-to-live, processed message ids. Each runs in the caller's unit of work (from
/// <see cref="IWorkflowStore.BeginAsync"/>), so what the caller deletes of its own for the same cases commits with it.
/// </summary>
public interface IEnginePurge
{
    /// <summary>Top-level cases that ended (completed or terminated) before <paramref name="endedBefore"/>. Read-only.</summary>
    Task<IReadOnlyList<CaseInstance>> ClosedCasesAsync(IWorkflowUnitOfWork unit, DateTimeOffset endedBefore, CancellationToken ct = default);

    /// <summary>
    /// Deletes the closed cases among <paramref name="caseIds"/> and the sub-cases they called: the instance with its
    /// tokens, its waits and timers, tasks, timeline, incidents, dispatched outbox messages and
    /// its rows in migration batches. A case that is not a
    /// closed top-level case is left as it is. Returns the ids of the cases deleted.
    /// </summary>
    Task<IReadOnlyList<Guid>> PurgeCasesAsync(IWorkflowUnitOfWork unit, IReadOnlyCollection<Guid> caseIds, CancellationToken ct = default);

    /// <summary>Deletes buffered messages whose time-to-live ended before <paramref name="now"/>; returns how many.</summary>
    Task<int> PurgeExpiredBufferedMessagesAsync(IWorkflowUnitOfWork unit, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>Forgets the ids of messages processed before <paramref name="processedBefore"/> (a redelivery after that is new); returns how many.</summary>
    Task<int> PurgeProcessedMessagesAsync(IWorkflowUnitOfWork unit, DateTimeOffset processedBefore, CancellationToken ct = default);
}
