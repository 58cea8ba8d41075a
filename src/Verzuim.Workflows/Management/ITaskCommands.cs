namespace Verzuim.Workflows.Management;

/// <summary>
/// Who works on an open task. Each is one conditional statement, so of two people claiming at once exactly one wins;
/// false when the condition did not hold (the task is no longer open, or someone else has it).
/// </summary>
public interface ITaskCommands
{
    /// <summary>An open task nobody has, or that <paramref name="user"/> has, becomes theirs.</summary>
    Task<bool> ClaimAsync(Guid taskId, string user, CancellationToken ct = default);

    /// <summary>An open task <paramref name="user"/> has goes back to the role.</summary>
    Task<bool> UnclaimAsync(Guid taskId, string user, CancellationToken ct = default);

    /// <summary>An open task nobody has, or that <paramref name="by"/> has, goes to <paramref name="to"/>.</summary>
    Task<bool> AssignAsync(Guid taskId, string by, string to, CancellationToken ct = default);
}
