namespace Verzuim.Workflows.Management;

/// <summary>Reads incidents for the operator.</summary>
public interface IIncidentQueries
{
    /// <summary>Open (or resolved) incidents of existing instances, oldest first, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<Incident>> ListAsync(bool resolved, int max, CancellationToken ct = default);

    Task<Incident?> FindAsync(Guid id, CancellationToken ct = default);
}
