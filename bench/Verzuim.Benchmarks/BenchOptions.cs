using System.Globalization;

namespace Verzuim.Benchmarks;

/// <summary>Command line. Figures from outside the harness (pgbench, machine facts) come in from run.sh.</summary>
public sealed class BenchOptions
{
    public bool Quick { get; private set; }
    public string Server { get; private set; } = "";
    public int Starts { get; private set; } = 2000;
    public int Correlations { get; private set; } = 2000;
    public int[] Sizes { get; private set; } = [1_000, 10_000, 100_000];
    public int Samples { get; private set; } = 500;
    /// <summary>(c) is timed in this many interleaved rounds over the sizes.</summary>
    public int Rounds { get; private set; } = 5;
    public int Warmup { get; private set; } = 50;
    /// <summary>Operations of each kind run once, unmeasured, before everything else, to get the JIT to steady state.</summary>
    public int JitWarmup { get; private set; } = 1000;
    public int Workers { get; private set; } = 4;
    public int FillWorkers { get; private set; } = 8;
    /// <summary>Sizes from this many waiting cases up are filled by copying rows in SQL instead of engine starts.</summary>
    public int CloneFrom { get; private set; } = 50_000;
    public string? Out { get; private set; }
    public bool KeepDatabases { get; private set; }
    public bool Verbose { get; private set; }
    /// <summary>Which measurements to run: any of a, b, c, p, d, e.</summary>
    public HashSet<char> Only { get; private set; } = ['a', 'b', 'c', 'p', 'd', 'e'];
    /// <summary>(e) Timers made due at one instant, fired by two hosts.</summary>
    public int Timers { get; private set; } = 10_000;
    /// <summary>(e) Engine:TimerBatchSize passed to the hosts, one burst (fresh database and hosts) per value; null: the engine's default.</summary>
    public int?[] TimerBatches { get; private set; } = [null];
    /// <summary>(b), (p) messages per transaction (WorkflowEngine.CorrelateBatchAsync); 1: one CorrelateAsync per message.</summary>
    public int CorrelateBatch { get; private set; } = 1;
    /// <summary>(d) more host configuration as environment variables, e.g. Messaging__InboundBatchSize=1.</summary>
    public Dictionary<string, string> HostSettings { get; } = new(StringComparer.Ordinal);
    /// <summary>(d) AMQP URI of the RabbitMQ broker the host consumes from and the harness publishes to.</summary>
    public string RabbitMq { get; private set; } = "";
    /// <summary>(d) The built Verzuim.Host.dll, started as a child process.</summary>
    public string? HostDll { get; private set; }
    /// <summary>(d) pid of the local broker (its process tree's CPU is reported apart).</summary>
    public int? BrokerPid { get; private set; }
    public int E2eMessages { get; private set; } = 2000;
    /// <summary>(d) Messages run through the fresh host process first, unmeasured: its JIT starts cold.</summary>
    public int E2eWarmup { get; private set; } = 1000;
    public int E2eLatencySamples { get; private set; } = 500;
    /// <summary>(d) Paced latency run at this fraction of the end-to-end throughput just measured.</summary>
    public double E2eLatencyLoad { get; private set; } = 0.5;
    public int Publishers { get; private set; } = 4;
    public Dictionary<string, string> Facts { get; } = [];
    public List<Baseline> Pgbench { get; } = [];
    public long? RunStarted { get; private set; }

    public sealed record Baseline(int Clients, int Threads, int Seconds, double Tps, double LatencyMs);

