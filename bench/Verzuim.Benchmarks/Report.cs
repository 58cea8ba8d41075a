using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Npgsql;

namespace Verzuim.Benchmarks;

/// <summary>Collects the figures and renders them as markdown (stdout and, with --out, a file).</summary>
public sealed class Report(BenchOptions options)
{
    public StartThroughput.Figures? Starts { get; set; }
    public CorrelationThroughput.Figures? Correlations { get; set; }
    public List<ResumeLatency.Figures> Latencies { get; } = [];
    public EndToEnd.Figures? EndToEnd { get; set; }
    public List<TimerBurst.Figures> TimerBursts { get; set; } = [];
    public CorrelationProfile.Figures? Profile { get; set; }
    public string ServerVersion { get; private set; } = "?";
    public string ServerSettings { get; private set; } = "?";
    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    public async Task ReadServerAsync()
    {
        await using var connection = new NpgsqlConnection(options.Server);
        await connection.OpenAsync();
        await using (var version = new NpgsqlCommand("SELECT version()", connection))
            ServerVersion = (string)(await version.ExecuteScalarAsync())!;
        string[] names = ["fsync", "synchronous_commit", "wal_sync_method", "full_page_writes", "shared_buffers", "max_connections", "wal_level"];
        var settings = new List<string>();
        foreach (var name in names)
        {
            await using var command = new NpgsqlCommand($"SELECT current_setting('{name}')", connection);
            settings.Add($"{name}={await command.ExecuteScalarAsync()}");
        }
        ServerSettings = string.Join(", ", settings);
    }

    private static string F(double value) => double.IsNaN(value) ? "–" : value.ToString("F1", CultureInfo.InvariantCulture);
    private static string Kb(double bytes) => (bytes / 1024).ToString("F1", CultureInfo.InvariantCulture) + " KiB";
    private static string Mb(double bytes) => (bytes / 1024 / 1024).ToString("F1", CultureInfo.InvariantCulture) + " MiB";

    private void RenderEndToEnd(StringBuilder s, EndToEnd.Figures d)
    {
        s.AppendLine("## End to end through RabbitMQ: the real host consuming its queue");
        s.AppendLine();
        s.AppendLine($"The built host (`Verzuim.Host.dll`, a child process; {(d.HostServerGc ? "server" : "workstation")} GC as built, log level as deployed, written to a file; ready after {d.HostStartSeconds:F1} s) " +
                     $"on a fresh database of the same PostgreSQL server, consuming its quorum queue `{Benchmarks.EndToEnd.InboundQueue}` on {d.BrokerVersion}. " +
                     $"{d.WaitingBefore:N0} `bench-wacht` cases wait for `GesprekGehouden` (opened beforehand by the harness's engine: {F(d.Fill.PerSecond)}/s on {options.FillWorkers} workers); " +
                     "the harness publishes one `GesprekGehouden` per case with MassTransit (publisher confirms), as a school's administration system would. " +
                     "A case counts as resumed at the `ProcessedAt` the host's engine stamps in the transaction that resumes it." +
                     (options.HostSettings.Count == 0 ? "" : $" Host settings: {string.Join(", ", options.HostSettings.Select(x => $"`{x.Key}={x.Value}`"))}."));
        s.AppendLine();
        s.AppendLine("| phase | messages | publishers | published/s | correlations/s end to end | first publish → last resume | last publish → last resume | publish → resume p50 / p95 / p99 / max ms | CPU cores: harness / host / server / broker / other | WAL per msg | outcomes |");
        s.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        void Row(string name, EndToEnd.Phase p, bool boldRate, bool boldLatency)
        {
            var l = p.Resume;
            string B(string x, bool bold) => bold ? $"**{x}**" : x;
            var latency = $"{F(l.P50)} / {F(l.P95)} / {F(l.P99)} / {F(l.Max)}";
            s.AppendLine($"| {name} | {p.Messages} | {(p.Publishers == 0 ? "open loop" : p.Publishers)} | {F(p.PublishPerSecond)} | {B(F(p.CorrelationsPerSecond), boldRate)} | {p.EndToEndSeconds:F1} s | {p.DrainLagSeconds:F1} s | " +
                         $"{B(latency, boldLatency)} | {Benchmarks.EndToEnd.Cores(p.Cpu)} | {Kb(p.WalBytesPerMessage)} | {string.Join(", ", p.Outcomes.OrderByDescending(x => x.Value).Select(x => $"{x.Value} {x.Key}"))} |");
        }
        Row("throughput: all published at once", d.Throughput, true, false);
        Row($"latency: paced at {F(d.LatencyTargetRate)}/s ({options.E2eLatencyLoad:P0} of the throughput)", d.Latency, false, true);
        Row("(warm-up of the fresh host, not measured)", d.Warmup, false, false);
        s.AppendLine();

        var compare = new List<string>();
        if (Correlations is { } b) compare.Add($"{d.Throughput.CorrelationsPerSecond / b.Run.PerSecond:P0} of the engine's own rate in (b) ({F(b.Run.PerSecond)}/s, {b.Workers} workers, no broker)");
        foreach (var p in options.Pgbench) compare.Add($"{d.Throughput.CorrelationsPerSecond / p.Tps:P0} of pgbench -c {p.Clients} ({F(p.Tps)} TPS)");
        if (compare.Count > 0) s.AppendLine($"End to end, {F(d.Throughput.CorrelationsPerSecond)} correlations/s is {string.Join(" and ", compare)}, in this run.");
        s.AppendLine();
        s.AppendLine($"Checks: {d.ConsumersAtStart} consumer(s) on the queue at start; waiting cases {d.WaitingBefore:N0} → {d.WaitingAfter:N0}; {d.OpvolgingTasks:N0} open `opvolging` tasks; " +
                     $"host outbox {d.OutboxRows:N0} case events ({d.OutboxUndispatched} unsent at the end; {d.OutboxPendingAtLastResume} still unsent when the last case of the throughput phase resumed, all sent {d.OutboxDrainSeconds:F1} s later); " +
                     $"queue depth at the end {d.QueueDepthAfter}, `_error` queue {d.ErrorQueueDepthAfter}. " +
                     $"Publish call (until the broker's confirm) p50 {F(d.Throughput.Publish.Latency.P50)} ms at full speed, {F(d.Latency.Publish.Latency.P50)} ms paced. " +
                     "CPU cores here: harness = publishing (MassTransit) and polling the database; host = the Verzuim.Host process (consumer, engine, outbox); " +
                     "server = PostgreSQL; broker = RabbitMQ's process tree ('?' for a broker that is not local); other = the rest of the machine.");
        s.AppendLine();
    }

