using System.Diagnostics;

namespace Verzuim.Benchmarks;

/// <summary>
/// (e) A timer burst, two hosts: N `bench` cases wait on their kantelpunt (the interrupting boundary timer of
/// 3 school weeks on `stap1`), then all N timers are made due at the same instant T0 with one UPDATE. Two real
/// host processes on the same database fire them with their TimerPoller, as a Monday after a holiday would. The
/// figure is T0 → the last TimerFired entry the hosts wrote; counted in the database: each timer fired exactly
/// once and the element after it (`kernteam`) opened for each case.
/// </summary>
public static class TimerBurst
{
    public sealed record Burst(int Timers, DateTimeOffset T0, double FirstFiredSeconds, double LastFiredSeconds, double UntilNoneLeftSeconds,
        CpuUse Cpu, double WalBytesPerTimer)
    {
        /// <summary>Timers fired per second, from T0 until the last TimerFired entry.</summary>
        public double PerSecond => Timers / LastFiredSeconds;
    }

    public sealed record Figures(int Hosts, int? BatchSize, double HostStartSeconds, RunResult Fill, Burst Warmup, Burst Burst,
        long FiredRows, long FiredInstances, long FiredTwice, long KernteamTasks, long Stap1Open, long TimersLeft, long Incidents);

    public static async Task<List<Figures>> RunAsync(BenchOptions o)
    {
        var all = new List<Figures>();
        foreach (var batch in o.TimerBatches) all.Add(await RunAsync(o, batch));
        return all;
    }

    private static async Task<Figures> RunAsync(BenchOptions o, int? batchSize)
    {
        var dll = Path.GetFullPath(o.HostDll ?? HostProcess.DefaultDll());
        await using var db = await BenchDatabase.CreateAsync(o.Server, "timers", o.KeepDatabases);
        await db.Engine.DeployAsync(Models.Bench, "bench");

        // through the engine: the case has an open task, so its rows cannot be copied in SQL (Workload.CloneWaitingAsync)
        var warmup = o.Quick ? 200 : 500;
        var keys = Enumerable.Range(0, warmup).Select(i => Workload.Key("W", i)).Concat(Enumerable.Range(0, o.Timers).Select(i => Workload.Key("L", i))).ToArray();
        Log.Info($"(e) filling: {keys.Length} 'bench' cases through the engine on {o.FillWorkers} workers ({warmup} warm-up, {o.Timers} measured)");
        var fill = await Runner.RunAsync(keys.Length, o.FillWorkers, async i =>
        {
            await db.Engine.StartAsync("bench", Workload.Variables(keys[i], i), keys[i]);
            return true;
        });
        StartThroughput.Check(fill, "(e) fill");
        await db.ExecuteAsync("ANALYZE");

        var settings = new Dictionary<string, string>();
        if (batchSize is { } batch) settings["Engine__TimerBatchSize"] = batch.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var logs = Enumerable.Range(1, 2).Select(n => Path.Combine(Path.GetTempPath(), $"verzuim-bench-timers-host{n}-{Guid.NewGuid():N}.log")).ToArray();
        Log.Info($"(e) starting two hosts: dotnet {dll}{(batchSize is { } b2 ? $" (Engine:TimerBatchSize {b2})" : "")}");
        var clock = Stopwatch.StartNew();
        var started = await Task.WhenAll(logs.Select(async log =>
        {
            try { return await HostProcess.StartAsync(dll, db.ConnectionString, o.RabbitMq, log, settings); }
            catch (Exception e) { Log.Info($"(e) a host did not start: {e.Message}"); return null; }
        }));
        var hosts = started.OfType<HostProcess>().ToList();
        var failed = true;
        try
        {
            if (hosts.Count < 2) throw new InvalidOperationException("(e) both hosts must start");
            var hostStart = clock.Elapsed.TotalSeconds;
            Log.Info($"(e) hosts ready in {hostStart:F1} s: pids {string.Join(", ", hosts.Select(h => h.Pid))}");
            List<(string, int)> trees = [("host1", hosts[0].Pid), ("host2", hosts[1].Pid)];

            Log.Info($"(e) warm-up burst: {warmup} timers (the fresh hosts' JIT), not measured");
            var warm = await BurstAsync(db, hosts, trees, "W", warmup);
            Log.Info($"(e) measured burst: {o.Timers} timers due at one instant");
            var burst = await BurstAsync(db, hosts, trees, "L", o.Timers);
            Log.Info($"(e) last timer fired {burst.LastFiredSeconds:F1} s after T0 (first {burst.FirstFiredSeconds:F1} s): {burst.PerSecond:F0} timers/s; " +
                     $"CPU harness/host1/host2/server/other {Cores(burst.Cpu)}");

            // counted in the database: each case's timer once, and the element after it ran for each
            var firedRows = await db.ScalarAsync<long>("""SELECT count(*) FROM timeline WHERE "Kind" = 'TimerFired' AND "ElementId" = 'kantelpunt'""");
            var firedInstances = await db.ScalarAsync<long>("""SELECT count(DISTINCT "InstanceId") FROM timeline WHERE "Kind" = 'TimerFired' AND "ElementId" = 'kantelpunt'""");
            var twice = await db.ScalarAsync<long>("""
                SELECT count(*) FROM (SELECT "InstanceId" FROM timeline WHERE "Kind" = 'TimerFired' GROUP BY "InstanceId" HAVING count(*) > 1) x
                """);
            var kernteam = await db.ScalarAsync<long>("""SELECT count(*) FROM tasks WHERE "ElementId" = 'kernteam' AND "Status" = 'Open'""");
            var stap1 = await db.ScalarAsync<long>("""SELECT count(*) FROM tasks WHERE "ElementId" = 'stap1' AND "Status" = 'Open'""");
            var left = await db.ScalarAsync<long>("""SELECT count(*) FROM subscriptions WHERE "Kind" = 'Timer'""");
            var incidents = await db.ScalarAsync<long>("SELECT count(*) FROM incidents");
            Log.Info($"(e) checks: {firedRows} fired for {firedInstances} cases, {twice} cases fired twice, {kernteam} kernteam tasks, {stap1} stap1 open, " +
                     $"{left} timers left, {incidents} incidents (expected {keys.Length}, {keys.Length}, 0, {keys.Length}, 0, 0, 0)");
            failed = false;
            return new Figures(hosts.Count, batchSize, hostStart, fill, warm, burst, firedRows, firedInstances, twice, kernteam, stap1, left, incidents);
        }
        finally
        {
            foreach (var host in hosts)
            {
                if (failed) Log.Info($"(e) failed; host {host.Pid}'s log ends with:\n{host.LogTail()}");
                await host.DisposeAsync();
                if (!failed && !o.KeepDatabases) File.Delete(host.LogPath);
                else Log.Info($"(e) host log kept: {host.LogPath}");
            }
        }
    }

