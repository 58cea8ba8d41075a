using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Verzuim.Host.Audit;
using Verzuim.Host.Schools;
using Verzuim.Persistence;
using Verzuim.Workflows.Runtime;
using Verzuim.Workflows.Stores;
using Verzuim.Workflows.Tests.Support;
using Verzuim.Workflows.Time;
using static Verzuim.Workflows.Tests.Support.Bpmn;

namespace Verzuim.Host.Tests.Api;

/// <summary>
/// Publishing a model, rolling it back and changing a school's calendar commit together with their audit entry, on
/// PostgreSQL: while the database refuses the entry the change is refused too (no new version, no new or removed
/// day, no term moved); once it accepts entries again, the change and exactly one entry are there. Today is
/// Thu 3 Dec 2026 with the shipped calendars; S-APD-01 is in region midden.
/// </summary>
public sealed class ChangeAuditTransactionTests : IAsyncLifetime
{
    private const string School = "S-APD-01";
    private const string ProcessId = "audit-publiceren";
    private readonly VirtualClock _clock = new(DateTimeOffset.Parse("2026-12-03T09:00:00Z"));
    private string _connectionString = null!;
    private VerzuimHost _host = null!;
    private HttpClient _owner = null!, _beheerder = null!;

    private static string Model(string taskName) => Process(ProcessId, $"""
        <bpmn:startEvent id="s"/>
        <bpmn:userTask id="stap1" name="{taskName}" verzuim:candidateRole="kernteamlid"/>
        <bpmn:boundaryEvent id="drieWeken" attachedToRef="stap1">
          <bpmn:timerEventDefinition><bpmn:timeDuration>3 schoolweken</bpmn:timeDuration></bpmn:timerEventDefinition>
        </bpmn:boundaryEvent>
        <bpmn:endEvent id="klaar"/><bpmn:endEvent id="kantelpunt"/>
        {Flows("s", "stap1", "klaar")}{Flow("drieWeken", "kantelpunt")}
        """);

