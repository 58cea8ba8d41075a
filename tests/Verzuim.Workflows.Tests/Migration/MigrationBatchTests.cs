using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Verzuim.Persistence;
using Verzuim.Workflows.Migration;
using Verzuim.Workflows.Stores;
using Verzuim.Workflows.Tests.Durability;
using Verzuim.Workflows.Tests.Support;
using Xunit.Abstractions;

namespace Verzuim.Workflows.Tests.Migration;

/// <summary>
/// Durable migration batches on PostgreSQL, on the durability model (a receive-task loop beside a task with three daily
/// reminders, R3/P1D); version 2 reminds every two days (R3/P2D).
/// </summary>
public sealed class MigrationBatchTests(ITestOutputHelper output)
{
    private static readonly string V1 = File.ReadAllText(WorkerRun.Model);
    private static readonly string V2 = V1.Replace("R3/P1D", "R3/P2D");
    /// <summary>The task 'dossier' replaced by one of another id: a case whose token stands on it cannot migrate without a mapping.</summary>
    private static readonly string WithoutDossier = V1.Replace("\"dossier\"", "\"dossier_nieuw\"");

    [Fact]
    public async Task Killed_in_the_middle_of_a_batch_the_restarted_batch_migrates_every_case_exactly_once()
    {
        const int cases = 400;
        var h = await EngineHarness.CreateAsync();
        var v1 = (await h.Engine.DeployAsync(V1)).Single();
        var ids = new List<Guid>();
        for (var p = 0; p < cases; p++) ids.AddRange((await h.SendAsync("Aanmelding", $"L{p:D4}", new { leerlingId = $"L{p:D4}" })).InstanceIds);
        var v2 = (await h.Engine.DeployAsync(V2)).Single();
        var runner = new MigrationBatchRunner(h.Engine, new EfMigrationBatchStore(h.Store));
        var batch = await runner.StartAsync(await h.Engine.ProposeMigrationAsync(v1.DefinitionId, v2.DefinitionId), ids, "alle zaken van versie 1", "beheerder");

        using (var worker = StartWorker(h, batch.Id))
        {
            var migrated = 0;
            while (!worker.HasExited && (migrated = await CountAsync(h, batch.Id, MigrationCaseStatus.Migrated)) < 40) await Task.Delay(20);
            Assert.False(worker.HasExited, "the worker finished before it could be killed; the test proves nothing");
            worker.Kill(entireProcessTree: true); // SIGKILL, maybe in the middle of a case's transaction
            await worker.WaitForExitAsync();
            output.WriteLine($"killed after {migrated} cases");
        }
        var pending = await CountAsync(h, batch.Id, MigrationCaseStatus.Pending);
        Assert.InRange(pending, 1, cases - 40);

        using (var worker = StartWorker(h, batch.Id))
        {
            var stderr = worker.StandardError.ReadToEndAsync();
            await worker.WaitForExitAsync();
            Assert.True(worker.ExitCode == 0, await stderr);
        }

        await using var db = h.Store.CreateContext();
        var rows = await db.MigrationBatchCases.AsNoTracking().Where(c => c.BatchId == batch.Id).ToListAsync();
        Assert.Equal(cases, rows.Count);
        Assert.All(rows, r => Assert.Equal((MigrationCaseStatus.Migrated, 1), (r.Status, r.Attempts)));
        var instances = await db.Instances.AsNoTracking().Where(i => ids.Contains(i.Id)).ToListAsync();
        Assert.All(instances, i => Assert.Equal(2, i.DefinitionVersion));
        var audits = await db.Timeline.AsNoTracking().Where(t => t.Kind == TimelineKind.InstanceMigrated).GroupBy(t => t.InstanceId)
            .Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
        Assert.Equal(cases, audits.Count);
        Assert.All(audits, a => Assert.Equal(1, a.Count));
        // every reminder counts two days from the task's start now (R3/P2D, first firing), not one
        var reminders = await db.Subscriptions.AsNoTracking().Where(s => s.ElementId == "herinnering").ToListAsync();
        Assert.Equal(cases, reminders.Count);
        Assert.All(reminders, r => Assert.Equal(r.ActivatedAt!.Value.AddDays(2), r.DueAt));
        Assert.Equal(MigrationBatchStatus.Completed, (await db.MigrationBatches.AsNoTracking().SingleAsync(b => b.Id == batch.Id)).Status);
    }

