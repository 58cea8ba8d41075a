using Verzuim.Workflows.Stores;

namespace Verzuim.Workflows.Management;

/// <summary>Which cases (top-level instances) a list asks for; every filter left null is not applied.</summary>
public sealed record CaseFilter(CaseScope Scope)
{
    /// <summary>Part of the business key, case-insensitive ("4711" finds "L-4711").</summary>
    public string? BusinessKeyContains { get; init; }
    /// <summary>Exactly this business key.</summary>
    public string? BusinessKey { get; init; }
    public string? SchoolId { get; init; }
    public string? ProcessId { get; init; }
    public string? Step { get; init; }
    /// <summary>Only cases started before this moment.</summary>
    public DateTimeOffset? StartedBefore { get; init; }
    /// <summary>Only cases not ended before this moment (still open, or ended at or after it).</summary>
    public DateTimeOffset? OpenAt { get; init; }
    /// <summary>Null: every status.</summary>
    public IReadOnlyCollection<InstanceStatus>? Statuses { get; init; }
    /// <summary>The oldest cases first, at most this many.</summary>
    public int Max { get; init; } = 10_000;
}