    public async Task InitializeAsync()
    {
        _connectionString = await TestDatabase.CreateEmptyAsync("host");
        _host = await VerzuimHost.StartAsync(_connectionString, services: s => s.Replace(ServiceDescriptor.Singleton<IClock>(_clock)));
        _owner = await ApiSession.AsUserAsync(_host, "eigenaar");
        _beheerder = await ApiSession.AsUserAsync(_host, "beheerder");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_publication_and_a_rollback_whose_audit_entry_is_refused_publish_nothing()
    {
        await AuditRefusal.RefuseAsync(_connectionString, AuditLog.DefinitionPublished);
        Assert.False((await PublishAsync(Model("Gesprek"), "eerste versie")).IsSuccessStatusCode);
        Assert.Empty(await VersionsAsync());

        await AuditRefusal.RefuseAsync(_connectionString);
        Assert.Equal(HttpStatusCode.Created, (await PublishAsync(Model("Gesprek"), "eerste versie")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PublishAsync(Model("Gesprek met ouders"), "ouders erbij")).StatusCode);
        Assert.Equal([1, 2], await VersionsAsync());

        await AuditRefusal.RefuseAsync(_connectionString, AuditLog.DefinitionPublished);
        Assert.False((await _owner.PostAsJsonAsync($"/api/definitions/{ProcessId}/versies/1/terugzetten", new { notitie = "toch zonder ouders" })).IsSuccessStatusCode);
        Assert.Equal([1, 2], await VersionsAsync()); // no v3 without its entry

        await AuditRefusal.RefuseAsync(_connectionString);
        Assert.Equal(HttpStatusCode.Created,
            (await _owner.PostAsJsonAsync($"/api/definitions/{ProcessId}/versies/1/terugzetten", new { notitie = "toch zonder ouders" })).StatusCode);
        Assert.Equal([1, 2, 3], await VersionsAsync());
        var published = (await AuditAsync()).Where(a => a.Action == AuditLog.DefinitionPublished && a.Detail!.StartsWith(ProcessId, StringComparison.Ordinal))
            .Select(a => (a.User, a.Detail)).ToList();
        Assert.Equal(new[]
        {
            ("eigenaar", (string?)$"{ProcessId} v1: eerste versie"), ("eigenaar", $"{ProcessId} v2: ouders erbij"),
            ("eigenaar", $"{ProcessId} v3: Teruggezet naar v1: toch zonder ouders"),
        }, published);
    }

    [Fact]
    public async Task A_study_day_and_new_holiday_data_whose_audit_entry_is_refused_change_no_calendar_and_move_no_term()
    {
        var engine = _host.Services.GetRequiredService<WorkflowEngine>();
        await engine.DeployAsync(Model("Interventies stap 1"));
        var caseId = await engine.StartAsync(ProcessId, new JsonObject { ["leerlingId"] = "L-AUD-1", ["schoolId"] = School }, "L-AUD-1");
        // 3 school weeks from Thu 3 Dec 10:00: Dec 4 (1), 7-11 (6), 14-18 (11), kerstvakantie 19 Dec - 3 Jan,
        // Jan 4-7 (12-15) → Thu 7 Jan 2027 10:00 (09:00Z); a study day on Tue 5 Jan makes it Fri 8 Jan
        var kantelpunt = DateTimeOffset.Parse("2027-01-07T09:00:00Z");
        Assert.Equal(kantelpunt, await DueAsync(caseId));
        var holidays = await _beheerder.GetStringAsync("/api/kalender/vakanties");
        var uploads = await UploadsAsync();
        var days = await DaysAsync(); // the shipped demo calendar's own days

        await AuditRefusal.RefuseAsync(_connectionString, CalendarEndpoints.DayAdded, CalendarEndpoints.HolidaysReplaced);
        var studyDay = new { datum = "2027-01-05", soort = "Studiedag", omschrijving = "teamscholing" };
        Assert.False((await _beheerder.PostAsJsonAsync($"/api/kalender/scholen/{School}/dagen", studyDay)).IsSuccessStatusCode);
        Assert.False((await _beheerder.PutAsync("/api/kalender/vakanties", new StringContent(holidays, Encoding.UTF8, "application/json"))).IsSuccessStatusCode);
        Assert.Equal(days, await DaysAsync());
        Assert.Equal(uploads, await UploadsAsync());
        Assert.Equal(kantelpunt, await DueAsync(caseId));

        await AuditRefusal.RefuseAsync(_connectionString);
        var added = await _beheerder.PostAsJsonAsync($"/api/kalender/scholen/{School}/dagen", studyDay);
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal(1, (int)(await added.Content.ReadFromJsonAsync<JsonObject>())!["verplaatsteTermijnen"]!);
        Assert.Equal(kantelpunt.AddDays(1), await DueAsync(caseId));
        var day = Assert.Single((await DaysAsync()).Except(days));

        await AuditRefusal.RefuseAsync(_connectionString, CalendarEndpoints.DayRemoved);
        Assert.False((await _beheerder.DeleteAsync($"/api/kalender/scholen/{School}/dagen/{day.Id}")).IsSuccessStatusCode);
        Assert.Contains(day, await DaysAsync());
        Assert.Equal(kantelpunt.AddDays(1), await DueAsync(caseId));

        await AuditRefusal.RefuseAsync(_connectionString);
        Assert.Equal(HttpStatusCode.OK, (await _beheerder.DeleteAsync($"/api/kalender/scholen/{School}/dagen/{day.Id}")).StatusCode);
        Assert.Equal(days, await DaysAsync());
        Assert.Equal(kantelpunt, await DueAsync(caseId));
        var entries = (await AuditAsync()).Where(a => a.Action.StartsWith("kalender-", StringComparison.Ordinal))
            .Select(a => (a.Action, a.User, a.SchoolId, a.Detail)).ToList();
        Assert.Equal(new[]
        {
            (CalendarEndpoints.DayAdded, "beheerder", (string?)School, (string?)"Studiedag 2027-01-05"),
            (CalendarEndpoints.DayRemoved, "beheerder", School, "Studiedag 2027-01-05"),
        }, entries);
    }

    private Task<HttpResponseMessage> PublishAsync(string xml, string note) =>
        _owner.PostAsync($"/api/definitions?notitie={Uri.EscapeDataString(note)}", new StringContent(xml, Encoding.UTF8, "application/xml"));

    private async Task<List<int>> VersionsAsync()
    {
        await using var db = _host.Services.GetRequiredService<WorkflowStore>().CreateContext();
        return await db.Definitions.AsNoTracking().Where(d => d.ProcessId == ProcessId && d.Status != DefinitionStatus.Draft)
            .Select(d => d.Version).OrderBy(v => v).ToListAsync();
    }

    private async Task<DateTimeOffset?> DueAsync(Guid caseId)
    {
        await using var db = _host.Services.GetRequiredService<WorkflowStore>().CreateContext();
        return await db.Subscriptions.AsNoTracking().Where(s => s.InstanceId == caseId && s.ElementId == "drieWeken").Select(s => s.DueAt).SingleAsync();
    }

    private async Task<List<(Guid Id, string SchoolId, DateOnly Date)>> DaysAsync()
    {
        await using var db = _host.Services.GetRequiredService<WorkflowStore>().CreateContext();
        return (await db.SchoolDays.AsNoTracking().OrderBy(d => d.Id).ToListAsync()).Select(d => (d.Id, d.SchoolId, d.Date)).ToList();
    }

    private async Task<List<long>> UploadsAsync()
    {
        await using var db = _host.Services.GetRequiredService<WorkflowStore>().CreateContext();
        return await db.HolidayData.AsNoTracking().Select(h => h.Id).OrderBy(id => id).ToListAsync();
    }

    private async Task<List<AuditEntryRecord>> AuditAsync()
    {
        await using var db = _host.Services.GetRequiredService<WorkflowStore>().CreateContext();
        return await db.AuditLog.AsNoTracking().OrderBy(a => a.Id).ToListAsync();
    }
}
