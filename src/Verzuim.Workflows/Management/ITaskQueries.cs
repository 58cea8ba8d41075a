namespace Verzuim.Workflows.Management;

/// <summary>Reads human tasks.</summary>
public interface ITaskQueries
{
    Task<WorkTask?> TaskAsync(Guid id, CancellationToken ct = default);

    /// <summary>The open tasks of instances in scope (cases and the sub-cases they called).</summary>
    Task<IReadOnlyList<WorkTask>> OpenAsync(CaseScope scope, CancellationToken ct = default);

    /// <summary>Every open task, of every school (for the service's own rounds, not for people).</summary>
    Task<IReadOnlyList<WorkTask>> AllOpenAsync(CancellationToken ct = default);

    /// <summary>Every task of these instances (open, completed, cancelled), oldest first.</summary>
    Task<IReadOnlyList<WorkTask>> OfInstancesAsync(IReadOnlyCollection<Guid> instanceIds, bool openOnly = false, CancellationToken ct = default);
}
