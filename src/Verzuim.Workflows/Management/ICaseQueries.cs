using Verzuim.Workflows.Stores;

namespace Verzuim.Workflows.Management;

/// <summary>Reads cases for people and reports: never changes anything, never shows the engine's execution state.</summary>
public interface ICaseQueries
{
    /// <summary>Top-level cases in scope that match the filter, oldest first.</summary>
    Task<IReadOnlyList<CaseInstance>> CasesAsync(CaseFilter filter, CancellationToken ct = default);

    /// <summary>A top-level case in scope; null when it does not exist or belongs to another school.</summary>
    Task<CaseInstance?> CaseAsync(Guid id, CaseScope scope, CancellationToken ct = default);

    /// <summary>An instance in scope (a case or a sub-case it called); null when not found.</summary>
    Task<CaseInstance?> InstanceAsync(Guid id, CaseScope scope, CancellationToken ct = default);

    /// <summary>Instances by id, whatever their scope (the caller already holds their ids from a scoped read).</summary>
    Task<IReadOnlyList<CaseInstance>> InstancesAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct = default);

    /// <summary>The sub-cases the given cases called.</summary>
    Task<IReadOnlyList<CaseInstance>> ChildrenAsync(IReadOnlyCollection<Guid> caseIds, CancellationToken ct = default);

    /// <summary>The elements the instance's tokens are at now, each once (read from the engine's state).</summary>
    Task<IReadOnlyList<string>> ActiveElementsAsync(Guid instanceId, CancellationToken ct = default);

    /// <summary>What happened to these instances (only rows of the given kinds, and at the given elements, when given), unordered.</summary>
    Task<IReadOnlyList<TimelineRecord>> TimelineAsync(IReadOnlyCollection<Guid> instanceIds, IReadOnlyCollection<TimelineKind>? kinds = null,
        IReadOnlyCollection<string>? elementIds = null, CancellationToken ct = default);

    /// <summary>The timers these instances wait on.</summary>
    Task<IReadOnlyList<CaseTimer>> TimersAsync(IReadOnlyCollection<Guid> instanceIds, CancellationToken ct = default);

    /// <summary>When an instance in scope last changed; null when there is none.</summary>
    Task<DateTimeOffset?> LastChangeAsync(CaseScope scope, CancellationToken ct = default);

    /// <summary>The instances in scope that changed at or after <paramref name="since"/>.</summary>
    Task<IReadOnlyList<CaseChange>> ChangedSinceAsync(CaseScope scope, DateTimeOffset since, CancellationToken ct = default);

    /// <summary>The timers open instances in scope wait on (the instances a calendar change moves, the deadlines a coverage check reads).</summary>
    Task<IReadOnlyList<WaitingTimer>> WaitingTimersAsync(CaseScope scope, CancellationToken ct = default);
}
