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
    /// <summary>Which measurements to run: any of a, b, c.</summary>
    public HashSet<char> Only { get; private set; } = ['a', 'b', 'c'];
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
          --only LIST            run only some measurements, e.g. --only c (default a,b,c)
          --pgbench C,J,S,TPS,MS baseline row from run.sh: clients, threads, seconds, TPS, avg latency ms (repeatable)
          --fact NAME=VALUE      a machine/run fact to print (repeatable)
          --run-started EPOCH    when run.sh started (unix seconds), to report the run's duration
          --server-pid PID       postmaster pid of a local server: its CPU use is reported per measurement
        """;

    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions();
        bool sizesGiven = false, startsGiven = false, correlationsGiven = false, samplesGiven = false, jitGiven = false;
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
                case "--only": o.Only = [.. Next().Split(',').Select(x => x.Trim().ToLowerInvariant()[0])]; break;
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
        }
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
