using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

namespace Verzuim.Benchmarks;

/// <summary>
/// The real Verzuim host (the built Verzuim.Host.dll, as deployed) in a child process of its own, configured
/// through environment variables the way a deployment does it. A process of its own keeps its CPU, GC and
/// thread pool apart from the harness that publishes, and its CPU can be read from /proc. Its log (Serilog,
/// the deployed default level) goes to a file, so writing it costs the host, not the harness.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private static readonly List<Process> Running = [];
    private static readonly object Lock = new();
    private static PosixSignalRegistration? _sigint, _sigterm;

    private readonly Process _process;

    private HostProcess(Process process, string logPath, Uri address, bool serverGc)
    {
        _process = process;
        LogPath = logPath;
        Address = address;
        ServerGc = serverGc;
    }

    public int Pid => _process.Id;
    public string LogPath { get; }
    public Uri Address { get; }
    /// <summary>System.GC.Server from the host's runtimeconfig.json (the Web SDK turns it on).</summary>
    public bool ServerGc { get; }
    public bool HasExited => _process.HasExited;

    /// <summary>Default: the Release build of src/Verzuim.Host next to this harness's own build output.</summary>
    public static string DefaultDll()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Verzuim.sln"))) dir = dir.Parent;
        return dir is null ? "Verzuim.Host.dll" : Path.Combine(dir.FullName, "src", "Verzuim.Host", "bin", "Release", "net10.0", "Verzuim.Host.dll");
    }

    /// <param name="settings">More configuration as environment variables (e.g. Engine__TimerBatchSize).</param>
    public static async Task<HostProcess> StartAsync(string dll, string connectionString, string rabbitMq, string logPath,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        if (!File.Exists(dll)) throw new FileNotFoundException($"host not built: {dll} (dotnet build src/Verzuim.Host -c Release)", dll);
        var port = FreePort();
        var address = new Uri($"http://127.0.0.1:{port}");
        // exec: the shell becomes the host, so the pid we hold is the host's; the log redirection costs the host
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, WorkingDirectory = Path.GetDirectoryName(dll)! };
        foreach (var a in new[] { "-c", "log=$1; shift; exec \"$@\" >\"$log\" 2>&1", "sh", logPath, "dotnet", dll }) start.ArgumentList.Add(a);
        var env = start.Environment;
        env["ASPNETCORE_ENVIRONMENT"] = "Production";
        env["ConnectionStrings__Workflows"] = connectionString;
        env["Messaging__RabbitMq"] = rabbitMq;
        // the harness deploys its model before the host starts; the host must not seed the real models
        env["Engine__WorkflowsPath"] = "geen-modellen";
        env["Urls"] = address.ToString();
        // the deployed host refuses to start without an OpenID Connect provider; the benchmark never signs in, so none runs there
        env["Auth__Authority"] = "https://127.0.0.1:9/realms/verzuim-bench";
        env.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        foreach (var (name, value) in settings ?? new Dictionary<string, string>()) env[name] = value;

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the host");
        Track(process);
        var host = new HostProcess(process, logPath, address, ReadServerGc(dll));
        try
        {
            await host.WaitReadyAsync(TimeSpan.FromSeconds(120));
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
        return host;
    }

    /// <summary>/health/ready: the store is migrated and the MassTransit bus (with its receive endpoint) is up.</summary>
    private async Task WaitReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        var last = "";
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited) throw new InvalidOperationException($"the host exited with code {_process.ExitCode} while starting:\n{LogTail()}");
            try
            {
                using var response = await http.GetAsync("/health/ready");
                if (response.StatusCode == HttpStatusCode.OK) return;
                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { last = e.Message; }
            await Task.Delay(250);
        }
        throw new TimeoutException($"the host was not ready within {timeout.TotalSeconds:F0} s ({last}):\n{LogTail()}");
    }

    public string LogTail(int lines = 30)
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return string.Join('\n', reader.ReadToEnd().Split('\n').TakeLast(lines));
        }
        catch (IOException e) { return $"(no log: {e.Message})"; }
    }

    /// <summary>Graceful stop (SIGTERM: the host finishes what it started), then a hard kill after 40 s.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _ = Kill(_process.Id, 15);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(40));
            try { await _process.WaitForExitAsync(cts.Token); }
            catch (OperationCanceledException) { _process.Kill(entireProcessTree: true); }
        }
        lock (Lock) Running.Remove(_process);
        _process.Dispose();
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static bool ReadServerGc(string dll)
    {
        try
        {
            var config = JsonNode.Parse(File.ReadAllText(Path.ChangeExtension(dll, ".runtimeconfig.json")));
            return config?["runtimeOptions"]?["configProperties"]?["System.GC.Server"]?.GetValue<bool>() ?? false;
        }
        catch (Exception) { return false; }
    }

    /// <summary>A host left running after the harness stopped would keep retrying its database and broker: take it down with us.</summary>
    private static void Track(Process process)
    {
        lock (Lock)
        {
            Running.Add(process);
            if (_sigint is not null) return;
            AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
            _sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => KillAll());
            _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => KillAll());
        }
    }

    private static void KillAll()
    {
        lock (Lock)
            foreach (var p in Running)
                try { if (!p.HasExited) p.Kill(entireProcessTree: true); }
                catch (Exception) { /* already gone */ }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