    private static void RenderProfile(StringBuilder s, CorrelationProfile.Figures p)
    {
        s.AppendLine("## Where one correlation's time goes (engine only, one at a time)");
        s.AppendLine();
        s.AppendLine($"{p.Correlations} `bench-wacht` correlations one after another{(p.Batch == 1 ? "" : $", {p.Batch} per transaction (`CorrelateBatchAsync`)")}; Npgsql's ActivitySource times each database command (send → last row read; " +
                     "an EF Core SaveChanges batch is one command, the COMMIT is not a command and is not in it). " +
                     $"Per correlation: **{p.WallMs:F2} ms** wall, of which **{p.DbMs:F2} ms** in {p.CommandsPerCorrelation:F1} database commands and " +
                     $"{p.WallMs - p.DbMs:F2} ms everything else (engine, EF Core, Jint, Npgsql's client side, the COMMIT round trip, thread-pool hand-offs); " +
                     $"**{Kb(p.AllocatedPerCorrelation)}** allocated; CPU cores harness / server / other {p.Cpu}.");
        s.AppendLine();
        s.AppendLine("| command (parameters as $n) | per correlation | mean ms |");
        s.AppendLine("|---|---:|---:|");
        foreach (var st in p.Statements)
            s.AppendLine($"| `{st.Text.Replace("|", "\\|").Replace("`", "'")}` | {st.PerCorrelation:F2} | {st.MeanMs:F2} |");
        s.AppendLine();
    }

    private void RenderTimerBursts(StringBuilder s, List<TimerBurst.Figures> bursts)
    {
        var first = bursts[0];
        s.AppendLine("## Timer burst: timers due at one instant, two hosts");
        s.AppendLine();
        s.AppendLine($"Per row a fresh database with {first.Burst.Timers:N0} `bench` cases waiting on their kantelpunt (interrupting boundary timer on `stap1`; opened through the harness's engine " +
                     $"on {options.FillWorkers} workers, together with {first.Warmup.Timers:N0} warm-up cases) and two fresh built hosts (`Verzuim.Host.dll`, child processes) " +
                     "sharing it, firing timers with their TimerPoller (poll interval 1 s, 100 timers per poll, Engine:TimerBatchSize per row; 1 = one timer per transaction, as the engine did before batching). " +
                     "T0: one `UPDATE subscriptions SET \"DueAt\" = now()` for all of them; fired = the `TimerFired` timeline entry the hosts' engine writes. A warm-up burst of the " +
                     "warm-up cases (the fresh hosts' JIT) precedes each measured burst.");
        s.AppendLine();
        s.AppendLine("| timers per transaction | timers | T0 → first fired | T0 → last fired | timers/s | T0 → none left (polled) | CPU cores: harness / host1 / host2 / server / other | WAL per timer | checks (both bursts, counted in the database) |");
        s.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var e in bursts)
        {
            var x = e.Burst;
            var total = e.Burst.Timers + e.Warmup.Timers;
            s.AppendLine($"| {(e.BatchSize is { } b ? b.ToString(CultureInfo.InvariantCulture) : "engine default")} | {x.Timers:N0} | {x.FirstFiredSeconds:F1} s | **{x.LastFiredSeconds:F1} s** | {F(x.PerSecond)} | {x.UntilNoneLeftSeconds:F1} s | " +
                         $"{Benchmarks.TimerBurst.Cores(x.Cpu)} | {Kb(x.WalBytesPerTimer)} | {e.FiredRows:N0} fired for {e.FiredInstances:N0} of {total:N0} cases, {e.FiredTwice} twice; " +
                         $"{e.KernteamTasks:N0} `kernteam` tasks, {e.Stap1Open} `stap1` open; {e.TimersLeft} timers left; {e.Incidents} incidents |");
        }
        s.AppendLine();
        foreach (var p in options.Pgbench)
            s.AppendLine($"pgbench -c {p.Clients}: {F(p.Tps)} TPS; timers/s per row: {string.Join(", ", bursts.Select(e => $"{e.Burst.PerSecond / p.Tps:P0}"))} of it.");
        s.AppendLine();
    }

