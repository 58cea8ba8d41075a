using Npgsql;
using Verzuim.Contracts;
using Verzuim.Persistence;
using Verzuim.Workflows.Runtime;
using Verzuim.Workflows.Time;

namespace Verzuim.Benchmarks;

/// <summary>
/// One fresh, migrated database per measurement on the benchmark server, with the engine on top
/// (real wall clock). Dropped again on dispose unless --keep-databases.
/// </summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    private readonly string _serverConnectionString;
    private readonly bool _keep;

    private BenchDatabase(string serverConnectionString, string name, string connectionString, bool keep)
    {
        _serverConnectionString = serverConnectionString;
        _keep = keep;
        Name = name;
        ConnectionString = connectionString;
        Store = new WorkflowStore(connectionString);
        // as the host's engine: the school fills the scope column (lifecycle messages are left out, as before)
        Engine = new WorkflowEngine(Store, SystemClock.Instance, new WorkflowEngineOptions
        {
            ProtectedVariables = new HashSet<string>(CaseVariables.Protected, StringComparer.OrdinalIgnoreCase),
            ScopeVariable = CaseVariables.SchoolId,
        });
    }

    public string Name { get; }
    public string ConnectionString { get; }
    public WorkflowStore Store { get; }
    public WorkflowEngine Engine { get; }

    public static async Task<BenchDatabase> CreateAsync(string serverConnectionString, string label, bool keep)
    {
        var name = $"vzbench_{label}_{Guid.NewGuid():N}"[..40].ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(serverConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name, MaxPoolSize = 30, CommandTimeout = 600 };
        var db = new BenchDatabase(serverConnectionString, name, builder.ConnectionString, keep);
        await db.Store.MigrateAsync();
        return db;
    }

    public async Task<T> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (n, v) in parameters) command.Parameters.AddWithValue(n, v);
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T));
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public Task<long> WaitingCountAsync() =>
        ScalarAsync<long>("""SELECT count(*) FROM subscriptions WHERE "Kind" = 'Message'""");

    /// <summary>Current WAL insert position, to report WAL bytes written per operation (cluster-wide).</summary>
    public Task<long> WalPositionAsync() =>
        ScalarAsync<long>("SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), '0/0')::bigint");

    public async ValueTask DisposeAsync()
    {
        await using (var connection = new NpgsqlConnection(ConnectionString)) NpgsqlConnection.ClearPool(connection);
        if (_keep) return;
        try
        {
            await using var connection = new NpgsqlConnection(_serverConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"[bench] could not drop database {Name}: {e.Message}");
        }
    }
}