    public static string Cores(CpuUse cpu) =>
        $"{CpuUse.F(cpu.Client)} / {CpuUse.F(cpu.ExtraCores("host1"))} / {CpuUse.F(cpu.ExtraCores("host2"))} / {CpuUse.F(cpu.Server)} / {CpuUse.F(cpu.Other)}";

    /// <summary>Makes the timers of the cases whose key starts with <paramref name="prefix"/> due now (T0) and waits until none is left.</summary>
    private static async Task<Burst> BurstAsync(BenchDatabase db, List<HostProcess> hosts, IReadOnlyList<(string, int)> trees, string prefix, int count)
    {
        var wal = await db.WalPositionAsync();
        var cpu = new CpuMeter(trees);
        var t0 = await db.ScalarAsync<DateTime>($"""
            WITH due AS (
              UPDATE subscriptions s SET "DueAt" = now() FROM instances i
              WHERE s."InstanceId" = i."Id" AND s."Kind" = 'Timer' AND i."BusinessKey" LIKE '{prefix}%' RETURNING 1)
            SELECT now() FROM due LIMIT 1
            """);
        var since = Stopwatch.StartNew();
        var progress = Stopwatch.StartNew();
        long last = -1;
        var trace = new List<string>(); // timers left each second, for the log: steady or in steps (poll pauses)
        while (true)
        {
            var left = await db.ScalarAsync<long>($"""
                SELECT count(*) FROM subscriptions s JOIN instances i ON i."Id" = s."InstanceId"
                WHERE s."Kind" = 'Timer' AND i."BusinessKey" LIKE '{prefix}%'
                """);
            if (since.Elapsed.TotalSeconds >= trace.Count + 1) trace.Add($"{left}");
            if (left == 0) break;
            if (left != last) { last = left; progress.Restart(); }
            if (hosts.Any(h => h.HasExited)) throw new InvalidOperationException($"(e) a host exited with {left} timers left");
            if (progress.Elapsed > TimeSpan.FromSeconds(60)) throw new TimeoutException($"(e) stuck at {left} timers left for 60 s");
            await Task.Delay(100);
        }
        var until = since.Elapsed.TotalSeconds;
        Log.Info($"(e) timers left after each second: {string.Join(" ", trace)}");
        var cpuUse = cpu.Stop();
        var walBytes = await db.WalPositionAsync() - wal;
        var at = new DateTimeOffset(DateTime.SpecifyKind(t0, DateTimeKind.Utc));
        var first = await db.ScalarAsync<DateTime>($"""
            SELECT min(t."At") FROM timeline t JOIN instances i ON i."Id" = t."InstanceId"
            WHERE t."Kind" = 'TimerFired' AND i."BusinessKey" LIKE '{prefix}%'
            """);
        var lastFired = await db.ScalarAsync<DateTime>($"""
            SELECT max(t."At") FROM timeline t JOIN instances i ON i."Id" = t."InstanceId"
            WHERE t."Kind" = 'TimerFired' AND i."BusinessKey" LIKE '{prefix}%'
            """);
        double Since(DateTime x) => (new DateTimeOffset(DateTime.SpecifyKind(x, DateTimeKind.Utc)) - at).TotalSeconds;
        return new Burst(count, at, Since(first), Since(lastFired), until, cpuUse, (double)walBytes / count);
    }
}
