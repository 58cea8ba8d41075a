using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Verzuim.Host.Tests.Api;
using Verzuim.Host.Tests.Notifications;
using Verzuim.Persistence;
using Verzuim.Workflows.Runtime;
using Verzuim.Workflows.Stores;
using Verzuim.Workflows.Tests.Support;
using Verzuim.Workflows.Time;
using static Verzuim.Workflows.Tests.Support.Bpmn;

namespace Verzuim.Host.Tests.Tasks;

/// <summary>
/// Claiming, giving back, assigning and completing a task, and retrying an incident, commit together with their audit
/// entry (and an assignment with the colleague's mail), on PostgreSQL: while the database refuses the audit entry, the
/// change is refused too and the task or incident stays as it was; once it accepts entries again, the change and its
/// entry are both there. Today (2026-12-03) with the shipped calendars and the Apeldoorn model.
/// </summary>
public sealed class TaskAuditTransactionTests : IAsyncLifetime
{
    private const string School = "S-APD-01";
    private readonly VirtualClock _clock = new(DateTimeOffset.Parse("2026-12-03T09:30:00Z"));
    private readonly string _pupil = $"L-TX-{Guid.NewGuid().ToString("N")[..6].ToUpperInvariant()}";
    private string _connectionString = null!;
    private VerzuimHost _host = null!;
    private HttpClient _system = null!, _karin = null!, _koen = null!;

    private static readonly string[] TaskActions = ["taak-geclaimd", "taak-teruggegeven", "taak-toegewezen"];

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

        await RefuseAuditAsync(TaskActions);
        Assert.False((await _karin.PostAsync($"/api/tasks/{taskId}/claim", null)).IsSuccessStatusCode);
        Assert.Null(await ClaimedByAsync(taskId));
        Assert.False((await _karin.PostAsJsonAsync($"/api/tasks/{taskId}/toewijzen", new { gebruiker = "kernteam-a2" })).IsSuccessStatusCode);
        Assert.Null(await ClaimedByAsync(taskId));
        Assert.DoesNotContain(await MailsAsync(), m => m.Kind == "toegewezen"); // the mail went with the refused assignment

        await RefuseAuditAsync([]);
        Assert.Equal(HttpStatusCode.OK, (await _karin.PostAsync($"/api/tasks/{taskId}/claim", null)).StatusCode);
        Assert.Equal("kernteam-a", await ClaimedByAsync(taskId));

        await RefuseAuditAsync(TaskActions);
        Assert.False((await _karin.PostAsync($"/api/tasks/{taskId}/unclaim", null)).IsSuccessStatusCode);
        Assert.Equal("kernteam-a", await ClaimedByAsync(taskId)); // still hers: giving it back did not happen without its entry

        await RefuseAuditAsync([]);
        Assert.Equal(HttpStatusCode.OK, (await _karin.PostAsJsonAsync($"/api/tasks/{taskId}/toewijzen", new { gebruiker = "kernteam-a2" })).StatusCode);
        Assert.Equal("kernteam-a2", await ClaimedByAsync(taskId));
        Assert.Single(await MailsAsync(), m => m.Kind == "toegewezen" && m.UserName == "kernteam-a2");

        // exactly the changes that happened have an entry: one claim and one assignment, no unclaim
        var entries = await AuditAsync();
        Assert.Single(entries, a => a.Action == "taak-geclaimd" && a.User == "kernteam-a" && a.LeerlingId == _pupil);
        Assert.Single(entries, a => a.Action == "taak-toegewezen" && a.Detail!.EndsWith("aan kernteam-a2", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, a => a.Action == "taak-teruggegeven");
    }

    [Fact]
    public async Task A_completion_whose_audit_entry_is_refused_leaves_the_task_open_and_the_case_where_it_was()
    {
        var taskId = await OpenTaskAsync();
        var form = new { interventies = "gesprek met ouders en mentor ingepland", oudersBetrokken = true };

        await RefuseAuditAsync(["taak-afgerond"]);
        Assert.False((await _karin.PostAsJsonAsync($"/api/tasks/{taskId}/complete", form)).IsSuccessStatusCode);
        var task = await TaskAsync(taskId);
        Assert.Equal((WorkTaskStatus.Open, (string?)null), (task.Status, task.CompletedBy));
        Assert.Empty(await OpenTasksAsync(task.InstanceId, "apd_stap1_bewaken")); // the case did not run on either

        await RefuseAuditAsync([]);
        Assert.Equal(HttpStatusCode.NoContent, (await _karin.PostAsJsonAsync($"/api/tasks/{taskId}/complete", form)).StatusCode);
        task = await TaskAsync(taskId);
        Assert.Equal((WorkTaskStatus.Completed, "kernteam-a"), (task.Status, task.CompletedBy));
        Assert.Single(await OpenTasksAsync(task.InstanceId, "apd_stap1_bewaken")); // stap 1 goes on: the progress is watched
        var entry = Assert.Single(await AuditAsync(), a => a.Action == "taak-afgerond");
        Assert.Equal(("kernteam-a", _pupil), (entry.User, entry.LeerlingId));
    }

