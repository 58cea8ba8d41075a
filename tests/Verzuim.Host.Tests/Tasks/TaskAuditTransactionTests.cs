using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Verzuim.Host.Tests.Api;
using Verzuim.Host.Tests.Notifications;
using Verzuim.Persistence;
using Verzuim.Workflows.Stores;
using Verzuim.Workflows.Tests.Support;
using Verzuim.Workflows.Time;

namespace Verzuim.Host.Tests.Tasks;

/// <summary>
/// Claiming, giving back and assigning a task commit together with their audit entry (and an assignment with the
/// colleague's mail), on PostgreSQL: while the database refuses the audit entry, the change is refused too and the
/// task stays as it was; once it accepts entries again, the change and its entry are both there. Today (2026-12-03)
/// with the shipped calendars and the Apeldoorn model.
/// </summary>
public sealed class TaskAuditTransactionTests : IAsyncLifetime
{
    private const string School = "S-APD-01";
    private readonly VirtualClock _clock = new(DateTimeOffset.Parse("2026-12-03T09:30:00Z"));
    private readonly string _pupil = $"L-TX-{Guid.NewGuid().ToString("N")[..6].ToUpperInvariant()}";
    private string _connectionString = null!;
    private VerzuimHost _host = null!;
    private HttpClient _system = null!, _karin = null!, _koen = null!;

    public async Task InitializeAsync()
    {
        _connectionString = await TestDatabase.CreateEmptyAsync("host");
        var settings = TestMailbox.Settings();
        settings["Engine:WorkflowsPath"] = "workflows";
        settings["Engine:TimerPollInterval"] = "01:00:00"; // the task stays open, as it does for days
        _host = await VerzuimHost.StartAsync(_connectionString, settings: settings, services: s => s.Replace(ServiceDescriptor.Singleton<IClock>(_clock)));
        _system = await ApiSession.AsSystemAsync(_host);
        _karin = await ApiSession.AsUserAsync(_host, "kernteam-a");
        _koen = await ApiSession.AsUserAsync(_host, "kernteam-a2");
        foreach (var client in new[] { _karin, _koen }) (await client.GetAsync("/api/me")).EnsureSuccessStatusCode(); // known colleagues
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_claim_an_unclaim_and_an_assignment_whose_audit_entry_is_refused_change_nothing()
    {
        var taskId = await OpenTaskAsync();

        await RefuseTaskAuditAsync(true);
        Assert.False((await _karin.PostAsync($"/api/tasks/{taskId}/claim", null)).IsSuccessStatusCode);
        Assert.Null(await ClaimedByAsync(taskId));
        Assert.False((await _karin.PostAsJsonAsync($"/api/tasks/{taskId}/toewijzen", new { gebruiker = "kernteam-a2" })).IsSuccessStatusCode);
        Assert.Null(await ClaimedByAsync(taskId));
        Assert.DoesNotContain(await MailsAsync(), m => m.Kind == "toegewezen"); // the mail went with the refused assignment

        await RefuseTaskAuditAsync(false);
        Assert.Equal(HttpStatusCode.OK, (await _karin.PostAsync($"/api/tasks/{taskId}/claim", null)).StatusCode);
        Assert.Equal("kernteam-a", await ClaimedByAsync(taskId));

        await RefuseTaskAuditAsync(true);
        Assert.False((await _karin.PostAsync($"/api/tasks/{taskId}/unclaim", null)).IsSuccessStatusCode);
        Assert.Equal("kernteam-a", await ClaimedByAsync(taskId)); // still hers: giving it back did not happen without its entry

        await RefuseTaskAuditAsync(false);
        Assert.Equal(HttpStatusCode.OK, (await _karin.PostAsJsonAsync($"/api/tasks/{taskId}/toewijzen", new { gebruiker = "kernteam-a2" })).StatusCode);
        Assert.Equal("kernteam-a2", await ClaimedByAsync(taskId));
        Assert.Single(await MailsAsync(), m => m.Kind == "toegewezen" && m.UserName == "kernteam-a2");

        // exactly the changes that happened have an entry: one claim and one assignment, no unclaim
        var entries = await AuditAsync();
        Assert.Single(entries, a => a.Action == "taak-geclaimd" && a.User == "kernteam-a" && a.LeerlingId == _pupil);
        Assert.Single(entries, a => a.Action == "taak-toegewezen" && a.Detail!.EndsWith("aan kernteam-a2", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, a => a.Action == "taak-teruggegeven");
    }

    /// <summary>Seed 003 (MAZL): the 4th sick report within 12 school weeks opens the Apeldoorn case; its step-1 tasks are the zorgcoördinator's.</summary>
    private async Task<string> OpenTaskAsync()
    {
        JsonObject? last = null;
        foreach (var day in new[] { "2026-11-12", "2026-11-19", "2026-11-26", "2026-12-03" })
            last = await ApiSession.PostMessageAsync(_system, "AbsentieGeregistreerd", new
            {
                berichtId = Guid.NewGuid(), leerlingId = _pupil, schoolId = School, tijdstip = $"{day}T06:00:00Z", datum = day, soort = "Ziek", uren = 6,
            });
        var caseId = (string)last!["zaken"]![0]!;
        var task = (await _karin.GetFromJsonAsync<JsonArray>("/api/tasks"))!.Select(t => t!.AsObject())
            .First(t => (string?)t["caseId"] == caseId && (string?)t["elementId"] == "apd_stap1_interventies");
        return (string)task["id"]!;
    }

    /// <summary>A trigger that makes the database refuse the audit entries of task changes (other entries, such as reads, still go in).</summary>
    private async Task RefuseTaskAuditAsync(bool refuse)
    {
        await using var db = new NpgsqlConnection(_connectionString);
        await db.OpenAsync();
        var sql = refuse
            ? """
              CREATE OR REPLACE FUNCTION refuse_task_audit() RETURNS trigger AS $$
              BEGIN
                IF NEW."Action" IN ('taak-geclaimd', 'taak-teruggegeven', 'taak-toegewezen') THEN RAISE EXCEPTION 'audit entry refused by the test'; END IF;
                RETURN NEW;
              END $$ LANGUAGE plpgsql;
              DROP TRIGGER IF EXISTS refuse_task_audit ON audit_log;
              CREATE TRIGGER refuse_task_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION refuse_task_audit();
              """
            : "DROP TRIGGER IF EXISTS refuse_task_audit ON audit_log;";
        await using var command = new NpgsqlCommand(sql, db);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<string?> ClaimedByAsync(string taskId)
    {
        await using var db = _host.Services.GetRequiredService<WorkflowStore>().CreateContext();
        return await db.Tasks.AsNoTracking().Where(t => t.Id == Guid.Parse(taskId)).Select(t => t.ClaimedBy).SingleAsync();
    }

    private async Task<List<MailRecord>> MailsAsync()
    {
        await using var db = _host.Services.GetRequiredService<WorkflowStore>().CreateContext();
        return await db.Mails.AsNoTracking().ToListAsync();
    }

    private async Task<List<AuditEntryRecord>> AuditAsync()
    {
        await using var db = _host.Services.GetRequiredService<WorkflowStore>().CreateContext();
        return await db.AuditLog.AsNoTracking().ToListAsync();
    }
}
