using Verzuim.Workflows.Stores;

namespace Verzuim.Workflows.Management;

/// <summary>One stored version of a process, with how many cases run on it (running or stopped by an incident).</summary>
public sealed record DefinitionVersion(Guid Id, string ProcessId, string? Name, int Version, DefinitionStatus Status, DateTimeOffset CreatedAt,
    DateTimeOffset? PublishedAt, string? PublishedBy, string? ChangeNote, int RunningCases);