    /// <summary>The condition gets a text where it needs true/false: an incident at the gateway until "akkoord" is corrected.</summary>
    private static readonly string FailingModel = Process("audit-retry", """
        <bpmn:startEvent id="s"/>
        <bpmn:exclusiveGateway id="gw" default="f_anders"/>
        <bpmn:userTask id="gesprek" verzuim:candidateRole="mentor"/>
        <bpmn:endEvent id="e"/>
        """ + Flow("s", "gw") + Flow("gw", "gesprek", "akkoord") + Flow("gw", "e", id: "f_anders") + Flow("gesprek", "e"));

    [Fact]
    public async Task An_incident_retry_whose_audit_entry_is_refused_leaves_the_incident_open_and_the_data_uncorrected()
    {
        var engine = _host.Services.GetRequiredService<WorkflowEngine>();
        await engine.DeployAsync(FailingModel);
        var caseId = await engine.StartAsync("audit-retry", new JsonObject { ["leerlingId"] = _pupil, ["schoolId"] = School, ["akkoord"] = "misschien" }, _pupil);
        var incident = Assert.Single(await IncidentsAsync(caseId));
        var beheerder = await ApiSession.AsUserAsync(_host, "beheerder");

        await RefuseAuditAsync(["incident-opnieuw"]);
        Assert.False((await beheerder.PostAsJsonAsync($"/api/incidents/{incident.Id}/retry", new { variabelen = new { akkoord = true } })).IsSuccessStatusCode);
        Assert.Null(Assert.Single(await IncidentsAsync(caseId)).ResolvedAt);
        Assert.Empty(await OpenTasksAsync(caseId, "gesprek"));
        Assert.Equal("misschien", (string?)(await VariablesAsync(caseId))["akkoord"]); // the correction went with the refused retry

        await RefuseAuditAsync([]);
        Assert.Equal(HttpStatusCode.NoContent,
            (await beheerder.PostAsJsonAsync($"/api/incidents/{incident.Id}/retry", new { variabelen = new { akkoord = true } })).StatusCode);
        Assert.True((bool?)(await VariablesAsync(caseId))["akkoord"]);
        Assert.NotNull(Assert.Single(await IncidentsAsync(caseId)).ResolvedAt);
        Assert.Single(await OpenTasksAsync(caseId, "gesprek"));
        var entry = Assert.Single(await AuditAsync(), a => a.Action == "incident-opnieuw");
        Assert.Equal(("beheerder", caseId, _pupil), (entry.User, entry.CaseId, entry.LeerlingId));
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

    private Task RefuseAuditAsync(string[] actions) => AuditRefusal.RefuseAsync(_connectionString, actions);

    private async Task<TaskRecord> TaskAsync(string taskId)
    {
        await using var db = _host.Services.GetRequiredService<WorkflowStore>().CreateContext();
        return await db.Tasks.AsNoTracking().SingleAsync(t => t.Id == Guid.Parse(taskId));
    }

    private async Task<List<TaskRecord>> OpenTasksAsync(Guid instanceId, string elementId)
    {
        await using var db = _host.Services.GetRequiredService<WorkflowStore>().CreateContext();
        return await db.Tasks.AsNoTracking().Where(t => t.InstanceId == instanceId && t.ElementId == elementId && t.Status == WorkTaskStatus.Open).ToListAsync();
    }

    private async Task<JsonObject> VariablesAsync(Guid instanceId)
    {
        await using var db = _host.Services.GetRequiredService<WorkflowStore>().CreateContext();
        return JsonNode.Parse(await db.Instances.AsNoTracking().Where(i => i.Id == instanceId).Select(i => i.Variables).SingleAsync())!.AsObject();
    }

    private async Task<List<IncidentRecord>> IncidentsAsync(Guid instanceId)
    {
        await using var db = _host.Services.GetRequiredService<WorkflowStore>().CreateContext();
        return await db.Incidents.AsNoTracking().Where(i => i.InstanceId == instanceId).ToListAsync();
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
