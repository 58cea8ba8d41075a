using Verzuim.Workflows.Stores;

namespace Verzuim.Workflows.Management;

/// <summary>
/// A case (or a sub-case it called) as readers see it: what it runs, where it stands and its variables as JSON,
/// without the engine's execution state (token positions come from <see cref="ICaseQueries.ActiveElementsAsync"/>).
/// </summary>
public sealed record CaseInstance(Guid Id, Guid DefinitionId, string ProcessId, int DefinitionVersion, string? BusinessKey, InstanceStatus Status,
    string? SchoolId, string? Step, string Variables, Guid? ParentInstanceId, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, DateTimeOffset UpdatedAt)
{
    /// <summary>The top-level case this instance belongs to (itself, or the case that called it).</summary>
    public Guid CaseId => ParentInstanceId ?? Id;

    public static CaseInstance From(InstanceRecord r) =>
        new(r.Id, r.DefinitionId, r.ProcessId, r.DefinitionVersion, r.BusinessKey, r.Status, r.SchoolId, r.Step, r.Variables, r.ParentInstanceId,
            r.StartedAt, r.EndedAt, r.UpdatedAt);
}
