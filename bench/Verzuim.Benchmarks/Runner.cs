using System.Collections.Concurrent;
using System.Diagnostics;

namespace Verzuim.Benchmarks;

/// <summary>What one timed batch of operations did.</summary>
public sealed record RunResult(int Operations, int Succeeded, TimeSpan Elapsed, double[] LatenciesMs, CpuUse Cpu, IReadOnlyList<string> Errors,
    long AllocatedBytes, int[] Collections)
{
    /// <summary>Managed memory the harness process allocated per operation (engine, EF Core, Npgsql, Jint).</summary>
    public double AllocatedPerOperation => (double)AllocatedBytes / Math.Max(1, Operations);
    /// <summary>Garbage collections during the run: gen0/gen1/gen2.</summary>
    public string Gcs => string.Join("/", Collections);
    public int Failed => Operations - Succeeded;
    /// <summary>Successful operations per second of wall time.</summary>
    public double PerSecond => Succeeded / Elapsed.TotalSeconds;
    /// <summary>CPU the harness process (engine + EF Core + Npgsql) used, in cores (1.0 = one core busy all the time).</summary>
    public double ClientCores => Cpu.Client;
    public LatencyStats Latency => LatencyStats.Of(LatenciesMs);

    /// <summary>Several runs of the same operation (interleaved rounds) as one.</summary>
    public static RunResult Combine(IReadOnlyList<RunResult> runs) => new(
        runs.Sum(r => r.Operations), runs.Sum(r => r.Succeeded), TimeSpan.FromTicks(runs.Sum(r => r.Elapsed.Ticks)),
        [.. runs.SelectMany(r => r.LatenciesMs)], CpuUse.Sum(runs.Select(r => r.Cpu)), [.. runs.SelectMany(r => r.Errors).Take(5)],
        runs.Sum(r => r.AllocatedBytes), [.. Enumerable.Range(0, 3).Select(g => runs.Sum(r => r.Collections[g]))]);
}

public sealed record LatencyStats(int Count, double P50, double P90, double P95, double P99, double Mean, double Max)
{
    /// <summary>Nearest-rank percentiles (p99 of 500 samples is the 495th smallest).</summary>
    public static LatencyStats Of(IEnumerable<double> samples)
    {
        var sorted = samples.Order().ToArray();
        if (sorted.Length == 0) return new LatencyStats(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        double Rank(double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new LatencyStats(sorted.Length, Rank(0.50), Rank(0.90), Rank(0.95), Rank(0.99), sorted.Average(), sorted[^1]);
    }
}

public static class Runner
{
    /// <summary>
    /// Runs <paramref name="count"/> operations on exactly <paramref name="workers"/> concurrent loops (each takes
    /// the next index), timing each. An operation that throws counts as failed; its first errors are kept.
    /// </summary>
    public static async Task<RunResult> RunAsync(int count, int workers, Func<int, Task<bool>> operation)
    {
        var latencies = new double[count];
        var succeeded = 0;
        var next = -1;
        var errors = new ConcurrentQueue<string>();
        var cpu = new CpuMeter();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
        int[] collectionsBefore = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        var clock = Stopwatch.StartNew();
        var loops = Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var t0 = Stopwatch.GetTimestamp();
                try
                {
                    if (await operation(i)) Interlocked.Increment(ref succeeded);
                }
                catch (Exception e)
                {
                    if (errors.Count < 5) errors.Enqueue($"#{i}: {e.GetType().Name}: {e.Message}{(e.InnerException is { } inner ? $" ({inner.GetType().Name}: {inner.Message})" : "")}");
                }
                latencies[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            }
        })).ToArray();
        await Task.WhenAll(loops);
        clock.Stop();
        var cpuUse = cpu.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore;
        int[] collections = [GC.CollectionCount(0) - collectionsBefore[0], GC.CollectionCount(1) - collectionsBefore[1], GC.CollectionCount(2) - collectionsBefore[2]];
        return new RunResult(count, succeeded, clock.Elapsed, latencies, cpuUse, [.. errors], allocated, collections);
    }
}
