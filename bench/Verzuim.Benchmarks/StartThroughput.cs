namespace Verzuim.Benchmarks;

/// <summary>(a) Instances started per second: the "bench" model, N starts on concurrent workers.</summary>
public static class StartThroughput
{
    public sealed record Figures(int Workers, RunResult Run, double WalBytesPerOperation, long OpenTasks, long Timers);

    public static async Task<Figures> RunAsync(BenchOptions o)
    {
        await using var db = await BenchDatabase.CreateAsync(o.Server, "starts", o.KeepDatabases);
        await db.Engine.DeployAsync(Models.Bench, "bench");

        Log.Info($"(a) warm-up: {o.Warmup} starts");
        Check(await Runner.RunAsync(o.Warmup, o.Workers, async i =>
        {
            var key = Workload.Key("W", i);
            await db.Engine.StartAsync("bench", Workload.Variables(key, i), key);
            return true;
        }), "warm-up");

        Log.Info($"(a) measuring: {o.Starts} starts of 'bench' on {o.Workers} workers");
        var wal = await db.WalPositionAsync();
        var run = await Runner.RunAsync(o.Starts, o.Workers, async i =>
        {
            var key = Workload.Key("L", i);
            await db.Engine.StartAsync("bench", Workload.Variables(key, i), key);
            return true;
        });
        var walBytes = await db.WalPositionAsync() - wal;

        // each started case must stand on stap1 with its task and its 3-school-week timer
        var tasks = await db.ScalarAsync<long>("""SELECT count(*) FROM tasks WHERE "ElementId" = 'stap1' AND "Status" = 'Open'""");
        var timers = await db.ScalarAsync<long>("""SELECT count(*) FROM subscriptions WHERE "Kind" = 'Timer' AND "ElementId" = 'kantelpunt'""");
        Log.Info($"(a) {run.PerSecond:F1} starts/s, p50 {run.Latency.P50:F1} ms; CPU harness/server/other {run.Cpu} cores; open stap1 tasks {tasks}, timers {timers} (expected {run.Succeeded + o.Warmup} each)");
        return new Figures(o.Workers, run, (double)walBytes / Math.Max(1, run.Succeeded), tasks, timers);
    }

    internal static void Check(RunResult run, string what)
    {
        if (run.Failed == 0) return;
        throw new InvalidOperationException($"{what}: {run.Failed} of {run.Operations} operations failed:\n  " + string.Join("\n  ", run.Errors));
    }
}
