using Microsoft.EntityFrameworkCore;
using Verzuim.Persistence.Management;
using Verzuim.Workflows.Stores;
using Verzuim.Workflows.Tests.Support;
using static Verzuim.Workflows.Tests.Support.Bpmn;

namespace Verzuim.Workflows.Tests.Engine;

/// <summary>
/// The engine's purge command for retention (on PostgreSQL): a closed case goes with the sub-case it called and
/// everything the engine kept of both; an open case, its sub-case and its waits stay, even when asked for; nothing is
/// deleted until the caller's unit of work commits.
/// </summary>
public sealed class EnginePurgeTests
{
    private static readonly string Sub = Process("sub", $"""<bpmn:startEvent id="s"/><bpmn:userTask id="subtaak"/><bpmn:endEvent id="e"/>{Flows("s", "subtaak", "e")}""");

    private static readonly string Waiting = Process("wacht", $"""
        <bpmn:startEvent id="s"/><bpmn:intermediateCatchEvent id="w">{MessageRef("Antwoord")}</bpmn:intermediateCatchEvent><bpmn:endEvent id="e"/>
        {Flows("s", "w", "e")}
        """, "Antwoord:leerlingId");

    [Fact]
    public async Task A_closed_case_goes_with_its_sub_case_and_everything_kept_of_it_an_open_case_stays()
    {
        var h = await EngineHarness.CreateAsync();
        await h.Engine.DeployAsync(Sub);
        await h.Engine.DeployAsync(Process("hoofd", $"""
            <bpmn:startEvent id="s"/><bpmn:callActivity id="roep" calledElement="sub"/><bpmn:userTask id="afronden"/><bpmn:endEvent id="e"/>
            {Flows("s", "roep", "afronden", "e")}
            """));
        await h.Engine.DeployAsync(Waiting);
        var closed = await h.Engine.StartAsync("hoofd", new() { ["leerlingId"] = "L-1" }, "L-1");
        var closedSub = (await h.OpenTasksAsync()).Single().InstanceId;
        await h.Engine.CompleteTaskAsync(await h.TaskIdAsync(closedSub, "subtaak"));
        await h.Engine.CompleteTaskAsync(await h.TaskIdAsync(closed, "afronden"));
        var open = await h.Engine.StartAsync("hoofd", new() { ["leerlingId"] = "L-2" }, "L-2");
        var openSub = (await h.OpenTasksAsync()).Single().InstanceId;
        var waiting = await h.Engine.StartAsync("wacht", new() { ["leerlingId"] = "L-3" }, "L-3");
        Assert.Equal(InstanceStatus.Completed, (await h.InstanceAsync(closed)).Status);
        var purge = new EfEnginePurge();
        await using (var db = h.Store.CreateContext())
        {
            // a migration batch that moved both the closed and the open case: its row of the closed case names its tasks
            var batch = Guid.NewGuid();
            db.MigrationBatches.Add(new MigrationBatchRecord
            {
                Id = batch, ProcessId = "hoofd", Plan = "{}", Selection = "geselecteerd: 2 zaken", CreatedBy = "procesEigenaar",
                Status = MigrationBatchStatus.Completed, CreatedAt = h.Clock.UtcNow, UpdatedAt = h.Clock.UtcNow,
            });
            db.MigrationBatchCases.AddRange(
                new MigrationBatchCaseRecord { BatchId = batch, InstanceId = closed, Status = MigrationCaseStatus.Migrated, Result = "{}" },
                new MigrationBatchCaseRecord { BatchId = batch, InstanceId = open, Status = MigrationCaseStatus.Migrated, Result = "{}" });
            await db.SaveChangesAsync();
        }

        await using (var unit = await h.Store.BeginAsync())
        {
            var found = await purge.ClosedCasesAsync(unit, h.Clock.UtcNow.AddSeconds(1));
            Assert.Equal([closed], found.Select(c => c.Id)); // the closed sub-case is part of its case, not a case of its own
            Assert.Empty(await purge.ClosedCasesAsync(unit, h.Clock.UtcNow.AddDays(-1))); // ended after that moment: within its term
            Assert.Equal([closed], await purge.PurgeCasesAsync(unit, [closed, open, waiting]));
        } // not committed: rolled back
        Assert.Equal(5, await CountAsync(h, db => db.Instances));

        await using (var unit = await h.Store.BeginAsync())
        {
            Assert.Equal([closed], await purge.PurgeCasesAsync(unit, [closed, open, waiting]));
            await unit.CommitAsync();
        }

        Guid[] gone = [closed, closedSub];
        await using var check = h.Store.CreateContext();
        Assert.Equal(new[] { open, openSub, waiting }.Order(), (await check.Instances.Select(i => i.Id).ToListAsync()).Order());
        Assert.False(await check.Tasks.AnyAsync(t => gone.Contains(t.InstanceId)));
        Assert.False(await check.Timeline.AnyAsync(t => gone.Contains(t.InstanceId)));
        Assert.True(await check.Tasks.AnyAsync(t => t.InstanceId == openSub && t.Status == WorkTaskStatus.Open));
        Assert.True(await check.Timeline.AnyAsync(t => t.InstanceId == open));
        Assert.True(await check.Subscriptions.AnyAsync(s => s.InstanceId == waiting && s.MessageName == "Antwoord"));
        Assert.Equal([open], await check.MigrationBatchCases.Select(c => c.InstanceId).ToListAsync());
    }

    private static async Task<int> CountAsync(EngineHarness h, Func<Persistence.WorkflowDbContext, IQueryable<object>> rows)
    {
        await using var db = h.Store.CreateContext();
        return await rows(db).CountAsync();
    }
}
