using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Verzuim.Host.Audit;
using Verzuim.Host.Privacy;
using Verzuim.Persistence;
using Verzuim.Workflows.Runtime;
using Verzuim.Workflows.Stores;
using static Verzuim.Workflows.Tests.Support.Bpmn;

namespace Verzuim.Host.Tests.Privacy;

/// <summary>Each kind of data is deleted after its term (defaults: closed cases 1 year, absences 2 years, processed ids 30 days, buffered messages at their TTL), and every purge is audited.</summary>
public sealed class RetentionTests : IAsyncLifetime
{
    private static readonly string Model = Process("kort", """<bpmn:startEvent id="s"/><bpmn:endEvent id="e"/>""" + Flows("s", "e"));
    private static readonly string OpenModel = Process("lang", """<bpmn:startEvent id="s"/><bpmn:userTask id="t"/><bpmn:endEvent id="e"/>""" + Flows("s", "t", "e"));

    private VerzuimHost _host = null!;

    // the job does not run by itself here: the test runs one purge and looks at what is left
    public async Task InitializeAsync() => _host = await VerzuimHost.StartAsync(settings: new Dictionary<string, string?> { ["Bewaartermijnen:Aan"] = "false" });

    public Task DisposeAsync() => _host.DisposeAsync().AsTask();

