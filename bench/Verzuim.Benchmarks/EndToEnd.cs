using System.Diagnostics;
using MassTransit;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using Verzuim.Contracts;

namespace Verzuim.Benchmarks;

/// <summary>
/// (d) End to end through RabbitMQ: the real host (Verzuim.Host.dll in a child process) on a fresh database,
/// consuming its quorum queue; the harness publishes GesprekGehouden events with MassTransit, as a school's
/// administration system would, and reads from the database when each case resumed (the engine stamps
/// processed_messages."ProcessedAt" in the transaction that resumes the case).
///
/// Phases: warm-up (the fresh host's JIT), throughput (all messages published at once; correlations/s from the
/// first publish until the last case resumed), latency (messages paced at a fraction of that throughput, so
/// they do not queue behind each other: publish → resume per message).
/// </summary>
public static class EndToEnd
{
    /// <summary>The host's inbound queue (Messaging:InboundQueue, left at its default).</summary>
    public const string InboundQueue = "verzuim-berichten";

    /// <param name="Publishers">Concurrent publishing loops; 0 = open loop on a schedule.</param>
    public sealed record Phase(int Messages, int Publishers, RunResult Publish, double EndToEndSeconds, double DrainLagSeconds,
        LatencyStats Resume, CpuUse Cpu, IReadOnlyDictionary<string, int> Outcomes, double WalBytesPerMessage)
    {
        /// <summary>Messages published per second, from the first publish call until the broker confirmed the last.</summary>
        public double PublishPerSecond => Messages / Publish.Elapsed.TotalSeconds;
        /// <summary>Cases resumed per second, from the first publish until the last case's transaction.</summary>
        public double CorrelationsPerSecond => Outcomes.GetValueOrDefault("Correlated") / EndToEndSeconds;
        public int Correlated => Outcomes.GetValueOrDefault("Correlated");
    }

    public sealed record Figures(int Pid, bool HostServerGc, double HostStartSeconds, RunResult Fill, long WaitingBefore, Phase Warmup, Phase Throughput,
        long OutboxPendingAtLastResume, double OutboxDrainSeconds, double LatencyTargetRate, Phase Latency,
        long WaitingAfter, long OpvolgingTasks, long OutboxRows, long OutboxUndispatched, uint ConsumersAtStart,
        uint QueueDepthAfter, uint ErrorQueueDepthAfter, string BrokerVersion);