    [Fact]
    public async Task A_paused_batch_stops_a_resumed_one_goes_on_and_a_cancelled_one_leaves_its_pending_cases_on_the_old_version()
    {
        var h = await EngineHarness.CreateAsync();
        var v1 = (await h.Engine.DeployAsync(V1)).Single();
        var ids = new List<Guid>();
        for (var p = 0; p < 5; p++) ids.AddRange((await h.SendAsync("Aanmelding", $"L{p}", new { leerlingId = $"L{p}" })).InstanceIds);
        var v2 = (await h.Engine.DeployAsync(V2)).Single();
        var runner = new MigrationBatchRunner(h.Engine, new EfMigrationBatchStore(h.Store));
        var batch = await runner.StartAsync(await h.Engine.ProposeMigrationAsync(v1.DefinitionId, v2.DefinitionId), ids, "geselecteerd: 5 zaken", "procesEigenaar");

        Assert.True(await runner.PauseAsync(batch.Id, "procesEigenaar"));
        Assert.Equal(0, await runner.RunAsync(batch.Id));
        Assert.False(await runner.PauseAsync(batch.Id, "procesEigenaar")); // already paused
        Assert.True(await runner.ResumeAsync(batch.Id, "procesEigenaar"));
        Assert.Equal(2, await runner.RunAsync(batch.Id, max: 2));
        Assert.True(await runner.CancelAsync(batch.Id, "beheerder"));
        Assert.Equal(0, await runner.RunAsync(batch.Id));

        var rows = await runner.Batches.CasesAsync(batch.Id);
        Assert.Equal(2, rows.Count(r => r.Status == MigrationCaseStatus.Migrated));
        var pending = rows.Where(r => r.Status == MigrationCaseStatus.Pending).Select(r => r.InstanceId).ToList();
        Assert.Equal(3, pending.Count);
        foreach (var id in pending) Assert.Equal(1, (await h.InstanceAsync(id)).DefinitionVersion);
        var stored = await runner.Batches.FindAsync(batch.Id);
        Assert.Equal((MigrationBatchStatus.Cancelled, "beheerder"), (stored!.Status, stored.ChangedBy));
    }

    [Fact]
    public async Task A_refused_case_fails_with_the_element_and_the_reason_the_others_migrate_and_a_retry_takes_it_once_it_can()
    {
        var h = await EngineHarness.CreateAsync();
        var v1 = (await h.Engine.DeployAsync(V1)).Single();
        var ids = new List<Guid>();
        for (var p = 0; p < 3; p++) ids.AddRange((await h.SendAsync("Aanmelding", $"L{p}", new { leerlingId = $"L{p}" })).InstanceIds);
        // the dossier of the first case is done: its token left the task the new version no longer has
        await h.Engine.CompleteTaskAsync(await h.TaskIdAsync(ids[0], "dossier"));
        var v3 = (await h.Engine.DeployAsync(WithoutDossier)).Single();
        var runner = new MigrationBatchRunner(h.Engine, new EfMigrationBatchStore(h.Store));
        var batch = await runner.StartAsync(await h.Engine.ProposeMigrationAsync(v1.DefinitionId, v3.DefinitionId), ids, "geselecteerd: 3 zaken", "procesEigenaar");

        Assert.Equal(3, await runner.RunAsync(batch.Id));
        var rows = (await runner.Batches.CasesAsync(batch.Id)).ToDictionary(r => r.InstanceId);
        Assert.Equal(MigrationCaseStatus.Migrated, rows[ids[0]].Status);
        foreach (var id in ids.Skip(1))
        {
            Assert.Equal(MigrationCaseStatus.Failed, rows[id].Status);
            Assert.StartsWith("dossier: Een token staat in 'dossier', dat geen mapping heeft naar de doelversie", rows[id].Error);
            Assert.Equal(1, (await h.InstanceAsync(id)).DefinitionVersion);
        }
        Assert.Equal(MigrationBatchStatus.Completed, (await runner.Batches.FindAsync(batch.Id))!.Status);

        await h.Engine.CompleteTaskAsync(await h.TaskIdAsync(ids[1], "dossier"));
        Assert.Equal(2, await runner.RetryAsync(batch.Id, null, "procesEigenaar"));
        Assert.Equal(2, await runner.RunAsync(batch.Id));
        rows = (await runner.Batches.CasesAsync(batch.Id)).ToDictionary(r => r.InstanceId);
        Assert.Equal((MigrationCaseStatus.Migrated, 2), (rows[ids[1]].Status, rows[ids[1]].Attempts));
        Assert.Equal((MigrationCaseStatus.Failed, 2), (rows[ids[2]].Status, rows[ids[2]].Attempts));
        Assert.Equal(2, (await h.InstanceAsync(ids[1])).DefinitionVersion);
    }

    private static Process StartWorker(EngineHarness h, Guid batchId)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "Verzuim.Workflows.Worker.dll"), "migrate", h.Store.ConnectionString, batchId.ToString(), h.Clock.UtcNow.ToString("O") })
            info.ArgumentList.Add(a);
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        return process;
    }

    private static async Task<int> CountAsync(EngineHarness h, Guid batchId, MigrationCaseStatus status)
    {
        await using var db = h.Store.CreateContext();
        return await db.MigrationBatchCases.CountAsync(c => c.BatchId == batchId && c.Status == status);
    }
}