    [Fact]
    public async Task Data_past_its_term_is_deleted_data_within_it_is_kept_and_each_purge_is_audited()
    {
        var engine = _host.Services.GetRequiredService<WorkflowEngine>();
        var store = _host.Services.GetRequiredService<WorkflowStore>();
        await engine.DeployAsync(Model);
        await engine.DeployAsync(OpenModel);
        Task<Guid> Start(string process, string pupil) =>
            engine.StartAsync(process, new JsonObject { ["leerlingId"] = pupil, ["schoolId"] = "S-APD-01" }, pupil);
        var closedLongAgo = await Start("kort", "L-OUD");       // closed 400 days ago: past the year
        var closedRecently = await Start("kort", "L-RECENT");   // closed 100 days ago: kept
        var running = await Start("lang", "L-LOOPT");           // open for 800 days: never purged while open
        var now = DateTimeOffset.UtcNow;
        await using (var db = store.CreateContext())
        {
            await db.Instances.Where(i => i.Id == closedLongAgo).ExecuteUpdateAsync(s => s.SetProperty(i => i.EndedAt, now.AddDays(-400)));
            await db.Instances.Where(i => i.Id == closedRecently).ExecuteUpdateAsync(s => s.SetProperty(i => i.EndedAt, now.AddDays(-100)));
            await db.Instances.Where(i => i.Id == running).ExecuteUpdateAsync(s => s.SetProperty(i => i.StartedAt, now.AddDays(-800)));
            db.AttendanceEntries.AddRange(
                new AttendanceEntryRecord { MessageId = Guid.NewGuid(), LeerlingId = "L-OUD", SchoolId = "S-APD-01", Datum = DateOnly.FromDateTime(now.AddDays(-800).UtcDateTime), Soort = "Ziek", RecordedAt = now.AddDays(-800) },
                new AttendanceEntryRecord { MessageId = Guid.NewGuid(), LeerlingId = "L-RECENT", SchoolId = "S-APD-01", Datum = DateOnly.FromDateTime(now.AddDays(-800).UtcDateTime), Soort = "Ziek", RecordedAt = now.AddDays(-400) });
            db.BufferedMessages.AddRange(
                new BufferedMessageRecord { MessageId = Guid.NewGuid(), MessageName = "GesprekGehouden", CorrelationKey = "L-OUD", Payload = "{}", ReceivedAt = now.AddDays(-2), ExpiresAt = now.AddDays(-1) },
                new BufferedMessageRecord { MessageId = Guid.NewGuid(), MessageName = "GesprekGehouden", CorrelationKey = "L-RECENT", Payload = "{}", ReceivedAt = now, ExpiresAt = now.AddDays(1) });
            db.CaseNotes.AddRange(
                new CaseNoteRecord { Id = Guid.NewGuid(), CaseId = closedLongAgo, Text = "oude notitie", Author = "kernteam-a", CreatedAt = now.AddDays(-500) },
                new CaseNoteRecord { Id = Guid.NewGuid(), CaseId = closedRecently, Text = "recente notitie", Author = "kernteam-a", CreatedAt = now.AddDays(-200) });
            db.ProcessedMessages.AddRange(
                new ProcessedMessageRecord { MessageId = Guid.NewGuid(), MessageName = "GesprekGehouden", ProcessedAt = now.AddDays(-40), Outcome = "Unmatched" },
                new ProcessedMessageRecord { MessageId = Guid.NewGuid(), MessageName = "GesprekGehouden", ProcessedAt = now.AddDays(-1), Outcome = "Unmatched" });
            // handled 40 days ago: past the 30 days; handled yesterday: kept; open for 400 days: kept until the beheerder handles it
            db.ErrorMessages.AddRange(
                new ErrorMessageRecord { Id = Guid.NewGuid(), MessageType = "GesprekGehouden", Reason = "oud, afgehandeld", FailedAt = now.AddDays(-41), ReceivedAt = now.AddDays(-41),
                    Status = ErrorMessageStatus.Discarded, HandledAt = now.AddDays(-40), HandledBy = "beheerder" },
                new ErrorMessageRecord { Id = Guid.NewGuid(), MessageType = "GesprekGehouden", Reason = "recent, afgehandeld", FailedAt = now.AddDays(-2), ReceivedAt = now.AddDays(-2),
                    Status = ErrorMessageStatus.Replayed, HandledAt = now.AddDays(-1), HandledBy = "beheerder" },
                new ErrorMessageRecord { Id = Guid.NewGuid(), MessageType = "GesprekGehouden", Reason = "oud, open", FailedAt = now.AddDays(-400), ReceivedAt = now.AddDays(-400),
                    Status = ErrorMessageStatus.Open });
            await db.SaveChangesAsync();
        }

        var counts = await _host.Services.GetRequiredService<RetentionJob>().PurgeAsync(default);

        Assert.NotNull(counts);
        Assert.Equal((1, 1, 1, 1, 1), (counts!["geslotenZaken"], counts["absenties"], counts["gebufferdeBerichten"], counts["verwerkteBerichten"], counts["afgehandeldeFoutberichten"]));
        await using var check = store.CreateContext();
        var left = await check.Instances.Select(i => i.Id).ToListAsync();
        Assert.DoesNotContain(closedLongAgo, left);
        Assert.Contains(closedRecently, left);
        Assert.Contains(running, left);
        Assert.False(await check.Timeline.AnyAsync(t => t.InstanceId == closedLongAgo));
        Assert.True(await check.Timeline.AnyAsync(t => t.InstanceId == closedRecently));
        Assert.Equal(["recente notitie"], await check.CaseNotes.Where(n => n.CaseId == closedLongAgo || n.CaseId == closedRecently).Select(n => n.Text).ToListAsync());
        // only this test's pupils: a message of another test may reach this host's store meanwhile (recorded now, so kept)
        string[] ours = ["L-OUD", "L-RECENT"];
        Assert.Equal(["L-RECENT"], await check.AttendanceEntries.Where(e => ours.Contains(e.LeerlingId)).Select(e => e.LeerlingId).ToListAsync());
        Assert.Equal(["L-RECENT"], await check.BufferedMessages.Where(b => ours.Contains(b.CorrelationKey!)).Select(b => b.CorrelationKey).ToListAsync());
        Assert.False(await check.ProcessedMessages.AnyAsync(p => p.ProcessedAt < now.AddDays(-30)));
        Assert.True(await check.ProcessedMessages.AnyAsync(p => p.ProcessedAt > now.AddDays(-2)));
        string[] reasons = ["oud, afgehandeld", "recent, afgehandeld", "oud, open"]; // another test's message may fail here too
        Assert.Equal(["oud, open", "recent, afgehandeld"], await check.ErrorMessages.Where(m => reasons.Contains(m.Reason)).Select(m => m.Reason).OrderBy(r => r).ToListAsync());

        var audit = await check.AuditLog.Where(a => a.Action == AuditLog.RetentionPurged).ToListAsync();
        Assert.Contains(audit, a => a.CaseId == closedLongAgo && a.User == RetentionJob.Actor && a.Result == AuditLog.Succeeded);
        Assert.DoesNotContain(audit, a => a.CaseId == closedRecently);
        Assert.Contains(audit, a => a.CaseId == null && a.Detail!.Contains("gesloten zaken 1"));
    }
}
