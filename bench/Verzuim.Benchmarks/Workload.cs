using System.Diagnostics;
using System.Text.Json.Nodes;
using Npgsql;
using Verzuim.Workflows.Runtime;

namespace Verzuim.Benchmarks;

/// <summary>Keys, case variables and message payloads, and the two ways to fill a database with waiting cases.</summary>
public static class Workload
{
    /// <summary>The pupil's pseudonymous id: business key of the case and correlation key of its messages.</summary>
    public static string Key(string prefix, int n) => $"{prefix}{n:D7}";

    public static JsonObject Variables(string key, int n) => new()
    {
        ["leerlingId"] = key,
        ["schoolId"] = $"S{n % 40:D3}",
        ["regio"] = "midden",
        ["meldingen"] = 3 + n % 5,
        ["eersteMelding"] = "2024-09-02",
        ["reden"] = "ongeoorloofd",
    };

    public static JsonObject Payload(int n) => new()
    {
        ["soort"] = n % 2 == 0 ? "ouders" : "leerling",
        ["gesprekDatum"] = "2024-09-20",
        ["gevoerdDoor"] = "mentor",
    };

    public static IncomingMessage Message(string key, int n) => new(Guid.NewGuid(), Models.MessageName, key, Payload(n));

    /// <summary>Starts one "bench-wacht" case per key through the engine, on <paramref name="workers"/> concurrent loops.</summary>
    public static Task<RunResult> StartWaitingAsync(BenchDatabase db, IReadOnlyList<string> keys, int workers) =>
        Runner.RunAsync(keys.Count, workers, async i =>
        {
            await db.Engine.StartAsync("bench-wacht", Variables(keys[i], i), keys[i]);
            return true;
        });

    /// <summary>
    /// The fast bulk path: starts the first key through the engine, then copies that case's rows with
    /// INSERT ... SELECT for every other key, in batches. Each copy gets a new instance id, its own business
    /// key, its own leerlingId in the variables, a new subscription (new id, its own correlation key) and
    /// the same timeline entries — exactly what the engine would have written, so the engine resumes the
    /// copies like any other case. Columns are read from the live schema, so new nullable/default columns
    /// are copied along unchanged. Open tasks are not copied: a token's state points at its task id, so a
    /// template with open tasks could not be copied validly (bench-wacht waits without one).
    /// </summary>
    public static async Task<TimeSpan> CloneWaitingAsync(BenchDatabase db, IReadOnlyList<string> keys, int batchSize = 25_000)
    {
        var clock = Stopwatch.StartNew();
        var templateKey = keys[0];
        var template = await db.Engine.StartAsync("bench-wacht", Variables(templateKey, 0), templateKey);
        if (await db.ScalarAsync<long>("""SELECT count(*) FROM tasks WHERE "InstanceId" = @id""", ("id", template)) != 0)
            throw new InvalidOperationException("The clone template has open tasks; its state refers to task ids, so it cannot be copied.");
        if (await db.ScalarAsync<long>("""SELECT count(*) FROM subscriptions WHERE "InstanceId" = @id AND "Kind" = 'Message' AND "CorrelationKey" = @key""",
                ("id", template), ("key", templateKey)) != 1)
            throw new InvalidOperationException("The clone template does not wait for a message keyed by its leerlingId.");

        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        var instanceColumns = await ColumnsAsync(connection, "instances");
        var subscriptionColumns = await ColumnsAsync(connection, "subscriptions");
        var timelineColumns = (await ColumnsAsync(connection, "timeline")).Where(c => c != "Id").ToList(); // identity

        string Select(IEnumerable<string> columns, Func<string, string?> overrideOf) =>
            string.Join(", ", columns.Select(c => overrideOf(c) ?? $"t.\"{c}\""));
        string List(IEnumerable<string> columns) => string.Join(", ", columns.Select(c => $"\"{c}\""));
        var quotedTemplateKey = $"\"{templateKey}\"";

        var sql = $"""
            CREATE TEMP TABLE clone_map (id uuid NOT NULL, key text NOT NULL) ON COMMIT DROP;
            INSERT INTO clone_map SELECT gen_random_uuid(), k FROM unnest(@keys::text[]) AS k;
            INSERT INTO instances ({List(instanceColumns)})
              SELECT {Select(instanceColumns, c => c switch
              {
                  "Id" => "m.id",
                  "BusinessKey" => "m.key",
                  "Variables" => "replace(t.\"Variables\", @quotedTemplateKey, '\"' || m.key || '\"')",
                  _ => null,
              })}
              FROM clone_map m CROSS JOIN instances t WHERE t."Id" = @template;
            INSERT INTO subscriptions ({List(subscriptionColumns)})
              SELECT {Select(subscriptionColumns, c => c switch
              {
                  "Id" => "gen_random_uuid()",
                  "InstanceId" => "m.id",
                  "CorrelationKey" => "CASE WHEN t.\"CorrelationKey\" = @templateKey THEN m.key ELSE t.\"CorrelationKey\" END",
                  _ => null,
              })}
              FROM clone_map m CROSS JOIN subscriptions t WHERE t."InstanceId" = @template;
            INSERT INTO timeline ({List(timelineColumns)})
              SELECT {Select(timelineColumns, c => c == "InstanceId" ? "m.id" : null)}
              FROM clone_map m CROSS JOIN timeline t WHERE t."InstanceId" = @template;
            """;
        foreach (var batch in keys.Skip(1).Chunk(batchSize))
        {
            await using var transaction = await connection.BeginTransactionAsync();
            await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 600 };
            command.Parameters.AddWithValue("keys", batch);
            command.Parameters.AddWithValue("template", template);
            command.Parameters.AddWithValue("templateKey", templateKey);
            command.Parameters.AddWithValue("quotedTemplateKey", quotedTemplateKey);
            await command.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
        }
        return clock.Elapsed;
    }

    private static async Task<List<string>> ColumnsAsync(NpgsqlConnection connection, string table)
    {
        await using var command = new NpgsqlCommand(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = @t ORDER BY ordinal_position",
            connection);
        command.Parameters.AddWithValue("t", table);
        var columns = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) columns.Add(reader.GetString(0));
        if (columns.Count == 0) throw new InvalidOperationException($"Table {table} not found.");
        return columns;
    }
}
