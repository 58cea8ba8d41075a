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
    private readonly double? _machine0 = MachineBusySeconds();
    private readonly double? _server0 = ServerSeconds();
    private readonly double _client0 = ClientSeconds();
    private readonly double? _steal0 = StealSeconds();

    public CpuUse Stop()
    {
        var wall = _clock.Elapsed.TotalSeconds;
        var client = ClientSeconds() - _client0;
        double? server = ServerSeconds() is { } s && _server0 is { } s0 ? s - s0 : null;
        double? machine = MachineBusySeconds() is { } m && _machine0 is { } m0 ? m - m0 : null;
        double? steal = StealSeconds() is { } t && _steal0 is { } t0 ? t - t0 : null;
        return new CpuUse(wall, client, server, machine, steal);
    }

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

    /// <summary>Postmaster (including children it has reaped) plus its live children.</summary>
    private static double? ServerSeconds()
    {
        if (ServerPid is not { } pid) return null;
        try
        {
            double total = 0;
            var found = false;
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), out var p)) continue;
                string stat;
                try { stat = File.ReadAllText(Path.Combine(dir, "stat")); }
                catch (IOException) { continue; }
                catch (UnauthorizedAccessException) { continue; }
                var f = stat[(stat.LastIndexOf(')') + 2)..].Split(' '); // f[0] = state (field 3)
                var ppid = int.Parse(f[1], CultureInfo.InvariantCulture);
                if (p == pid)
                {
                    found = true;
                    total += (long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture)
                              + long.Parse(f[13], CultureInfo.InvariantCulture) + long.Parse(f[14], CultureInfo.InvariantCulture)) / TicksPerSecond;
                }
                else if (ppid == pid)
                    total += (long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
            }
            return found ? total : null;
        }
        catch (Exception) { return null; }
    }
}

/// <summary>CPU seconds over a measurement's wall seconds; shown in cores (1.0 = one core busy the whole time).</summary>
public sealed record CpuUse(double WallSeconds, double ClientSeconds, double? ServerSeconds, double? MachineSeconds, double? StealSeconds)
{
    public double Client => ClientSeconds / WallSeconds;
    public double? Server => ServerSeconds / WallSeconds;
    /// <summary>Everything on the machine that is neither the harness nor the server.</summary>
    public double? Other => MachineSeconds is { } m && ServerSeconds is { } s ? Math.Max(0, m - ClientSeconds - s) / WallSeconds : null;

    /// <summary>Several measurements of one thing (interleaved rounds) as one.</summary>
    public static CpuUse Sum(IEnumerable<CpuUse> parts)
    {
        var list = parts.ToList();
        double? SumOf(Func<CpuUse, double?> f) => list.All(x => f(x) is not null) ? list.Sum(x => f(x)!.Value) : null;
        return new CpuUse(list.Sum(x => x.WallSeconds), list.Sum(x => x.ClientSeconds), SumOf(x => x.ServerSeconds), SumOf(x => x.MachineSeconds), SumOf(x => x.StealSeconds));
    }

    private static string F(double? v) => v is { } x ? x.ToString("F1", CultureInfo.InvariantCulture) : "?";
    public override string ToString() => $"{F(Client)} / {F(Server)} / {F(Other)}";
}