    public static async Task<Figures> RunAsync(BenchOptions o)
    {
        var dll = Path.GetFullPath(o.HostDll ?? HostProcess.DefaultDll());
        await using var db = await BenchDatabase.CreateAsync(o.Server, "e2e", o.KeepDatabases);
        await db.Engine.DeployAsync(Models.Wait, "bench");

        // the cases are opened by the harness's own engine on the same database, before the host starts
        string[] warmKeys = Keys("W", o.E2eWarmup), keys = Keys("L", o.E2eMessages), paceKeys = Keys("P", o.E2eLatencySamples);
        var all = warmKeys.Concat(keys).Concat(paceKeys).ToArray();
        Log.Info($"(d) filling: {all.Length} waiting 'bench-wacht' cases through the engine on {o.FillWorkers} workers");
        var fill = await Workload.StartWaitingAsync(db, all, o.FillWorkers);
        StartThroughput.Check(fill, "(d) fill");
        await db.ExecuteAsync("ANALYZE");
        var waitingBefore = await db.WaitingCountAsync();

        await using var broker = await BrokerProbe.ConnectAsync(o.RabbitMq);
        var purged = await broker.PurgeAsync(InboundQueue);
        if (purged > 0) Log.Info($"(d) purged {purged} old messages from {InboundQueue}");

        var logPath = Path.Combine(Path.GetTempPath(), $"verzuim-bench-host-{Guid.NewGuid():N}.log");
        Log.Info($"(d) starting the host: dotnet {dll} (log: {logPath})");
        var clock = Stopwatch.StartNew();
        if (o.HostSettings.Count > 0) Log.Info($"(d) host settings: {string.Join(", ", o.HostSettings.Select(x => $"{x.Key}={x.Value}"))}");
        var host = await HostProcess.StartAsync(dll, db.ConnectionString, o.RabbitMq, logPath, o.HostSettings);
        var failed = true;
        try
        {
            var hostStart = clock.Elapsed;
            Log.Info($"(d) host ready in {hostStart.TotalSeconds:F1} s: pid {host.Pid}, {(host.ServerGc ? "server" : "workstation")} GC, {host.Address}");
            if (o.BrokerPid is { } bp) Log.Info($"(d) broker pid {bp}: {CpuMeter.Describe(bp)}");
            var consumers = (await broker.DepthAsync(InboundQueue))?.Consumers ?? 0;
            if (consumers == 0) throw new InvalidOperationException($"the host is ready but nothing consumes {InboundQueue}");

            var bus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(new Uri(o.RabbitMq)));
            await bus.StartAsync(TimeSpan.FromSeconds(30));
            try
            {
                List<(string, int)> trees = [("host", host.Pid)];
                if (o.BrokerPid is { } brokerPid) trees.Add(("broker", brokerPid));
                var run = new Runs(db, bus, host, trees, all);

                Log.Info($"(d) warm-up: {warmKeys.Length} messages through the fresh host (its JIT), not measured");
                var warmup = await run.FloodAsync(warmKeys, o.Publishers, "warm-up");
                await run.WaitOutboxDrainedAsync();

                Log.Info($"(d) throughput: {keys.Length} messages published at once on {o.Publishers} publishers");
                var throughput = await run.FloodAsync(keys, o.Publishers, "throughput");
                var outboxPending = await db.ScalarAsync<long>("""SELECT count(*) FROM outbox WHERE "DispatchedAt" IS NULL""");
                var drain = await run.WaitOutboxDrainedAsync();
                Log.Info($"(d) {throughput.CorrelationsPerSecond:F1} correlations/s end to end, published at {throughput.PublishPerSecond:F0}/s; " +
                         $"last case resumed {throughput.DrainLagSeconds:F1} s after the last publish; CPU harness/host/server/broker/other {Cores(throughput.Cpu)}; " +
                         $"outbox: {outboxPending} case events left at that moment, sent {drain.TotalSeconds:F1} s later");

                var rate = throughput.CorrelationsPerSecond * o.E2eLatencyLoad;
                Log.Info($"(d) latency: {paceKeys.Length} messages, one every {1000 / rate:F1} ms ({rate:F0}/s = {o.E2eLatencyLoad:P0} of the throughput)");
                var latency = await run.PacedAsync(paceKeys, rate);
                Log.Info($"(d) publish → resume p50 {latency.Resume.P50:F1} ms, p95 {latency.Resume.P95:F1} ms, p99 {latency.Resume.P99:F1} ms");
                await run.WaitOutboxDrainedAsync();

                var waitingAfter = await db.WaitingCountAsync();
                var tasks = await db.ScalarAsync<long>("""SELECT count(*) FROM tasks WHERE "ElementId" = 'opvolging' AND "Status" = 'Open'""");
                var outboxRows = await db.ScalarAsync<long>("SELECT count(*) FROM outbox");
                var undispatched = await db.ScalarAsync<long>("""SELECT count(*) FROM outbox WHERE "DispatchedAt" IS NULL""");
                var depth = (await broker.DepthAsync(InboundQueue))?.Messages ?? 0;
                var errors = (await broker.DepthAsync(InboundQueue + "_error"))?.Messages ?? 0;
                Log.Info($"(d) checks: waiting {waitingBefore} → {waitingAfter}, opvolging tasks {tasks}, outbox rows {outboxRows} ({undispatched} unsent), " +
                         $"{InboundQueue} depth {depth}, _error {errors}");
                failed = false;
                return new Figures(host.Pid, host.ServerGc, hostStart.TotalSeconds, fill, waitingBefore, warmup, throughput, outboxPending, drain.TotalSeconds, rate, latency,
                    waitingAfter, tasks, outboxRows, undispatched, consumers, depth, errors, broker.Version);
            }
            finally
            {
                await bus.StopAsync(TimeSpan.FromSeconds(30));
            }
        }
        finally
        {
            if (failed) Log.Info($"(d) failed; the host's log ends with:\n{host.LogTail()}");
            await host.DisposeAsync();
            if (!failed && !o.KeepDatabases) File.Delete(logPath);
            else Log.Info($"(d) host log kept: {logPath}");
        }
    }

    public static string Cores(CpuUse cpu) =>
        $"{CpuUse.F(cpu.Client)} / {CpuUse.F(cpu.ExtraCores("host"))} / {CpuUse.F(cpu.Server)} / {CpuUse.F(cpu.ExtraCores("broker"))} / {CpuUse.F(cpu.Other)}";

    private static string[] Keys(string prefix, int n) => [.. Enumerable.Range(0, n).Select(i => Workload.Key(prefix, i))];

    /// <summary>The publishing and waiting, for one host and one database.</summary>
    private sealed class Runs(BenchDatabase db, IBus bus, HostProcess host, IReadOnlyList<(string, int)> trees, string[] all)
    {
        private readonly Dictionary<string, int> _index = all.Select((k, i) => (k, i)).ToDictionary(x => x.k, x => x.i);

        /// <summary>The event the school's system sends; school and kind follow the case's variables (Workload.Variables).</summary>
        private GesprekGehouden Message(string key)
        {
            var n = _index[key];
            return new GesprekGehouden(Guid.NewGuid(), key, $"S{n % 40:D3}", DateTimeOffset.UtcNow, n % 2 == 0 ? "ouders" : "leerling",
                new DateOnly(2024, 9, 20), "vervolggesprek over twee weken");
        }

        /// <summary>All messages at once, on concurrent publishing loops; then wait until every case has resumed.</summary>
        public async Task<Phase> FloodAsync(string[] keys, int publishers, string what)
        {
            var messages = keys.Select(Message).ToArray();
            var sent = new DateTimeOffset[messages.Length];
            var wal = await db.WalPositionAsync();
            var cpu = new CpuMeter(trees);
            var first = DateTimeOffset.UtcNow;
            var publish = await Runner.RunAsync(messages.Length, publishers, async i =>
            {
                sent[i] = DateTimeOffset.UtcNow;
                await bus.Publish(messages[i]);
                return true;
            });
            StartThroughput.Check(publish, $"(d) {what}: publish");
            var lastSent = sent.Max();
            await WaitProcessedAsync(messages, what);
            var cpuUse = cpu.Stop();
            var walBytes = await db.WalPositionAsync() - wal;
            return await PhaseAsync(messages, sent, first, lastSent, publishers, publish, cpuUse, walBytes);
        }

        /// <summary>
        /// One message at a time on a fixed schedule, open loop: each is published at its time whether or not the
        /// broker has confirmed the previous one (a confirm can take longer than the interval: quorum queues
        /// confirm after their log is on disk), as independent senders would.
        /// </summary>
        public async Task<Phase> PacedAsync(string[] keys, double perSecond)
        {
            var messages = keys.Select(Message).ToArray();
            var sent = new DateTimeOffset[messages.Length];
            var confirmMs = new double[messages.Length];
            var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
            var wal = await db.WalPositionAsync();
            var cpu = new CpuMeter(trees);
            var publishCpu = new CpuMeter();
            var allocated = GC.GetTotalAllocatedBytes();
            var first = DateTimeOffset.UtcNow;
            var schedule = Stopwatch.StartNew();
            var publishes = new Task[messages.Length];
            for (var i = 0; i < messages.Length; i++)
            {
                var wait = TimeSpan.FromSeconds(i / perSecond) - schedule.Elapsed;
                if (wait > TimeSpan.Zero) await Task.Delay(wait);
                sent[i] = DateTimeOffset.UtcNow;
                publishes[i] = PublishTimedAsync(messages[i], i);
            }
            await Task.WhenAll(publishes);
            var publish = new RunResult(messages.Length, messages.Length - errors.Count, schedule.Elapsed, confirmMs, publishCpu.Stop(), [.. errors],
                GC.GetTotalAllocatedBytes() - allocated, [0, 0, 0]);
            StartThroughput.Check(publish, "(d) latency: publish");
            await WaitProcessedAsync(messages, "latency");
            var cpuUse = cpu.Stop();
            var walBytes = await db.WalPositionAsync() - wal;
            return await PhaseAsync(messages, sent, first, sent.Max(), 0, publish, cpuUse, walBytes);

            async Task PublishTimedAsync(GesprekGehouden message, int i)
            {
                var t0 = Stopwatch.GetTimestamp();
                try { await bus.Publish(message); }
                catch (Exception e) { errors.Enqueue($"#{i}: {e.GetType().Name}: {e.Message}"); }
                confirmMs[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            }
        }

        private async Task<Phase> PhaseAsync(GesprekGehouden[] messages, DateTimeOffset[] sent, DateTimeOffset first, DateTimeOffset lastSent,
            int publishers, RunResult publish, CpuUse cpu, long walBytes)
        {
            var processed = await ProcessedAsync(messages.Select(m => m.BerichtId).ToArray());
            var latencies = new List<double>(messages.Length);
            var outcomes = new Dictionary<string, int>();
            var last = first;
            for (var i = 0; i < messages.Length; i++)
            {
                if (!processed.TryGetValue(messages[i].BerichtId, out var p)) continue;
                outcomes[p.Outcome] = outcomes.GetValueOrDefault(p.Outcome) + 1;
                latencies.Add((p.At - sent[i]).TotalMilliseconds);
                if (p.At > last) last = p.At;
            }
            return new Phase(messages.Length, publishers, publish, (last - first).TotalSeconds, (last - lastSent).TotalSeconds,
                LatencyStats.Of(latencies), cpu, outcomes, (double)walBytes / messages.Length);
        }

        /// <summary>Polls until every message has its processed_messages row; fails when nothing moves for a minute.</summary>
        private async Task WaitProcessedAsync(GesprekGehouden[] messages, string what)
        {
            var ids = messages.Select(m => m.BerichtId).ToArray();
            long done = -1;
            var progress = Stopwatch.StartNew();
            while (true)
            {
                var now = await db.ScalarAsync<long>("""SELECT count(*) FROM processed_messages WHERE "MessageId" = ANY(@ids)""", ("ids", ids));
                if (now >= ids.Length) return;
                if (now > done) { done = now; progress.Restart(); }
                if (host.HasExited) throw new InvalidOperationException($"(d) {what}: the host exited after {done} of {ids.Length} messages");
                if (progress.Elapsed > TimeSpan.FromSeconds(60))
                    throw new TimeoutException($"(d) {what}: stuck at {done} of {ids.Length} messages processed for 60 s");
                await Task.Delay(100);
            }
        }

        private async Task<Dictionary<Guid, (DateTimeOffset At, string Outcome)>> ProcessedAsync(Guid[] ids)
        {
            await using var connection = new NpgsqlConnection(db.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("""SELECT "MessageId", "ProcessedAt", "Outcome" FROM processed_messages WHERE "MessageId" = ANY(@ids)""", connection);
            command.Parameters.AddWithValue("ids", ids);
            var result = new Dictionary<Guid, (DateTimeOffset, string)>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                result[reader.GetGuid(0)] = (reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2));
            return result;
        }

        /// <summary>The host publishes a TaakAangemaakt case event per resumed case through its outbox; phases start with it empty.</summary>
        public async Task<TimeSpan> WaitOutboxDrainedAsync()
        {
            var clock = Stopwatch.StartNew();
            while (await db.ScalarAsync<long>("""SELECT count(*) FROM outbox WHERE "DispatchedAt" IS NULL""") > 0)
            {
                if (clock.Elapsed > TimeSpan.FromSeconds(120)) throw new TimeoutException("(d) the host's outbox did not drain within 120 s");
                if (host.HasExited) throw new InvalidOperationException("(d) the host exited");
                await Task.Delay(50);
            }
            return clock.Elapsed;
        }
    }

    /// <summary>Queue depth and consumers straight from the broker (RabbitMQ.Client), apart from the MassTransit bus.</summary>
    private sealed class BrokerProbe(IConnection connection) : IAsyncDisposable
    {
        public static async Task<BrokerProbe> ConnectAsync(string uri) =>
            new(await new ConnectionFactory { Uri = new Uri(uri) }.CreateConnectionAsync("verzuim-bench-probe"));

        public string Version => connection.ServerProperties?.TryGetValue("version", out var v) == true && v is byte[] b
            ? "RabbitMQ " + System.Text.Encoding.UTF8.GetString(b) : "RabbitMQ (version unknown)";

        /// <summary>Null when the queue does not exist (an _error queue is only made for the first failed message).</summary>
        public async Task<(uint Messages, uint Consumers)?> DepthAsync(string queue)
        {
            await using var channel = await connection.CreateChannelAsync();
            try
            {
                var ok = await channel.QueueDeclarePassiveAsync(queue);
                return (ok.MessageCount, ok.ConsumerCount);
            }
            catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404) { return null; }
        }

        public async Task<uint> PurgeAsync(string queue)
        {
            if (await DepthAsync(queue) is null) return 0;
            await using var channel = await connection.CreateChannelAsync();
            return await channel.QueuePurgeAsync(queue);
        }

        public async ValueTask DisposeAsync()
        {
            await connection.CloseAsync();
            connection.Dispose();
        }
    }
}
