using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Verzuim.Host.Notifications;
using Verzuim.Host.Tests.Api;
using Verzuim.Persistence;
using Verzuim.Workflows.Time;

namespace Verzuim.Host.Tests.Notifications;

/// <summary>
/// Assigning a task to a colleague and the notification mails, through the real SMTP server ./test.sh started (Exim):
/// the mail reaches the right person with the task's link and the pseudonymous pupil id only; someone without the
/// task's role at its school is refused in Dutch; each person's opt-out holds; digest and overdue mails come once.
/// Today (2026-12-03, a Thursday and a school day) with the shipped calendars.
/// </summary>
public sealed class TaskMailTests : IAsyncLifetime
{
    private const string School = "S-APD-01";
    private readonly VirtualClock _clock = new(DateTimeOffset.Parse("2026-12-03T05:30:00Z")); // 06:30 in Amsterdam, before the digest
    private readonly string _pupil = $"L-MAIL-{Guid.NewGuid().ToString("N")[..6].ToUpperInvariant()}";
    private VerzuimHost _host = null!;
    private HttpClient _system = null!, _karin = null!, _koen = null!, _bram = null!, _lpa = null!, _beheerder = null!;

    public async Task InitializeAsync()
    {
        var settings = TestMailbox.Settings();
        settings["Engine:WorkflowsPath"] = "workflows";
        // the step-1 watch task's kantelpunt timer would cancel it at its deadline; held back, the task stays open past it
        // as a task without an escalation does, which is what the overdue mail is for
        settings["Engine:TimerPollInterval"] = "01:00:00";
        _host = await VerzuimHost.StartAsync(settings: settings, services: s => s.Replace(ServiceDescriptor.Singleton<IClock>(_clock)));
        _system = await ApiSession.AsSystemAsync(_host);
        _karin = await ApiSession.AsUserAsync(_host, "kernteam-a");
        _koen = await ApiSession.AsUserAsync(_host, "kernteam-a2");
        _bram = await ApiSession.AsUserAsync(_host, "kernteam-b");
        _lpa = await ApiSession.AsUserAsync(_host, "lpa");
        _beheerder = await ApiSession.AsUserAsync(_host, "beheerder");
        // signing in is what makes a colleague known (with their address): each has used the werkbak once
        foreach (var client in new[] { _karin, _koen, _bram, _lpa }) (await client.GetAsync("/api/me")).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    /// <summary>Seed 003 (MAZL): the 4th sick report within 12 school weeks opens the Apeldoorn case; its step-1 tasks are for the zorgcoördinator.</summary>
    private async Task<Guid> OpenCaseAsync()
    {
        JsonObject? last = null;
        foreach (var day in new[] { "2026-11-12", "2026-11-19", "2026-11-26", "2026-12-03" })
            last = await ApiSession.PostMessageAsync(_system, "AbsentieGeregistreerd", new
            {
                berichtId = Guid.NewGuid(), leerlingId = _pupil, schoolId = School, tijdstip = $"{day}T06:00:00Z", datum = day, soort = "Ziek", uren = 6,
            });
        return Guid.Parse((string)last!["zaken"]![0]!);
    }

    private async Task<JsonObject> TaskAsync(HttpClient client, Guid caseId, string elementId) =>
        (await client.GetFromJsonAsync<JsonArray>("/api/tasks"))!.Select(t => t!.AsObject())
            .First(t => (string?)t["caseId"] == caseId.ToString() && (string?)t["elementId"] == elementId);

    private async Task<List<MailRecord>> OutboxAsync()
    {
        await using var db = _host.Services.GetRequiredService<WorkflowStore>().CreateContext();
        return await db.Mails.AsNoTracking().ToListAsync();
    }

    [Fact]
    public async Task A_task_assigned_to_a_colleague_with_the_role_is_theirs_and_mailed_to_them_with_the_link_and_no_other_pupil_data()
    {
        var caseId = await OpenCaseAsync();
        var task = await TaskAsync(_karin, caseId, "apd_stap1_interventies");
        var taskId = (string)task["id"]!;

        // who can get it: zorgcoördinator at the Apeldoorn school; not Bram (Groningen), not the LPA (no such role there), not Karin herself
        var colleagues = (await _karin.GetFromJsonAsync<JsonArray>($"/api/tasks/{taskId}/collegas"))!.Select(c => (string)c!["gebruiker"]!).ToList();
        Assert.Equal(["kernteam-a2"], colleagues);

        foreach (var (who, expected) in new[] { ("kernteam-b", "niet op Demo basisschool Apeldoorn"), ("lpa", "zorgcoordinator"), ("iemand-anders", "niet bekend") })
        {
            var refused = await _karin.PostAsJsonAsync($"/api/tasks/{taskId}/toewijzen", new { gebruiker = who });
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.Contains(expected, (string?)(await refused.Content.ReadFromJsonAsync<JsonObject>())!["detail"]);
        }
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await _karin.PostAsJsonAsync($"/api/tasks/{taskId}/toewijzen", new { })).StatusCode);