    public const string Usage = """
        Verzuim.Benchmarks: throughput and latency of the workflow engine on PostgreSQL. Normally run through bench/run.sh.

          --server CS            Npgsql connection string of a server where we may CREATE DATABASE
                                 (default: $VERZUIM_BENCH_POSTGRES)
          --quick                smoke run: 300 starts, 300 correlations, W = 1000 only, 200 samples,
                                 JIT warm-up 200
          --starts N             (a) instances to start            (default 2000)
          --correlations N       (b) messages to correlate         (default 2000)
          --sizes A,B,C          (c) waiting-instance counts W     (default 1000,10000,100000)
          --samples N            (c) timed correlations per W      (default 500)
          --rounds N             (c) timed in N rounds interleaved over the sizes (default 5)
          --warmup N             untimed operations before each measurement (default 50)
          --jit-warmup N         once at the start, on a scratch database: N starts of each model and
                                 N correlations, so the JIT is at steady state (default 1000, quick 200)
          --workers N            concurrency for (a) and (b)       (default 4)
          --fill-workers N       concurrency for filling (c) through the engine (default 8)
          --clone-from N         fill W >= N by SQL copies of one engine-made case (default 50000)
          --out FILE             also write the report (markdown) to FILE
          --keep-databases       do not drop the benchmark databases afterwards
          --verbose              log every round of (c)
          --only LIST            run only some measurements, e.g. --only c (default a,b,c,p,d,e; d and e only with --rabbitmq)
          --rabbitmq URI         (d) broker for the end-to-end run, amqp://user:pass@host:port/ (default: $VERZUIM_BENCH_RABBITMQ)
          --host-dll PATH        (d) the built Verzuim.Host.dll to start as a child process
                                 (default: src/Verzuim.Host/bin/Release/net10.0/ above the harness)
          --broker-pid PID       (d) pid of a local broker: its CPU use is reported
          --e2e-messages N       (d) messages published at once, end-to-end throughput (default 2000)
          --e2e-warmup N         (d) messages through the fresh host first, not measured (default 1000, quick 200)
          --e2e-latency N        (d) paced messages for publish-to-resume latency (default 500, quick 100)
          --e2e-latency-load F   (d) pace of the latency run as a fraction of the measured throughput (default 0.5)
          --publishers N         (d) concurrent publishing loops in the harness (default 4)
          --timers N             (e) timers due at one instant, fired by two hosts (default 10000, quick 1000)
          --timer-batch N,M      (e) Engine:TimerBatchSize for the hosts, one burst per value, e.g. 1,50
          --correlate-batch N    (b), (p) messages per transaction (CorrelateBatchAsync); 1 (default): one CorrelateAsync each
          --host-setting K=V     (d) more host configuration as an environment variable (repeatable), e.g. Messaging__InboundBatchSize=1
                                 (1 = one timer per transaction; default: the engine's own)
          --pgbench C,J,S,TPS,MS baseline row from run.sh: clients, threads, seconds, TPS, avg latency ms (repeatable)
          --fact NAME=VALUE      a machine/run fact to print (repeatable)
          --run-started EPOCH    when run.sh started (unix seconds), to report the run's duration
          --server-pid PID       postmaster pid of a local server: its CPU use is reported per measurement
        """;

    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions();
        bool sizesGiven = false, startsGiven = false, correlationsGiven = false, samplesGiven = false, jitGiven = false, onlyGiven = false,
            e2eGiven = false, e2eWarmupGiven = false, e2eLatencyGiven = false, timersGiven = false;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Int() => int.Parse(Next(), CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--quick": o.Quick = true; break;
                case "--server": o.Server = Next(); break;
                case "--starts": o.Starts = Int(); startsGiven = true; break;
                case "--correlations": o.Correlations = Int(); correlationsGiven = true; break;
                case "--sizes": o.Sizes = Next().Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray(); sizesGiven = true; break;
                case "--samples": o.Samples = Int(); samplesGiven = true; break;
                case "--rounds": o.Rounds = Int(); break;
                case "--warmup": o.Warmup = Int(); break;
                case "--jit-warmup": o.JitWarmup = Int(); jitGiven = true; break;
                case "--workers": o.Workers = Int(); break;
                case "--fill-workers": o.FillWorkers = Int(); break;
                case "--clone-from": o.CloneFrom = Int(); break;
                case "--out": o.Out = Next(); break;
                case "--keep-databases": o.KeepDatabases = true; break;
                case "--verbose": o.Verbose = true; break;
                case "--only": o.Only = [.. Next().Split(',').Select(x => x.Trim().ToLowerInvariant()[0])]; onlyGiven = true; break;
                case "--rabbitmq": o.RabbitMq = Next(); break;
                case "--host-dll": o.HostDll = Next(); break;
                case "--broker-pid": o.BrokerPid = Int(); break;
                case "--e2e-messages": o.E2eMessages = Int(); e2eGiven = true; break;
                case "--e2e-warmup": o.E2eWarmup = Int(); e2eWarmupGiven = true; break;
                case "--e2e-latency": o.E2eLatencySamples = Int(); e2eLatencyGiven = true; break;
                case "--e2e-latency-load": o.E2eLatencyLoad = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--publishers": o.Publishers = Int(); break;
                case "--timers": o.Timers = Int(); timersGiven = true; break;
                case "--host-setting":
                    var setting = Next().Split('=', 2);
                    if (setting.Length != 2) throw new ArgumentException("--host-setting expects KEY=VALUE");
                    o.HostSettings[setting[0]] = setting[1];
                    break;
                case "--correlate-batch": o.CorrelateBatch = Math.Max(1, Int()); break;
                case "--timer-batch": o.TimerBatches = [.. Next().Split(',').Select(x => (int?)int.Parse(x, CultureInfo.InvariantCulture))]; break;
                case "--server-pid": CpuMeter.ServerPid = Int(); break;
                case "--run-started": o.RunStarted = long.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--fact":
                    var fact = Next().Split('=', 2);
                    o.Facts[fact[0]] = fact.Length > 1 ? fact[1] : "";
                    break;
                case "--pgbench":
                    var p = Next().Split(',');
                    if (p.Length != 5) throw new ArgumentException("--pgbench wants clients,threads,seconds,tps,latencyMs");
                    o.Pgbench.Add(new Baseline(int.Parse(p[0], CultureInfo.InvariantCulture), int.Parse(p[1], CultureInfo.InvariantCulture),
                        int.Parse(p[2], CultureInfo.InvariantCulture), double.Parse(p[3], CultureInfo.InvariantCulture), double.Parse(p[4], CultureInfo.InvariantCulture)));
                    break;
                case "-h" or "--help": throw new HelpRequested();
                default: throw new ArgumentException($"unknown argument {args[i]}");
            }
        }
        if (o.Quick)
        {
            if (!startsGiven) o.Starts = 300;
            if (!correlationsGiven) o.Correlations = 300;
            if (!sizesGiven) o.Sizes = [1_000];
            if (!samplesGiven) o.Samples = 200;
            if (!jitGiven) o.JitWarmup = 200;
            if (!e2eGiven) o.E2eMessages = 300;
            if (!e2eWarmupGiven) o.E2eWarmup = 200;
            if (!e2eLatencyGiven) o.E2eLatencySamples = 100;
            if (!timersGiven) o.Timers = 1000;
        }
        if (o.RabbitMq.Length == 0) o.RabbitMq = Environment.GetEnvironmentVariable("VERZUIM_BENCH_RABBITMQ") ?? "";
        if (o.Only.Overlaps(['d', 'e']) && o.RabbitMq.Length == 0)
        {
            // by default (d) and (e) are simply left out without a broker (the host needs one); asked for by name it is an error
            if (onlyGiven) throw new ArgumentException("(d) and (e) need a broker: pass --rabbitmq or set VERZUIM_BENCH_RABBITMQ (bench/run.sh starts one for you)");
            o.Only.Remove('d');
            o.Only.Remove('e');
        }
        if (o.E2eLatencyLoad is <= 0 or > 1) throw new ArgumentException("--e2e-latency-load wants a fraction in (0, 1]");
        if (o.Server.Length == 0) o.Server = Environment.GetEnvironmentVariable("VERZUIM_BENCH_POSTGRES") ?? "";
        if (o.Server.Length == 0) throw new ArgumentException("no server: pass --server or set VERZUIM_BENCH_POSTGRES (bench/run.sh starts one for you)");
        return o;
    }

    public sealed class HelpRequested : Exception;
}

public static class Log
{
    private static readonly System.Diagnostics.Stopwatch Since = System.Diagnostics.Stopwatch.StartNew();
    public static void Info(string message) => Console.Error.WriteLine($"[bench {Since.Elapsed.TotalSeconds,6:F1}s] {message}");
}
