using Npgsql;
using Verzuim.Persistence;

namespace Verzuim.Workflows.Tests.Support;

/// <summary>
/// A fresh, migrated PostgreSQL database per test class on the server ./test.sh started
/// (VERZUIM_TEST_POSTGRES). Real PostgreSQL: the store the engine must prove durable.
/// </summary>
public static class TestDatabase
{
    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("VERZUIM_TEST_POSTGRES") is { Length: > 0 } cs ? cs
            : throw new InvalidOperationException(
                "VERZUIM_TEST_POSTGRES is not set. Run the tests with ./test.sh, which installs and starts PostgreSQL on 127.0.0.1.");

    /// <summary>Creates an empty database and returns its connection string (not migrated).</summary>
    public static async Task<string> CreateEmptyAsync(string prefix = "t")
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..30];
        var server = new NpgsqlConnectionStringBuilder(ServerConnectionString);
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }
        server.Database = name;
        server.MaxPoolSize = 50;
        return server.ConnectionString;
    }

    public static async Task<WorkflowStore> CreateAsync(string prefix = "t")
    {
        var store = new WorkflowStore(await CreateEmptyAsync(prefix));
        await store.MigrateAsync();
        return store;
    }
}