        var assigned = await _karin.PostAsJsonAsync($"/api/tasks/{taskId}/toewijzen", new { gebruiker = "kernteam-a2" });
        Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);
        Assert.Equal("kernteam-a2", (string?)(await assigned.Content.ReadFromJsonAsync<JsonObject>())!["geclaimdDoor"]);

        // Koen has it as his own; for Karin it is someone else's now (no claim, no second assignment)
        Assert.Contains((await _koen.GetFromJsonAsync<JsonArray>("/api/tasks?filter=mijn"))!, t => (string?)t!["id"] == taskId);
        Assert.DoesNotContain((await _karin.GetFromJsonAsync<JsonArray>("/api/tasks?filter=rol"))!, t => (string?)t!["id"] == taskId);
        Assert.Equal(HttpStatusCode.Conflict, (await _karin.PostAsync($"/api/tasks/{taskId}/claim", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await _karin.PostAsJsonAsync($"/api/tasks/{taskId}/toewijzen", new { gebruiker = "kernteam-a2" })).StatusCode);

        var audit = await _beheerder.GetFromJsonAsync<JsonArray>($"/api/audit?caseId={caseId}");
        var entry = Assert.Single(audit!, a => (string?)a!["actie"] == "taak-toegewezen")!;
        Assert.Equal("kernteam-a", (string?)entry["gebruiker"]);
        Assert.Contains("aan kernteam-a2", (string?)entry["detail"]);

        var mail = await TestMailbox.WaitForAsync("kernteam-a2", _pupil, "Taak aan u toegewezen");
        Assert.Equal(TestMailbox.AddressOf("kernteam-a2"), mail.To.Mailboxes.Single().Address);
        Assert.Equal("verzuim@verzuim-demo.example.org", mail.From.Mailboxes.Single().Address);
        Assert.Contains("Stap 1 De basis op orde", mail.Subject);
        var text = mail.TextBody;
        Assert.Contains($"https://werkbak.verzuim.example/taken?taak={taskId}", text);
        Assert.Contains($"https://werkbak.verzuim.example/zaken/{caseId}", text);
        Assert.Contains("Karin Kernteam", text); // who assigned it
        Assert.DoesNotMatch(new Regex(@"\b\d{9}\b"), text); // no BSN-shaped number
        Assert.DoesNotContain("Ziek", text); // nothing of the absences or the case's variables
        Assert.DoesNotContain("signalen", text);
        // Karin assigned it and is not told about her own assignment
        Assert.DoesNotContain(await OutboxAsync(), m => m.Kind == MailQueue.Assigned && m.UserName == "kernteam-a");
    }

    [Fact]
    public async Task New_tasks_are_mailed_to_whoever_holds_the_role_at_the_school_except_those_who_turned_notifications_off()
    {
        var off = await _koen.PutAsJsonAsync("/api/me/meldingen", new { meldingen = false, samenvatting = true });
        Assert.Equal(HttpStatusCode.OK, off.StatusCode);
        var settings = (await _koen.GetFromJsonAsync<JsonObject>("/api/me/meldingen"))!;
        Assert.False((bool)settings["meldingen"]!);
        Assert.True((bool)settings["samenvatting"]!);
        Assert.Equal(TestMailbox.AddressOf("kernteam-a2"), (string?)settings["email"]);
        Assert.True((bool)settings["mailAan"]!);

        var caseId = await OpenCaseAsync();
        var task = await TaskAsync(_karin, caseId, "apd_stap1_interventies");
        // every open task of the case is announced on its own (step 1 opens with the MAZL referral beside it)
        var mail = await TestMailbox.WaitForAsync("kernteam-a", _pupil, $"Nieuwe taak: {(string)task["naam"]!}");
        Assert.Contains("zorgcoordinator", mail.TextBody);
        Assert.Contains($"/taken?taak={(string)task["id"]!}", mail.TextBody);

        // Karin's new-task mails were queued in the same round as anyone else's would have been: Koen's never were
        var outbox = await OutboxAsync();
        Assert.Contains(outbox, m => m.Kind == MailQueue.New && m.UserName == "kernteam-a");
        Assert.DoesNotContain(outbox, m => m.Kind == MailQueue.New && m.UserName == "kernteam-a2");
        Assert.DoesNotContain(outbox, m => m.Kind == MailQueue.New && m.UserName is "kernteam-b" or "lpa"); // other school / other role

        // opted out of notifications, an assignment to Koen is not mailed either (it still is his)
        var assigned = await _karin.PostAsJsonAsync($"/api/tasks/{(string)task["id"]!}/toewijzen", new { gebruiker = "kernteam-a2" });
        Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);
        Assert.DoesNotContain(await OutboxAsync(), m => m.UserName == "kernteam-a2" && m.Kind != MailQueue.Digest);
        Assert.Empty(TestMailbox.For("kernteam-a2", _pupil).Where(m => !m.Subject.StartsWith("Dagoverzicht")));
    }

    [Fact]
    public async Task The_digest_comes_once_a_school_day_to_who_wants_it_and_an_overdue_task_is_announced_once()
    {
        Assert.Equal(HttpStatusCode.OK, (await _koen.PutAsJsonAsync("/api/me/meldingen", new { meldingen = true, samenvatting = false })).StatusCode);
        var caseId = await OpenCaseAsync();
        // recording the interventions starts the watch task: 3 school weeks for the school attendance to recover
        var interventions = (string)(await TaskAsync(_karin, caseId, "apd_stap1_interventies"))["id"]!;
        (await _karin.PostAsync($"/api/tasks/{interventions}/claim", null)).EnsureSuccessStatusCode();
        (await _karin.PostAsJsonAsync($"/api/tasks/{interventions}/complete", new { interventies = "gesprek met ouders en leerling", oudersBetrokken = true }))
            .EnsureSuccessStatusCode();
        var watch = await TaskAsync(_karin, caseId, "apd_stap1_bewaken");
        var notifier = _host.Services.GetRequiredService<TaskNotifier>();
        Assert.DoesNotContain(await OutboxAsync(), m => m.Kind == MailQueue.Digest); // 06:30: not yet
        _clock.Set(DateTimeOffset.Parse("2026-12-03T06:30:00Z")); // 07:30 in Amsterdam
        await notifier.RunOnceAsync(default);
        await notifier.RunOnceAsync(default);

        var digest = await TestMailbox.WaitForAsync("kernteam-a", _pupil, "Dagoverzicht");
        Assert.Contains("donderdag 3 december 2026", digest.TextBody);
        Assert.Contains($"/taken?taak={(string)watch["id"]!}", digest.TextBody);
        var outbox = await OutboxAsync();
        Assert.Single(outbox, m => m.Kind == MailQueue.Digest && m.UserName == "kernteam-a");
        Assert.DoesNotContain(outbox, m => m.Kind == MailQueue.Digest && m.UserName == "kernteam-a2"); // digest off, notifications on
        Assert.Contains(outbox, m => m.Kind == MailQueue.New && m.UserName == "kernteam-a2");

        // the watch task's deadline passes: one overdue mail per role holder (nobody has claimed it)
        Assert.DoesNotContain(outbox, m => m.Kind == MailQueue.Overdue);
        _clock.Set(DateTimeOffset.Parse((string)watch["deadline"]!).AddHours(1));
        await notifier.RunOnceAsync(default);
        await notifier.RunOnceAsync(default);
        var overdue = await TestMailbox.WaitForAsync("kernteam-a2", _pupil, "Termijn verstreken");
        Assert.Contains((string)watch["naam"]!, overdue.Subject);
        outbox = await OutboxAsync();
        Assert.Single(outbox, m => m.Kind == MailQueue.Overdue && m.UserName == "kernteam-a2");
        Assert.Single(outbox, m => m.Kind == MailQueue.Overdue && m.UserName == "kernteam-a");
    }
}
