using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Verzuim.Workflows.Runtime;

namespace Verzuim.Benchmarks;

/// <summary>
/// (p) Where one correlation's time goes, engine only: N `bench-wacht` correlations one at a time, with a listener on
/// Npgsql's ActivitySource (one activity per database command, from send to the last row read). Per correlation:
/// the commands and their round-trip time, the rest of the wall time (engine, EF Core, Jint, Npgsql's client side,
/// thread-pool hand-offs), and the managed bytes allocated (one at a time, so nothing else allocates meanwhile).
/// </summary>
public static partial class CorrelationProfile
{
    public sealed record Statement(string Text, double PerCorrelation, double MeanMs);

    public sealed record Figures(int Correlations, int Batch, double WallMs, double DbMs, double CommandsPerCorrelation, double AllocatedPerCorrelation,
        IReadOnlyList<Statement> Statements, CpuUse Cpu);

    public static async Task<Figures> RunAsync(BenchOptions o)
    {
        var n = o.Quick ? 200 : 1000;
        await using var db = await BenchDatabase.CreateAsync(o.Server, "profile", o.KeepDatabases);
        await db.Engine.DeployAsync(Models.Wait, "bench");
        var keys = Enumerable.Range(0, n + o.Warmup).Select(i => Workload.Key("L", i)).ToArray();
        Log.Info($"(p) filling: {keys.Length} waiting cases");
        StartThroughput.Check(await Workload.StartWaitingAsync(db, keys, o.FillWorkers), "(p) fill");
        await db.ExecuteAsync("ANALYZE");
        for (var i = 0; i < o.Warmup; i++) await db.Engine.CorrelateAsync(Workload.Message(keys[i], i));

        var commands = new ConcurrentQueue<(string Text, double Ms)>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => commands.Enqueue((Normalize(a.GetTagItem("db.query.text") as string ?? a.GetTagItem("db.statement") as string ?? a.DisplayName),
                a.Duration.TotalMilliseconds)),
        };
        ActivitySource.AddActivityListener(listener);

        Log.Info($"(p) profiling: {n} correlations one at a time, {o.CorrelateBatch} per transaction");
        var cpu = new CpuMeter();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        for (var i = o.Warmup; i < keys.Length; i += o.CorrelateBatch)
        {
            if (o.CorrelateBatch == 1)
            {
                var result = await db.Engine.CorrelateAsync(Workload.Message(keys[i], i));
                if (result.Outcome != CorrelationOutcome.Correlated) throw new InvalidOperationException($"(p) {keys[i]}: {result.Outcome}");
                continue;
            }
            var batch = keys.Skip(i).Take(o.CorrelateBatch).Select((k, j) => new BatchedMessage(Workload.Message(k, i + j))).ToList();
            foreach (var (outcome, j) in (await db.Engine.CorrelateBatchAsync(batch)).Select((r, j) => (r, j)))
                if (outcome.Failure is not null || outcome.Result!.Outcome != CorrelationOutcome.Correlated)
                    throw new InvalidOperationException($"(p) {keys[i + j]}: {outcome.Failure?.Message ?? outcome.Result!.Outcome.ToString()}");
        }
        var wall = clock.Elapsed.TotalMilliseconds;
        var bytes = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        var cpuUse = cpu.Stop();
        listener.ActivityStopped = null;

        var all = commands.ToArray();
        var statements = all.GroupBy(c => c.Text)
            .Select(g => new Statement(g.Key, (double)g.Count() / n, g.Average(c => c.Ms)))
            .OrderByDescending(s => s.PerCorrelation * s.MeanMs).ToList();
        var figures = new Figures(n, o.CorrelateBatch, wall / n, all.Sum(c => c.Ms) / n, (double)all.Length / n, (double)bytes / n, statements, cpuUse);
        Log.Info($"(p) per correlation: {figures.WallMs:F2} ms wall, {figures.CommandsPerCorrelation:F1} commands taking {figures.DbMs:F2} ms, " +
                 $"{figures.AllocatedPerCorrelation / 1024:F1} KiB allocated; CPU harness/server/other {cpuUse}");
        return figures;
    }

    /// <summary>The statement's shape: parameters and literals out, whitespace folded, cut to a readable length.</summary>
    private static string Normalize(string sql)
    {
        var text = Whitespace().Replace(sql, " ").Trim();
        text = Parameter().Replace(text, "$n");
        return text.Length > 140 ? text[..140] + "…" : text;
    }

    [GeneratedRegex(@"\s+")] private static partial Regex Whitespace();
    [GeneratedRegex(@"@p\d+|\$\d+|@__\w+")] private static partial Regex Parameter();
}
