using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MimeKit;
using Verzuim.Host.Tests.Api;
using Verzuim.Persistence;
using Verzuim.Workflows.Time;

namespace Verzuim.Host.Tests.Notifications;

/// <summary>
/// Without an SMTP server: with Meldingen:OphaalMap each mail is written as an .eml file into that folder; with
/// neither (the embedded default) mail is off, nothing is queued, and assigning works all the same.
/// </summary>
public sealed class MailWithoutSmtpTests
{
    private static async Task<(VerzuimHost Host, HttpClient Karin, string TaskId, string Pupil)> AssignAsync(Dictionary<string, string?> mail)
    {
        var settings = new Dictionary<string, string?>(mail) { ["Engine:WorkflowsPath"] = "workflows", ["Meldingen:SamenvattingVanaf"] = "23:59" };
        var clock = new VirtualClock(DateTimeOffset.Parse("2026-12-03T08:00:00Z"));
        var host = await VerzuimHost.StartAsync(settings: settings, services: s => s.Replace(ServiceDescriptor.Singleton<IClock>(clock)));
        var system = await ApiSession.AsSystemAsync(host);
        var karin = await ApiSession.AsUserAsync(host, "kernteam-a");
        var koen = await ApiSession.AsUserAsync(host, "kernteam-a2");
        (await koen.GetAsync("/api/me")).EnsureSuccessStatusCode();
        (await koen.PutAsJsonAsync("/api/me/meldingen", new { meldingen = true, samenvatting = false })).EnsureSuccessStatusCode();
        var pupil = $"L-OPH-{Guid.NewGuid().ToString("N")[..6].ToUpperInvariant()}";
        JsonObject? last = null;
        foreach (var day in new[] { "2026-11-12", "2026-11-19", "2026-11-26", "2026-12-03" })
            last = await ApiSession.PostMessageAsync(system, "AbsentieGeregistreerd", new
            {
                berichtId = Guid.NewGuid(), leerlingId = pupil, schoolId = "S-APD-01", tijdstip = $"{day}T06:00:00Z", datum = day, soort = "Ziek", uren = 6,
            });
        var caseId = (string)last!["zaken"]![0]!;
        var task = (await karin.GetFromJsonAsync<JsonArray>("/api/tasks"))!.First(t => (string?)t!["caseId"] == caseId && (string?)t["elementId"] == "apd_stap1_interventies")!;
        var taskId = (string)task["id"]!;
        var assigned = await karin.PostAsJsonAsync($"/api/tasks/{taskId}/toewijzen", new { gebruiker = "kernteam-a2" });
        Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);
        return (host, karin, taskId, pupil);
    }

    [Fact]
    public async Task With_a_pickup_folder_each_mail_is_written_there_as_a_complete_message()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"verzuim-ophaalmap-{Guid.NewGuid():N}");
        try
        {
            var (host, _, taskId, pupil) = await AssignAsync(new() { ["Meldingen:OphaalMap"] = folder, ["Meldingen:Interval"] = "00:00:00.200" });
            await using var _ = host;
            MimeMessage? mail = null;
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (mail is null && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
                mail = (Directory.Exists(folder) ? Directory.GetFiles(folder, "*.eml") : []).Select(f => MimeMessage.Load(f))
                    .FirstOrDefault(m => m.Subject.StartsWith("Taak aan u toegewezen") && m.Subject.Contains(pupil));
            }
            Assert.NotNull(mail);
            Assert.Equal(TestMailbox.AddressOf("kernteam-a2"), mail.To.Mailboxes.Single().Address);
            Assert.Contains($"/taken?taak={taskId}", mail.TextBody);
            Assert.Empty(Directory.GetFiles(folder, "*.tmp")); // written whole, then moved into place
        }
        finally { if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public async Task Without_SMTP_or_pickup_folder_mail_is_off_nothing_is_queued_and_assigning_still_works()
    {
        var (host, karin, taskId, _) = await AssignAsync(new());
        await using var _ = host;
        var settings = (await karin.GetFromJsonAsync<JsonObject>("/api/me/meldingen"))!;
        Assert.False((bool)settings["mailAan"]!);
        var koen = await ApiSession.AsUserAsync(host, "kernteam-a2");
        Assert.Contains((await koen.GetFromJsonAsync<JsonArray>("/api/tasks?filter=mijn"))!,
            t => (string?)t!["id"] == taskId);
        await Task.Delay(500);
        await using var db = host.Services.GetRequiredService<WorkflowStore>().CreateContext();
        Assert.Equal(0, await db.Mails.CountAsync());
    }

    [Fact]
    public async Task Sent_mails_leave_the_outbox_after_the_retention_term_unsent_ones_stay()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"verzuim-ophaalmap-{Guid.NewGuid():N}");
        try
        {
            await using var host = await VerzuimHost.StartAsync(settings: new Dictionary<string, string?> { ["Meldingen:OphaalMap"] = folder, ["Meldingen:Interval"] = "01:00:00" });
            var store = host.Services.GetRequiredService<WorkflowStore>();
            var now = DateTimeOffset.UtcNow;
            MailRecord Row(string key, DateTimeOffset? sent) => new()
            {
                Id = Guid.NewGuid(), Key = key, Kind = "achterstallig", UserName = "kernteam-a", ToAddress = TestMailbox.AddressOf("kernteam-a"),
                Subject = "Termijn verstreken", Body = "tekst", CreatedAt = now.AddDays(-40), NextAttemptAt = now.AddDays(1), SentAt = sent,
            };
            await using (var db = store.CreateContext())
            {
                db.Mails.AddRange(Row("oud-verzonden", now.AddDays(-31)), Row("recent-verzonden", now.AddDays(-29)), Row("oud-niet-verzonden", null));
                await db.SaveChangesAsync();
            }
            Assert.Equal(1, await host.Services.GetRequiredService<Verzuim.Host.Notifications.MailSender>().PurgeSentAsync(default)); // 30 days by default
            await using (var db = store.CreateContext())
                Assert.Equal(["oud-niet-verzonden", "recent-verzonden"], await db.Mails.Select(m => m.Key).OrderBy(k => k).ToListAsync());
        }
        finally { if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true); }
    }
}