    public string Render(DateTimeOffset finishedAt)
    {
        var s = new StringBuilder();
        s.AppendLine("# Verzuim.Workflows benchmark: latest figures");
        s.AppendLine();
        var duration = options.RunStarted is { } started
            ? $"; the whole run (build, server start, pgbench, harness) took {finishedAt.ToUnixTimeSeconds() - started} s"
            : $"; the harness took {(finishedAt - StartedAt).TotalSeconds:F0} s";
        s.AppendLine($"Measured {StartedAt:yyyy-MM-dd HH:mm} UTC with `bench/run.sh{(options.Quick ? " --quick" : "")}`{duration}. " +
                     "How to run and what each figure means: [bench/README.md](../README.md).");
        s.AppendLine();

        s.AppendLine("## Machine and server");
        s.AppendLine();
        s.AppendLine("| | |");
        s.AppendLine("|---|---|");
        foreach (var (name, value) in options.Facts) s.AppendLine($"| {name} | {value} |");
        s.AppendLine($"| .NET | {RuntimeInformation.FrameworkDescription} ({RuntimeInformation.OSArchitecture}), workstation GC, Release |");
        s.AppendLine($"| PostgreSQL | {ServerVersion} |");
        s.AppendLine($"| server settings | {ServerSettings} |");
        s.AppendLine();

        if (options.Pgbench.Count > 0)
        {
            s.AppendLine("## Baseline: raw pgbench on the same server, same run");
            s.AppendLine();
            s.AppendLine("One `UPDATE pgbench_accounts SET abalance = abalance + 1 WHERE aid = :aid` per transaction (`pgbench -i -s 1`, aid random of 100 000).");
            s.AppendLine();
            s.AppendLine("| clients | threads | seconds | TPS | avg latency (ms) |");
            s.AppendLine("|---:|---:|---:|---:|---:|");
            foreach (var p in options.Pgbench) s.AppendLine($"| {p.Clients} | {p.Threads} | {p.Seconds} | {F(p.Tps)} | {F(p.LatencyMs)} |");
            s.AppendLine();
        }

        if (Starts is not null || Correlations is not null)
        {
            s.AppendLine("## Engine throughput");
            s.AppendLine();
            s.AppendLine("| | measurement | ops | workers | ops/s | p50 ms | p99 ms | CPU cores: harness / server / other | allocated per op | WAL per op | check |");
            s.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        }
        if (Starts is { } a)
        {
            var l = a.Run.Latency;
            s.AppendLine($"| a | instances started (`bench`: task + boundary timer + timeline) | {a.Run.Operations} | {a.Workers} | **{F(a.Run.PerSecond)}** | {F(l.P50)} | {F(l.P99)} | {a.Run.Cpu} | {Kb(a.Run.AllocatedPerOperation)} | {Kb(a.WalBytesPerOperation)} | " +
                         $"{a.Run.Succeeded} ok, {a.Run.Failed} failed; {a.OpenTasks} open stap1 tasks, {a.Timers} timers (incl. {options.Warmup} warm-up) |");
        }
        if (Correlations is { } b)
        {
            var l = b.Run.Latency;
            var others = string.Join(", ", b.Outcomes.Where(x => x.Key != Verzuim.Workflows.Runtime.CorrelationOutcome.Correlated && x.Value > 0).Select(x => $"{x.Value} {x.Key}"));
            var perTransaction = b.Batch == 1 ? "" : $", {b.Batch} per transaction (`CorrelateBatchAsync`; latencies per batch)";
            s.AppendLine($"| b | messages correlated, state committed (`bench-wacht`){perTransaction} | {b.Run.Operations} | {b.Workers} | **{F(b.Run.PerSecond)}** | {F(l.P50)} | {F(l.P99)} | {b.Run.Cpu} | {Kb(b.Run.AllocatedPerOperation)} | {Kb(b.WalBytesPerOperation)} | " +
                         $"{b.Correlated} Correlated{(others.Length > 0 ? $", {others}" : "")}{(b.Run.Errors.Count > 0 ? $", {b.Run.Failed - b.Outcomes.Where(x => x.Key != Verzuim.Workflows.Runtime.CorrelationOutcome.Correlated).Sum(x => x.Value)} threw" : "")}; " +
                         $"waiting {b.WaitingBefore} → {b.WaitingAfter}; {b.OpenTasksAfter} opvolging tasks |");
            var f = b.Fill.Latency;
            s.AppendLine($"| | (setup of b) `bench-wacht` cases started | {b.Fill.Operations} | {b.Workers} | {F(b.Fill.PerSecond)} | {F(f.P50)} | {F(f.P99)} | {b.Fill.Cpu} | {Kb(b.Fill.AllocatedPerOperation)} | | {b.Fill.Failed} failed |");
        }
        s.AppendLine();

        if (Latencies.Count > 0)
        {
            s.AppendLine("## Resume latency: one `CorrelateAsync` at a time, W cases waiting");
            s.AppendLine();
            s.AppendLine($"Timed in {Latencies[0].Rounds} rounds interleaved over the sizes, so load from elsewhere on the machine falls on every size alike.");
            s.AppendLine();
            s.AppendLine("| W | waiting before | timed | p50 ms | p99 ms | mean ms | max ms | correlated | CPU cores: harness / server / other | allocated per op | WAL per op | database size | filled by | fill time |");
            s.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|");
            foreach (var c in Latencies)
            {
                var l = c.Run.Latency;
                s.AppendLine($"| {c.Size:N0} | {c.WaitingBefore:N0} | {c.Run.Operations} | **{F(l.P50)}** | **{F(l.P99)}** | {F(l.Mean)} | {F(l.Max)} | {c.Run.Succeeded} | {c.Run.Cpu} | {Kb(c.Run.AllocatedPerOperation)} | {Kb(c.WalBytesPerOperation)} | {Mb(c.DatabaseBytes)} | {c.FillMethod} | {c.FillTime.TotalSeconds:F1} s |");
            }
            s.AppendLine();
        }

        if (Profile is { } prof) RenderProfile(s, prof);
        if (EndToEnd is { } d) RenderEndToEnd(s, d);
        if (TimerBursts.Count > 0) RenderTimerBursts(s, TimerBursts);

        var errors = new[] { ("a", Starts?.Run.Errors), ("b", Correlations?.Run.Errors) }
            .Concat(Latencies.Select(c => ($"c W={c.Size}", (IReadOnlyList<string>?)c.Run.Errors)))
            .Where(x => x.Item2 is { Count: > 0 }).ToList();
        if (errors.Count > 0)
        {
            s.AppendLine("## Errors");
            s.AppendLine();
            foreach (var (what, list) in errors)
                foreach (var e in list!) s.AppendLine($"- ({what}) `{e.Replace('\n', ' ')}`");
            s.AppendLine();
        }

        if (Starts is null && Correlations is null && Latencies.Count == 0) return s.ToString(); // (p), (d), (e) alone: their notes are above
        s.AppendLine("Notes (a-c): ops/s counts successful operations over wall time; latencies are per engine call (Stopwatch), nearest-rank percentiles; " +
                     $"{options.Warmup} untimed warm-up operations precede each measurement, and a JIT warm-up ({options.JitWarmup} starts of each model and {options.JitWarmup} correlations on a scratch database) precedes them all; every measurement has its own fresh, migrated database; " +
                     "WAL per op is the WAL insert position difference over the measurement divided by the operations (cluster-wide); " +
                     "CPU cores = CPU time over wall time of the harness process (engine, EF Core, Npgsql), of the PostgreSQL server's processes, " +
                     "and of everything else on the machine (other work on a shared box; '?' when the server is not local), from /proc; " +
                     "allocated per op = managed bytes the harness allocated per operation.");
        return s.ToString();
    }
}
