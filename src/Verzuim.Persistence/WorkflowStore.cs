using System.Data;
using Microsoft.EntityFrameworkCore;
using Verzuim.Workflows.Stores;

namespace Verzuim.Persistence;

public enum StoreProvider { PostgreSql, Sqlite }

/// <summary>Creates contexts for one database; the provider follows from the connection string. The engine's store on EF Core.</summary>
public sealed class WorkflowStore : IWorkflowStore
{
    private readonly DbContextOptions<PostgresWorkflowDbContext>? _postgres;
    private readonly DbContextOptions<SqliteWorkflowDbContext>? _sqlite;

    public WorkflowStore(string connectionString)
    {
        ConnectionString = connectionString;
        Provider = DetectProvider(connectionString);
        if (Provider == StoreProvider.PostgreSql)
            _postgres = new DbContextOptionsBuilder<PostgresWorkflowDbContext>()
                .UseNpgsql(connectionString, o => o.MigrationsHistoryTable("__migrations")).Options;
        else
            _sqlite = new DbContextOptionsBuilder<SqliteWorkflowDbContext>()
                .UseSqlite(connectionString, o => o.MigrationsHistoryTable("__migrations")).Options;
    }

    public string ConnectionString { get; }
    public StoreProvider Provider { get; }

    public static StoreProvider DetectProvider(string connectionString) =>
        connectionString.Contains("Host=", StringComparison.OrdinalIgnoreCase) || connectionString.StartsWith("postgres", StringComparison.OrdinalIgnoreCase)
            ? StoreProvider.PostgreSql
            : connectionString.Contains("Data Source=", StringComparison.OrdinalIgnoreCase) || connectionString.Contains("Filename=", StringComparison.OrdinalIgnoreCase)
                ? StoreProvider.Sqlite
                : throw new ArgumentException("Onbekende verbindingsreeks: verwacht PostgreSQL ('Host=...') of SQLite ('Data Source=...').");

    public WorkflowDbContext CreateContext() => Provider == StoreProvider.PostgreSql
        ? new PostgresWorkflowDbContext(_postgres!)
        : new SqliteWorkflowDbContext(_sqlite!);

    /// <summary>Applies pending migrations; safe to call from several hosts at start-up (migrations take a lock).</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var db = CreateContext();
        await db.Database.MigrateAsync(cancellationToken);
    }

    public async Task<IWorkflowUnitOfWork> BeginAsync(CancellationToken ct = default)
    {
        var db = CreateContext();
        // EF Core would wrap every SaveChanges in this transaction in a savepoint (two more round trips per command) so a
        // failed save could be continued; the engine never continues a failed unit of work: it starts the command again
        db.Database.AutoSavepointsEnabled = false;
        try
        {
            var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct);
            return new EfWorkflowUnitOfWork(db, transaction);
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    public bool IsTransient(Exception e) => TransientErrors.IsTransient(e);

    public async Task<DateTimeOffset?> NextTimerDueAsync(CancellationToken ct = default)
    {
        await using var db = CreateContext();
        return await db.Subscriptions.Where(s => s.Kind == SubscriptionKind.Timer || s.Kind == SubscriptionKind.TimerStart)
            .OrderBy(s => s.DueAt).Select(s => s.DueAt).FirstOrDefaultAsync(ct);
    }

    public async Task<DefinitionRecord?> FindDefinitionAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = CreateContext();
        return await db.Definitions.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, ct);
    }
}
