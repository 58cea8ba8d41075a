using System.Diagnostics;

namespace Verzuim.Host.Tests.Faults;

/// <summary>
/// A PostgreSQL and RabbitMQ of the fault tests' own (scripts/services.sh in a separate folder, on free ports),
/// so restarting them does not disturb the tests that run in parallel on the shared servers.
/// </summary>
public sealed class PrivateServices : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"verzuim-faults-{Guid.NewGuid():N}"[..24]);
    private Dictionary<string, string> _env = [];

    public string Postgres => _env["VERZUIM_TEST_POSTGRES"];
    public string RabbitMq => _env["VERZUIM_TEST_RABBITMQ"];

    public async Task InitializeAsync()
    {
        await RunAsync("start");
        _env = (await File.ReadAllLinesAsync(Path.Combine(_dir, "env.sh")))
            .Where(l => l.StartsWith("export ", StringComparison.Ordinal))
            .Select(l => l["export ".Length..].Split('=', 2))
            .ToDictionary(p => p[0], p => p[1].Trim('\''));
    }

    public Task DisposeAsync() => RunAsync("stop");

    /// <summary>Stops the broker's application (every connection drops) and starts it again after <paramref name="down"/>.</summary>
    public async Task RestartRabbitMqAsync(TimeSpan down)
    {
        await ExecAsync(_env["VERZUIM_RABBITMQCTL"], "stop_app");
        await Task.Delay(down);
        await ExecAsync(_env["VERZUIM_RABBITMQCTL"], "start_app");
    }

    /// <summary>Fast shutdown (connections terminated, in-flight transactions rolled back), then start.</summary>
    public async Task RestartPostgresAsync(TimeSpan down)
    {
        await ExecAsync(_env["VERZUIM_PG_CTL"], "stop", "-m", "fast", "-w");
        await Task.Delay(down);
        // the server runs as the services user: its log goes where that user may write
        await ExecAsync(_env["VERZUIM_PG_CTL"], "start", "-w", "-l", Path.Combine(Path.GetTempPath(), $"verzuim-pg-restart-{Guid.NewGuid():N}.log"));
    }

    private Task RunAsync(string command) =>
        ExecAsync(Path.Combine(Workflows.Tests.Models.ModelScenarioTests.RepositoryRoot, "scripts", "services.sh"), command);

    private async Task ExecAsync(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["VERZUIM_SERVICES_DIR"] = _dir;
        foreach (var name in new[] { "VERZUIM_PG_PORT", "VERZUIM_RABBITMQ_PORT" }) info.Environment.Remove(name); // pick free ports
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {await error}{await output}");
    }
}
