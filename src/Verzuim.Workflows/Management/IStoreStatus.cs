namespace Verzuim.Workflows.Management;

/// <summary>For health checks and gauges: whether the store answers, and the engine's workload in it.</summary>
public interface IStoreStatus
{
    /// <summary>"PostgreSql" or "Sqlite", for messages.</summary>
    string Provider { get; }

    Task<bool> CanConnectAsync(CancellationToken ct = default);

    /// <summary>The counts at <paramref name="now"/> (a timer is due when its moment is not after now).</summary>
    Task<Workload> WorkloadAsync(DateTimeOffset now, CancellationToken ct = default);
}
