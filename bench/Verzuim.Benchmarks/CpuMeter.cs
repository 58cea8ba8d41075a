using System.Diagnostics;
using System.Globalization;

namespace Verzuim.Benchmarks;

/// <summary>
/// Where the CPU went during a measurement, from /proc (Linux): the harness process (engine, EF Core, Npgsql),
/// the PostgreSQL server (postmaster and its backends, when run.sh passes its pid) and everything else on
/// the machine: other people's builds and tests on a shared box show up there, not in our figures' causes.
/// </summary>
public sealed class CpuMeter
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux
    public static int? ServerPid { get; set; }

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly IReadOnlyList<(string Name, int Pid)> _extra;
    private readonly double? _machine0 = MachineBusySeconds();
    private readonly double? _server0;
    private readonly double?[] _extra0;
    private readonly double _client0 = ClientSeconds();
    private readonly double? _steal0 = StealSeconds();

    /// <param name="extra">More process trees to account for apart (e.g. the host and the broker in the end-to-end run).</param>
    public CpuMeter(IReadOnlyList<(string Name, int Pid)>? extra = null)
    {
        _extra = extra ?? [];
        var tree = ProcessTree.Read();
        _server0 = ServerPid is { } pid ? tree?.Seconds(pid) : null;
        _extra0 = [.. _extra.Select(e => tree?.Seconds(e.Pid))];
    }

    public CpuUse Stop()
    {
        var wall = _clock.Elapsed.TotalSeconds;
        var client = ClientSeconds() - _client0;
        var tree = ProcessTree.Read();
        double? server = ServerPid is { } pid && tree?.Seconds(pid) is { } s && _server0 is { } s0 ? s - s0 : null;
        double? machine = MachineBusySeconds() is { } m && _machine0 is { } m0 ? m - m0 : null;
        double? steal = StealSeconds() is { } t && _steal0 is { } t0 ? t - t0 : null;
        var extra = _extra.Select((e, i) => (e.Name, tree?.Seconds(e.Pid) is { } x && _extra0[i] is { } x0 ? x - x0 : (double?)null)).ToList();
        return new CpuUse(wall, client, server, machine, steal) { Extra = extra };
    }

    /// <summary>For the log: how many processes a tree has and the CPU they used so far, so a wrong pid shows.</summary>
    public static string Describe(int pid) => ProcessTree.Read() is { } tree && tree.Seconds(pid) is { } seconds
        ? $"{tree.Count(pid)} process(es), {seconds:F1} CPU seconds so far" : "not running";

    private static double ClientSeconds()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime.TotalSeconds;
    }

    private static long[]? CpuLine()
    {
        try
        {
            var line = File.ReadLines("/proc/stat").First();
            return line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(x => long.Parse(x, CultureInfo.InvariantCulture)).ToArray();
        }
        catch (Exception) { return null; }
    }

    // user nice system idle iowait irq softirq steal ...
    private static double? MachineBusySeconds() => CpuLine() is { } f ? (f[0] + f[1] + f[2] + f[5] + f[6]) / TicksPerSecond : null;
    private static double? StealSeconds() => CpuLine() is { Length: > 7 } f ? f[7] / TicksPerSecond : null;

    /// <summary>One pass over /proc: every process's parent and CPU ticks, to sum a process with all its descendants.</summary>
    private sealed class ProcessTree
    {
        private readonly Dictionary<int, (int Parent, long Ticks)> _processes = [];

        public static ProcessTree? Read()
        {
            try
            {
                var tree = new ProcessTree();
                foreach (var dir in Directory.EnumerateDirectories("/proc"))
                {
                    if (!int.TryParse(Path.GetFileName(dir), out var p)) continue;
                    string stat;
                    try { stat = File.ReadAllText(Path.Combine(dir, "stat")); }
                    catch (IOException) { continue; }
                    catch (UnauthorizedAccessException) { continue; }
                    var f = stat[(stat.LastIndexOf(')') + 2)..].Split(' '); // f[0] = state (field 3)
                    // utime + stime, plus cutime + cstime: children that exited and were reaped (short-lived
                    // PostgreSQL backends) still count; live children are counted as processes of their own
                    long Field(int i) => long.Parse(f[i], CultureInfo.InvariantCulture);
                    tree._processes[p] = (int.Parse(f[1], CultureInfo.InvariantCulture), Field(11) + Field(12) + Field(13) + Field(14));
                }
                return tree;
            }
            catch (Exception) { return null; }
        }

        /// <summary>CPU seconds of <paramref name="root"/> and every live descendant; null when it is not running.</summary>
        public double? Seconds(int root)
        {
            if (!_processes.ContainsKey(root)) return null;
            long ticks = 0;
            foreach (var (pid, (_, t)) in _processes)
                if (IsInTree(pid, root)) ticks += t;
            return ticks / TicksPerSecond;
        }

        public int Count(int root) => _processes.Keys.Count(pid => IsInTree(pid, root));

        private bool IsInTree(int pid, int root)
        {
            for (var depth = 0; depth < 64; depth++)
            {
                if (pid == root) return true;
                if (!_processes.TryGetValue(pid, out var p) || p.Parent <= 1) return false;
                pid = p.Parent;
            }
            return false;
        }
    }
}

/// <summary>CPU seconds over a measurement's wall seconds; shown in cores (1.0 = one core busy the whole time).</summary>
public sealed record CpuUse(double WallSeconds, double ClientSeconds, double? ServerSeconds, double? MachineSeconds, double? StealSeconds)
{
    /// <summary>CPU seconds of further process trees measured apart (host, broker); empty for the engine-only measurements.</summary>
    public IReadOnlyList<(string Name, double? Seconds)> Extra { get; init; } = [];

    public double Client => ClientSeconds / WallSeconds;
    public double? Server => ServerSeconds / WallSeconds;
    public double? ExtraCores(string name) => Extra.FirstOrDefault(e => e.Name == name).Seconds / WallSeconds;
    /// <summary>Everything on the machine that is neither the harness nor the server (nor a tree in <see cref="Extra"/>).</summary>
    public double? Other => MachineSeconds is { } m && ServerSeconds is { } s && Extra.All(e => e.Seconds is not null)
        ? Math.Max(0, m - ClientSeconds - s - Extra.Sum(e => e.Seconds!.Value)) / WallSeconds : null;

    /// <summary>Several measurements of one thing (interleaved rounds) as one.</summary>
    public static CpuUse Sum(IEnumerable<CpuUse> parts)
    {
        var list = parts.ToList();
        double? SumOf(Func<CpuUse, double?> f) => list.All(x => f(x) is not null) ? list.Sum(x => f(x)!.Value) : null;
        return new CpuUse(list.Sum(x => x.WallSeconds), list.Sum(x => x.ClientSeconds), SumOf(x => x.ServerSeconds), SumOf(x => x.MachineSeconds), SumOf(x => x.StealSeconds));
    }

    public static string F(double? v) => v is { } x ? x.ToString("F1", CultureInfo.InvariantCulture) : "?";
    public override string ToString() => $"{F(Client)} / {F(Server)} / {F(Other)}";
}
