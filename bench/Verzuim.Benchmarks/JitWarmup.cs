using Verzuim.Workflows.Runtime;

namespace Verzuim.Benchmarks;

/// <summary>
/// Brings the .NET JIT to steady state before anything is measured: a long-running engine host has long
/// since compiled its hot paths at the optimising tier, a fresh process has not. With only the 50-operation
/// warm-up per measurement the first figures came out 2-3 times slower, with most of the extra time spent
/// compiling. Runs every path the measurements use, on a scratch database that is dropped afterwards.
/// </summary>
public static class JitWarmup
{
    public static async Task RunAsync(BenchOptions o)
    {
        if (o.JitWarmup <= 0) return;
        await using var db = await BenchDatabase.CreateAsync(o.Server, "jitwarmup", o.KeepDatabases);
        await db.Engine.DeployAsync(Models.Bench, "bench");
        await db.Engine.DeployAsync(Models.Wait, "bench");
        var n = o.JitWarmup;
        Log.Info($"JIT warm-up: {n} starts of each model, {n} correlations (scratch database, not measured)");
        var keys = Enumerable.Range(0, n).Select(i => Workload.Key("J", i)).ToArray();
        StartThroughput.Check(await Runner.RunAsync(n, o.Workers, async i =>
        {
            await db.Engine.StartAsync("bench", Workload.Variables(keys[i], i), keys[i]);
            return true;
        }), "JIT warm-up (bench)");
        StartThroughput.Check(await Workload.StartWaitingAsync(db, keys, o.Workers), "JIT warm-up (bench-wacht)");
        var half = n / 2;
        StartThroughput.Check(await Runner.RunAsync(half, o.Workers, async i =>
            (await db.Engine.CorrelateAsync(Workload.Message(keys[i], i))).Outcome == CorrelationOutcome.Correlated), "JIT warm-up (correlate)");
        var last = await Runner.RunAsync(n - half, 1, async i =>
            (await db.Engine.CorrelateAsync(Workload.Message(keys[half + i], i))).Outcome == CorrelationOutcome.Correlated);
        StartThroughput.Check(last, "JIT warm-up (correlate, single)");
        Log.Info($"JIT warm-up done; last single-threaded correlations p50 {last.Latency.P50:F1} ms");
    }
}
