using Microsoft.EntityFrameworkCore;
using Verzuim.Persistence;
using Verzuim.Workflows.Stores;
using Verzuim.Workflows.Tests.Support;

namespace Verzuim.Workflows.Tests.Durability;

public sealed class ConcurrentHostsTests
{
    private const int Pupils = 300;

    /// <summary>
    /// Two engine processes on one database, each given every other event, so the events of one case arrive
    /// at both processes interleaved (a count may even arrive before its case is opened), and both fire
    /// timers. No update may be lost and no timer may fire twice.
    /// </summary>
    [Fact]
    public async Task Two_engine_processes_on_one_database_lose_no_update_and_fire_each_timer_once()
    {
        var events = WorkerRun.Events(Pupils);
        var even = WorkerRun.WriteEvents(events.Where((_, i) => i % 2 == 0));
        var odd = WorkerRun.WriteEvents(events.Where((_, i) => i % 2 == 1));
        var store = await TestDatabase.CreateAsync("duo");

        await Task.WhenAll(WorkerRun.RunToEndAsync(store.ConnectionString, even), WorkerRun.RunToEndAsync(store.ConnectionString, odd));

        await using var db = store.CreateContext();
        var instances = await db.Instances.AsNoTracking().ToListAsync();
        Assert.Equal(Pupils, instances.Count);
        Assert.All(instances, i => Assert.Contains($"\"teller\":{WorkerRun.Rounds}", i.Variables));
        Assert.All(instances, i => Assert.Contains("\"herinneringen\":3", i.Variables));
        var fired = await db.Timeline.Where(t => t.Kind == TimelineKind.TimerFired).GroupBy(t => t.InstanceId).Select(g => g.Count()).ToListAsync();
        Assert.Equal(Enumerable.Repeat(3, Pupils), fired);
        Assert.Equal(WorkerRun.Rounds * Pupils, await db.Outbox.CountAsync());
        Assert.Equal(Pupils, await db.Tasks.CountAsync());
        Assert.Equal((WorkerRun.Rounds + 1) * Pupils, await db.ProcessedMessages.CountAsync());
        Assert.Equal(0, await db.BufferedMessages.CountAsync());
        Assert.Equal(0, await db.Incidents.CountAsync());
    }
}
