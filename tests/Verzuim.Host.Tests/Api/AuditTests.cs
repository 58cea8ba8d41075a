using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Verzuim.Host.Audit;
using Verzuim.Persistence;
using Verzuim.Workflows.Runtime;
using static Verzuim.Workflows.Tests.Support.Bpmn;

namespace Verzuim.Host.Tests.Api;

/// <summary>Every read of case data and every refused attempt leaves a line: who, when, what, which case, result.</summary>
public sealed class AuditTests : IAsyncLifetime
{
    private static readonly string Model = Process("audit", """<bpmn:startEvent id="s"/><bpmn:userTask id="t" verzuim:candidateRole="mentor"/><bpmn:endEvent id="e"/>""" + Flows("s", "t", "e"));
    private VerzuimHost _host = null!;
    private Guid _case;

    public async Task InitializeAsync()
    {
        _host = await VerzuimHost.StartAsync();
        var engine = _host.Services.GetRequiredService<WorkflowEngine>();
        await engine.DeployAsync(Model);
        _case = await engine.StartAsync("audit", new JsonObject { ["leerlingId"] = "L-AUDIT", ["schoolId"] = "S-APD-01" }, "L-AUDIT");
    }

    public Task DisposeAsync() => _host.DisposeAsync().AsTask();

    [Fact]
    public async Task Lists_overview_register_export_task_list_and_model_reads_are_audited_with_user_and_result()
    {
        var school = await ApiSession.AsUserAsync(_host, "kernteam-a");
        var chair = await ApiSession.AsUserAsync(_host, "voorzitter");
        var owner = await ApiSession.AsUserAsync(_host, "eigenaar");
        foreach (var (client, path) in new[] { (school, "/api/cases"), (school, "/api/tasks"), (school, $"/api/cases/{_case}/xml"),
                     (chair, "/api/overview"), (chair, "/api/register"), (chair, "/api/register.csv"), (owner, "/api/definitions"), (owner, "/api/definitions/audit/xml") })
            Assert.True((await client.GetAsync(path)).IsSuccessStatusCode, path);

        var log = await AuditAsync();
        // the result and the pupil have their own columns; the detail is the request, readable as it stands
        Assert.Contains(log, a => a is { User: "kernteam-a", Action: AuditLog.CaseListed, Result: AuditLog.Succeeded, LeerlingId: null, Detail: "/api/cases" });
        Assert.Contains(log, a => a is { User: "kernteam-a", Action: AuditLog.TasksListed });
        // a read of one case names its pupil and school, though the route only names the case
        Assert.Contains(log, a => a.User == "kernteam-a" && a.Action == AuditLog.CaseModelRead && a.CaseId == _case
                                  && a is { LeerlingId: "L-AUDIT", SchoolId: "S-APD-01", Result: AuditLog.Succeeded });
        Assert.Contains(log, a => a is { User: "voorzitter", Action: AuditLog.OverviewRead });
        Assert.Contains(log, a => a is { User: "voorzitter", Action: AuditLog.RegisterRead });
        Assert.Contains(log, a => a is { User: "voorzitter", Action: AuditLog.RegisterExported });
        Assert.Contains(log, a => a is { User: "eigenaar", Action: AuditLog.DefinitionsListed });
        Assert.Contains(log, a => a is { User: "eigenaar", Action: AuditLog.DefinitionXmlRead } && a.Detail!.Contains("/api/definitions/audit/xml"));
    }

    [Fact]
    public async Task Another_schools_attempt_on_a_case_and_a_task_is_refused_and_audited()
    {
        var otherSchool = await ApiSession.AsUserAsync(_host, "kernteam-b");
        Assert.Equal(HttpStatusCode.NotFound, (await otherSchool.GetAsync($"/api/cases/{_case}")).StatusCode);
        await using (var db = _host.Services.GetRequiredService<WorkflowStore>().CreateContext())
        {
            var task = await db.Tasks.SingleAsync(t => t.InstanceId == _case);
            Assert.Equal(HttpStatusCode.NotFound, (await otherSchool.PostAsync($"/api/tasks/{task.Id}/claim", null)).StatusCode);
        }

        var log = await AuditAsync();
        Assert.Contains(log, a => a.User == "kernteam-b" && a.Action == AuditLog.AccessRefused && a.CaseId == _case
                                  && a is { Result: AuditLog.Refused, LeerlingId: "L-AUDIT" } && a.Detail!.StartsWith($"404: GET /api/cases/{_case}"));
        Assert.Contains(log, a => a.User == "kernteam-b" && a.Action == AuditLog.AccessRefused && a.Result == AuditLog.Refused && a.Detail!.Contains("/claim"));
    }

    [Fact]
    public async Task The_beheerder_finds_every_processing_of_one_pupil_with_its_result()
    {
        var school = await ApiSession.AsUserAsync(_host, "kernteam-a");
        var otherSchool = await ApiSession.AsUserAsync(_host, "kernteam-b");
        Assert.True((await school.GetAsync($"/api/cases/{_case}")).IsSuccessStatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherSchool.GetAsync($"/api/cases/{_case}")).StatusCode);

        var beheerder = await ApiSession.AsUserAsync(_host, "beheerder");
        var rows = JsonNode.Parse(await beheerder.GetStringAsync("/api/audit?leerlingId=L-AUDIT"))!.AsArray();
        Assert.All(rows, r => Assert.Equal("L-AUDIT", (string?)r!["leerlingId"]));
        Assert.Contains(rows, r => (string?)r!["gebruiker"] == "kernteam-a" && (string?)r["actie"] == AuditLog.CaseRead && (string?)r["resultaat"] == AuditLog.Succeeded);
        Assert.Contains(rows, r => (string?)r!["gebruiker"] == "kernteam-b" && (string?)r["actie"] == AuditLog.AccessRefused && (string?)r["resultaat"] == AuditLog.Refused);
        Assert.Empty(JsonNode.Parse(await beheerder.GetStringAsync("/api/audit?leerlingId=L-NIEMAND"))!.AsArray());
    }

    private async Task<List<AuditEntryRecord>> AuditAsync()
    {
        await using var db = _host.Services.GetRequiredService<WorkflowStore>().CreateContext();
        return await db.AuditLog.AsNoTracking().ToListAsync();
    }
}
