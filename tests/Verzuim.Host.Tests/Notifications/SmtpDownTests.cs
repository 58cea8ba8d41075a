using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Serilog.Core;
using Serilog.Events;
using Verzuim.Host.Notifications;
using Verzuim.Host.Tests.Api;
using Verzuim.Persistence;
using Verzuim.Workflows.Time;

namespace Verzuim.Host.Tests.Notifications;

/// <summary>
/// The SMTP server is down when a task is assigned: the assignment succeeds, the mail waits in the outbox with its
/// error and is retried, each failure one warning in the log; when the server is back the mail arrives, once. The
/// host answers throughout.
/// </summary>
[Collection(LogCaptureCollection.Name)]
public sealed class SmtpDownTests : IAsyncLifetime
{
    private readonly LogEvents _log = new();
    private readonly string _pupil = $"L-SMTP-{Guid.NewGuid().ToString("N")[..6].ToUpperInvariant()}";
    private SmtpGate _gate = null!;
    private VerzuimHost _host = null!;

    public async Task InitializeAsync()
    {
        _gate = new SmtpGate(TestMailbox.SmtpPort); // closed: connections are refused
        var settings = TestMailbox.Settings(_gate.Port);
        settings["Engine:WorkflowsPath"] = "workflows";
        settings["Meldingen:SamenvattingVanaf"] = "23:59";
        var clock = new VirtualClock(DateTimeOffset.Parse("2026-12-03T08:00:00Z"));
        _host = await VerzuimHost.StartAsync(settings: settings, services: s =>
        {
            s.Replace(ServiceDescriptor.Singleton<IClock>(clock));
            s.AddSingleton<ILogEventSink>(_log); // Serilog reads its sinks from the services too
        });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _gate.DisposeAsync();
    }

    [Fact]
    public async Task A_mail_that_could_not_be_sent_is_retried_and_arrives_once_the_server_is_back()
    {
        var system = await ApiSession.AsSystemAsync(_host);
        var karin = await ApiSession.AsUserAsync(_host, "kernteam-a");
        var koen = await ApiSession.AsUserAsync(_host, "kernteam-a2");
        (await koen.GetAsync("/api/me")).EnsureSuccessStatusCode();
        (await koen.PutAsJsonAsync("/api/me/meldingen", new { meldingen = true, samenvatting = false })).EnsureSuccessStatusCode();
        JsonObject? last = null;
        foreach (var day in new[] { "2026-11-12", "2026-11-19", "2026-11-26", "2026-12-03" })
            last = await ApiSession.PostMessageAsync(system, "AbsentieGeregistreerd", new
            {
                berichtId = Guid.NewGuid(), leerlingId = _pupil, schoolId = "S-APD-01", tijdstip = $"{day}T06:00:00Z", datum = day, soort = "Ziek", uren = 6,
            });
        var caseId = (string)last!["zaken"]![0]!;
        var task = (await karin.GetFromJsonAsync<JsonArray>("/api/tasks"))!.First(t => (string?)t!["caseId"] == caseId && (string?)t["elementId"] == "apd_stap1_interventies")!;

        var assigned = await karin.PostAsJsonAsync($"/api/tasks/{(string)task["id"]!}/toewijzen", new { gebruiker = "kernteam-a2" });
        Assert.Equal(HttpStatusCode.OK, assigned.StatusCode); // the assignment does not wait for the mail

        var store = _host.Services.GetRequiredService<WorkflowStore>();
        async Task<MailRecord> Row()
        {
            await using var db = store.CreateContext();
            return await db.Mails.AsNoTracking().SingleAsync(m => m.Kind == MailQueue.Assigned && m.UserName == "kernteam-a2");
        }
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await Row()).Attempts < 2 && DateTime.UtcNow < deadline) await Task.Delay(200);
        var failing = await Row();
        Assert.True(failing.Attempts >= 2, $"retried: {failing.Attempts} attempts");
        Assert.Null(failing.SentAt);
        Assert.False(string.IsNullOrEmpty(failing.LastError));
        Assert.Empty(TestMailbox.For("kernteam-a2", _pupil)); // nothing got through, not even the new-task mails
        // a failed send is a warning (no error, no stack trace): the mail is kept and retried
        Assert.Contains(_log.Events, e => e.Level == LogEventLevel.Warning && e.RenderMessage().Contains("to \"kernteam-a2\" not sent (attempt"));
        Assert.DoesNotContain(_log.Events, e => e.Level >= LogEventLevel.Error && e.RenderMessage().Contains("mail", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(HttpStatusCode.OK, (await karin.GetAsync("/api/tasks")).StatusCode); // the host works on

        _gate.Open();
        var mail = await TestMailbox.WaitForAsync("kernteam-a2", _pupil, "Taak aan u toegewezen");
        Assert.Contains(_pupil, mail.Subject);
        deadline = DateTime.UtcNow.AddSeconds(10);
        while ((await Row()).SentAt is null && DateTime.UtcNow < deadline) await Task.Delay(200);
        Assert.NotNull((await Row()).SentAt);
        await Task.Delay(1500); // a few more rounds: it is not sent again
        Assert.Single(TestMailbox.For("kernteam-a2", _pupil), m => m.Subject.StartsWith("Taak aan u toegewezen"));
    }

    private sealed class LogEvents : ILogEventSink
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<LogEvent> _events = new();
        public IReadOnlyCollection<LogEvent> Events => _events;
        public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);
    }
}
