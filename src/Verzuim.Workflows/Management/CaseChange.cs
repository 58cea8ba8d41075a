using Verzuim.Workflows.Stores;

namespace Verzuim.Workflows.Management;

/// <summary>That an instance changed: <see cref="Version"/> grows with every write, <see cref="UpdatedAt"/> is when.</summary>
public sealed record CaseChange(Guid Id, Guid? ParentInstanceId, int Version, DateTimeOffset UpdatedAt, string? SchoolId, string? Step, InstanceStatus Status)
{
    public Guid CaseId => ParentInstanceId ?? Id;
}
