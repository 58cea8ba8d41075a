
namespace Verzuim.Workflows.Stores;

/// <summary>
/// Where the engine keeps its state. Every command runs in one <see cref="IWorkflowUnitOfWork"/>; the engine retries
/// the whole command when <see cref="IsTransient"/> says another writer got there first or the connection failed.
/// </summary>
public interface IWorkflowStore
{
    /// <summary>Begins a unit of work: one read-committed transaction, nothing written until <see cref="IWorkflowUnitOfWork.CommitAsync"/>.</summary>
    Task<IWorkflowUnitOfWork> BeginAsync(CancellationToken ct = default);

    /// <summary>Conflicts another writer caused, and connection faults: the whole command is safe to run again.</summary>
    bool IsTransient(Exception e);

    /// <summary>When the earliest waiting timer (intermediate, boundary or timer start) is due; read outside any unit of work.</summary>
    Task<DateTimeOffset?> NextTimerDueAsync(CancellationToken ct = default);

    /// <summary>A stored definition (any status), read outside any unit of work.</summary>
    Task<DefinitionRecord?> FindDefinitionAsync(Guid id, CancellationToken ct = default);
}
