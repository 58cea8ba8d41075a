using Verzuim.Workflows.Runtime;

namespace Verzuim.Benchmarks;

/// <summary>
/// (b) Message correlations per second with the state committed in PostgreSQL: N waiting "bench-wacht" cases,
/// one GesprekGehouden message each, on concurrent workers. Only outcome Correlated counts.
/// </summary>
public static class CorrelationThroughput
{
    public sealed record Figures(int Workers, int Batch, RunResult Fill, RunResult Run, int Correlated, IReadOnlyDictionary<CorrelationOutcome, int> Outcomes,
        double WalBytesPerOperation, long OpenTasksAfter, long WaitingBefore, long WaitingAfter);

    public static async Task<Figures> RunAsync(BenchOptions o)
    {
        await using var db = await BenchDatabase.CreateAsync(o.Server, "correlate", o.KeepDatabases);
        await db.Engine.DeployAsync(Models.Wait, "bench");

        var keys = Enumerable.Range(0, o.Correlations + o.Warmup).Select(i => Workload.Key("L", i)).ToArray();
        Log.Info($"(b) filling: {keys.Length} waiting cases through the engine on {o.Workers} workers");
        var fill = await Workload.StartWaitingAsync(db, keys, o.Workers);
        StartThroughput.Check(fill, "fill");
        await db.ExecuteAsync("ANALYZE");

        var order = keys.ToArray();
        new Random(42).Shuffle(order);
        var warmup = order[..o.Warmup];
        var measured = order[o.Warmup..];

        Log.Info($"(b) warm-up: {warmup.Length} correlations");
        StartThroughput.Check(await Runner.RunAsync(warmup.Length, o.Workers, async i =>
            (await db.Engine.CorrelateAsync(Workload.Message(warmup[i], i))).Outcome == CorrelationOutcome.Correlated), "warm-up");

        var waitingBefore = await db.WaitingCountAsync();
        Log.Info($"(b) measuring: {measured.Length} correlations on {o.Workers} workers ({waitingBefore} waiting)");
        var outcomes = new int[Enum.GetValues<CorrelationOutcome>().Length];
        var wal = await db.WalPositionAsync();
        var batch = o.CorrelateBatch;
        var run = batch == 1
            ? await Runner.RunAsync(measured.Length, o.Workers, async i =>
            {
                var result = await db.Engine.CorrelateAsync(Workload.Message(measured[i], i));
                Interlocked.Increment(ref outcomes[(int)result.Outcome]);
                return result.Outcome == CorrelationOutcome.Correlated;
            })
            : PerMessage(await Runner.RunAsync((measured.Length + batch - 1) / batch, o.Workers, async i =>
            {
                var keys = measured.Skip(i * batch).Take(batch).ToList();
                var results = await db.Engine.CorrelateBatchAsync(keys.Select((k, j) => new BatchedMessage(Workload.Message(k, i * batch + j))).ToList());
                foreach (var r in results)
                    if (r.Failure is not null) throw r.Failure;
                    else Interlocked.Increment(ref outcomes[(int)r.Result!.Outcome]);
                return results.All(r => r.Result?.Outcome == CorrelationOutcome.Correlated);
            }), measured.Length, () => outcomes[(int)CorrelationOutcome.Correlated]);
        var walBytes = await db.WalPositionAsync() - wal;
        var waitingAfter = await db.WaitingCountAsync();
        var openTasks = await db.ScalarAsync<long>("""SELECT count(*) FROM tasks WHERE "ElementId" = 'opvolging' AND "Status" = 'Open'""");
        Log.Info($"(b) {batch} per transaction: {run.PerSecond:F1} correlations/s, p50 {run.Latency.P50:F1} ms; CPU harness/server/other {run.Cpu} cores; {run.Succeeded} correlated; opvolging tasks {openTasks}; waiting left {waitingAfter}");
        return new Figures(o.Workers, batch, fill, run, run.Succeeded,
            Enum.GetValues<CorrelationOutcome>().ToDictionary(x => x, x => outcomes[(int)x]),
            (double)walBytes / Math.Max(1, run.Succeeded), openTasks, waitingBefore, waitingAfter);
    }

    /// <summary>A run of batches as figures per message: operations and successes are messages; latencies stay per batch.</summary>
    private static RunResult PerMessage(RunResult batches, int messages, Func<int> correlated) =>
        batches with { Operations = messages, Succeeded = correlated() };
}
