using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Verzuim.Persistence;
using Verzuim.Workflows.Tests.Support;
using Xunit.Abstractions;

namespace Verzuim.Workflows.Tests.Durability;

public sealed class CrashRecoveryTests(ITestOutputHelper output)
{
    private const int Pupils = 1000;

    /// <summary>
    /// 1,000 cases, 4,000 interleaved events and 3,000 timer firings. The engine process is SIGKILLed at five
    /// random moments and started again on the same PostgreSQL database, then left to finish; the end state
    /// must equal a run that was never killed: same variables, tokens, tasks, published messages and history.
    /// </summary>
    [Fact]
    public async Task Killed_at_random_points_the_engine_resumes_to_exactly_the_crash_free_state()
    {
        var eventsPath = WorkerRun.WriteEvents(WorkerRun.Events(Pupils));
        var reference = await TestDatabase.CreateAsync("ref");
        var crashed = await TestDatabase.CreateAsync("crash");

        await WorkerRun.RunToEndAsync(reference.ConnectionString, eventsPath);

        var seed = Environment.TickCount;
        var random = new Random(seed);
        var kills = 0;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var worker = WorkerRun.Start(crashed.ConnectionString, eventsPath);
            await Task.WhenAny(worker.WaitForExitAsync(), Task.Delay(TimeSpan.FromMilliseconds(random.Next(2000, 9000))));
            if (worker.HasExited) break;
            worker.Kill(entireProcessTree: true); // SIGKILL: no finally blocks, no flushing, maybe mid-transaction
            await worker.WaitForExitAsync();
            kills++;
        }
        await WorkerRun.RunToEndAsync(crashed.ConnectionString, eventsPath);
        output.WriteLine($"seed {seed}: killed {kills} times");
        Assert.True(kills >= 3, $"only {kills} kills: the run was too short to test recovery");

        var expected = await WorkerRun.SnapshotAsync(reference);
        var actual = await WorkerRun.SnapshotAsync(crashed);
        Assert.Equal(Pupils, expected.Count);
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var key in expected.Keys) Assert.Equal(expected[key], actual[key]);

        // and the reference itself is right: three counts, three reminders, one task each
        var one = expected["L0042"];
        Assert.Contains("\"teller\":3", one);
        Assert.Contains("\"herinneringen\":3", one);
        Assert.Contains("tasks=1", one);
        await using var db = crashed.CreateContext();
        Assert.Equal((WorkerRun.Rounds + 1) * Pupils, await db.ProcessedMessages.CountAsync());
        Assert.Equal(WorkerRun.Rounds * Pupils, await db.Outbox.CountAsync());
    }
}
