using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Verzuim.Persistence;

/// <summary>Which failures of this store another writer caused, or a connection fault: the whole command is safe to run again.</summary>
public static class TransientErrors
{
    public static bool IsTransient(Exception e) => e switch
    {
        DbUpdateConcurrencyException => true,
        // conflicts (serialization, deadlock, unique) and a server going away (admin/crash shutdown, connection errors)
        PostgresException pg => pg.SqlState is "40001" or "40P01" or "23505" or "57P01" or "57P02" or "57P03"
                                || pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.IsTransient,
        NpgsqlException npgsql => npgsql.IsTransient,
        SqliteException sqlite => sqlite.SqliteErrorCode is 5 or 6 or 19,
        _ => e.InnerException is not null && IsTransient(e.InnerException),
    };
}
