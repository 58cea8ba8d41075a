using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Verzuim.Persistence;
using Verzuim.Workflows.Runtime;

namespace Verzuim.Workflows.Tests.Durability;

/// <summary>Events for the durability model, worker processes that apply them, and a comparable picture of the end state.</summary>
internal static class WorkerRun
{
    public const int Rounds = 3;
    public static string Model => Path.Combine(AppContext.BaseDirectory, "Durability", "telling.bpmn");
    private static string WorkerDll => Path.Combine(AppContext.BaseDirectory, "Verzuim.Workflows.Worker.dll");

    /// <summary>Per pupil: Aanmelding, then three Tel messages 26 hours apart (so all three daily reminders fall before the last); interleaved across pupils by time.</summary>
    public static List<object> Events(int pupils)
    {
        var t0 = new DateTimeOffset(2024, 9, 2, 7, 0, 0, TimeSpan.Zero);
        var events = new List<(DateTimeOffset At, object Event)>();
        for (var round = 0; round <= Rounds; round++)
            for (var p = 0; p < pupils; p++)
            {
                var at = t0.AddHours(26 * round).AddSeconds(p);
                events.Add((at, new { id = Guid.NewGuid(), name = round == 0 ? "Aanmelding" : "Tel", key = $"L{p:D4}", at }));
            }
        return events.OrderBy(e => e.At).Select(e => e.Event).ToList();
    }

    public static string WriteEvents(IEnumerable<object> events)
    {
        var path = Path.Combine(Path.GetTempPath(), $"verzuim-events-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, JsonSerializer.Serialize(events));
        return path;
    }

    public static Process Start(string connectionString, string eventsPath)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { WorkerDll, connectionString, Model, eventsPath }) info.ArgumentList.Add(a);
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        return process;
    }

    public static async Task RunToEndAsync(string connectionString, string eventsPath)
    {
        using var worker = Start(connectionString, eventsPath);
        var stderr = worker.StandardError.ReadToEndAsync();
        await worker.WaitForExitAsync();
        Assert.True(worker.ExitCode == 0, $"worker exited {worker.ExitCode}: {await stderr}");
    }

    /// <summary>Everything observable about each case, keyed by pupil: comparing two of these compares two runs.</summary>
    public static async Task<SortedDictionary<string, string>> SnapshotAsync(WorkflowStore store)
    {
        await using var db = store.CreateContext();
        var instances = await db.Instances.AsNoTracking().ToListAsync();
        var timeline = (await db.Timeline.AsNoTracking().ToListAsync()).ToLookup(t => t.InstanceId);
        var tasks = (await db.Tasks.AsNoTracking().ToListAsync()).ToLookup(t => t.InstanceId);
        var outbox = (await db.Outbox.AsNoTracking().ToListAsync()).ToLookup(o => o.InstanceId);
        var picture = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var i in instances)
        {
            var tokens = InstanceState.Deserialize(i.State).Tokens.Select(t => t.ElementId).Order();
            var history = timeline[i.Id].OrderBy(t => t.Sequence).Select(t => $"{t.Kind}:{t.ElementId}@{t.At:O}");
            picture[i.BusinessKey!] = string.Join("|", [
                i.Status.ToString(), i.Variables, string.Join(",", tokens),
                $"tasks={tasks[i.Id].Count()}", $"outbox={string.Join(",", outbox[i.Id].Select(o => o.Payload).Order())}",
                .. history]);
        }
        return picture;
    }
}
