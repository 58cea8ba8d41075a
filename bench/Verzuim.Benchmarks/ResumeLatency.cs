using Verzuim.Workflows.Runtime;

namespace Verzuim.Benchmarks;

/// <summary>
/// (c) Resume latency with W cases waiting: single-threaded CorrelateAsync to random waiting keys, each timed
/// with a Stopwatch around the call (engine + EF Core + round trips + commit with fsync).
/// All sizes are filled first, then timed in interleaved rounds (W=1k, 10k, 100k, 1k, ...), so that load
/// from elsewhere on a shared machine hits every size alike and the sizes stay comparable.
/// </summary>
public static class ResumeLatency
{
    public sealed record Figures(int Size, string FillMethod, TimeSpan FillTime, long WaitingBefore, RunResult Run,
        double WalBytesPerOperation, long OpenTasksAfter, long DatabaseBytes, int Rounds);

    private sealed class Prepared(int size, BenchDatabase db, string method, TimeSpan fillTime, string[] measured, long waiting)
    {
        public int Size => size;
        public BenchDatabase Db => db;
        public string Method => method;
        public TimeSpan FillTime => fillTime;
        public string[] Measured => measured;
        public long Waiting => waiting;
        public List<RunResult> Rounds { get; } = [];
        public long WalBytes { get; set; }
    }

    public static async Task<List<Figures>> RunAsync(BenchOptions o)
    {
        var prepared = new List<Prepared>();
        try
        {
            foreach (var size in o.Sizes) prepared.Add(await PrepareAsync(o, size));

            var rounds = Math.Max(1, o.Rounds);
            Log.Info($"(c) measuring: {rounds} interleaved rounds over W = {string.Join(", ", o.Sizes)}, single-threaded");
            for (var round = 0; round < rounds; round++)
                foreach (var p in prepared)
                {
                    var from = p.Measured.Length * round / rounds;
                    var to = p.Measured.Length * (round + 1) / rounds;
                    var slice = p.Measured[from..to];
                    var wal = await p.Db.WalPositionAsync();
                    p.Rounds.Add(await Runner.RunAsync(slice.Length, 1, async i =>
                        (await p.Db.Engine.CorrelateAsync(Workload.Message(slice[i], from + i))).Outcome == CorrelationOutcome.Correlated));
                    p.WalBytes += await p.Db.WalPositionAsync() - wal;
                    if (o.Verbose)
                    {
                        var r = p.Rounds[^1];
                        Log.Info($"(c) round {round + 1} W={p.Size}: p50 {r.Latency.P50:F1} ms, mean {r.Latency.Mean:F1} ms, CPU harness/server/other {r.Cpu} cores, " +
                                 $"harness CPU per op {r.Cpu.ClientSeconds * 1000 / r.Operations:F1} ms");
                    }
                }

            var figures = new List<Figures>();
            foreach (var p in prepared)
            {
                var run = RunResult.Combine(p.Rounds);
                var openTasks = await p.Db.ScalarAsync<long>("""SELECT count(*) FROM tasks WHERE "ElementId" = 'opvolging' AND "Status" = 'Open'""");
                var bytes = await p.Db.ScalarAsync<long>("SELECT pg_database_size(current_database())");
                var l = run.Latency;
                Log.Info($"(c) W={p.Size}: p50 {l.P50:F1} ms, p99 {l.P99:F1} ms, mean {l.Mean:F1} ms; {run.Succeeded}/{run.Operations} correlated; opvolging tasks {openTasks}; " +
                         $"CPU harness/server/other {run.Cpu} cores, {run.AllocatedPerOperation / 1024:F0} KiB allocated per op, GCs {run.Gcs}");
                figures.Add(new Figures(p.Size, p.Method, p.FillTime, p.Waiting, run, (double)p.WalBytes / Math.Max(1, run.Succeeded), openTasks, bytes, p.Rounds.Count));
            }
            return figures;
        }
        finally
        {
            foreach (var p in prepared) await p.Db.DisposeAsync();
        }
    }

    private static async Task<Prepared> PrepareAsync(BenchOptions o, int size)
    {
        var db = await BenchDatabase.CreateAsync(o.Server, $"resume{size}", o.KeepDatabases);
        try
        {
            await db.Engine.DeployAsync(Models.Wait, "bench");

            // W cases stay waiting after the warm-up has used up its own
            var keys = Enumerable.Range(0, size + o.Warmup).Select(i => Workload.Key("L", i)).ToArray();
            string method;
            TimeSpan fillTime;
            if (size >= o.CloneFrom)
            {
                method = "engine start of 1 case + SQL copy of its rows";
                Log.Info($"(c) W={size}: filling {keys.Length} waiting cases ({method})");
                fillTime = await Workload.CloneWaitingAsync(db, keys);
            }
            else
            {
                method = $"engine starts, {o.FillWorkers} workers";
                Log.Info($"(c) W={size}: filling {keys.Length} waiting cases ({method})");
                var fill = await Workload.StartWaitingAsync(db, keys, o.FillWorkers);
                StartThroughput.Check(fill, "fill");
                fillTime = fill.Elapsed;
            }
            // as autovacuum's auto-analyze would have by then on a live database: fresh planner statistics
            await db.ExecuteAsync("VACUUM ANALYZE");

            var order = keys.ToArray();
            new Random(size).Shuffle(order);
            var warmup = order[..o.Warmup];
            var measured = order[o.Warmup..(o.Warmup + Math.Min(o.Samples, size))];
            StartThroughput.Check(await Runner.RunAsync(warmup.Length, 1, async i =>
                (await db.Engine.CorrelateAsync(Workload.Message(warmup[i], i))).Outcome == CorrelationOutcome.Correlated), "warm-up");

            var waiting = await db.WaitingCountAsync();
            Log.Info($"(c) W={size}: filled in {fillTime.TotalSeconds:F1} s; {waiting} waiting after {warmup.Length} warm-up correlations");
            return new Prepared(size, db, method, fillTime, measured, waiting);
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }
}
