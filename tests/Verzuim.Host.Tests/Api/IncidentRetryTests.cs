using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Verzuim.Host.Audit;
using Verzuim.Persistence;
using Verzuim.Workflows.Runtime;
using Verzuim.Workflows.Stores;
using static Verzuim.Workflows.Tests.Support.Bpmn;

namespace Verzuim.Host.Tests.Api;

/// <summary>
/// The beheerder retries an incident, optionally after correcting case variables: the correction is applied before the
/// token runs again and audited by name; protected variables (school, pupil, medical detail) stay refused, as for a form.
/// </summary>
public sealed class IncidentRetryTests : IAsyncLifetime
{
    // the condition gets a text where it needs true/false: an incident at the gateway until "akkoord" is corrected
    private static readonly string Model = Process("retry-incident", """
        <bpmn:startEvent id="s"/>
        <bpmn:exclusiveGateway id="gw" default="f_anders"/>
        <bpmn:userTask id="gesprek" verzuim:candidateRole="mentor"/>
        <bpmn:endEvent id="e"/>
        """ + Flow("s", "gw") + Flow("gw", "gesprek", "akkoord") + Flow("gw", "e", id: "f_anders") + Flow("gesprek", "e"));

    private VerzuimHost _host = null!;
    private WorkflowEngine _engine = null!;

    public async Task InitializeAsync()
    {
        _host = await VerzuimHost.StartAsync();
        _engine = _host.Services.GetRequiredService<WorkflowEngine>();
        await _engine.DeployAsync(Model);
    }

    public Task DisposeAsync() => _host.DisposeAsync().AsTask();

    private async Task<(Guid Case, Guid Incident)> StartFailingCaseAsync(string pupil)
    {
        var id = await _engine.StartAsync("retry-incident", new JsonObject { ["leerlingId"] = pupil, ["schoolId"] = "S-APD-01", ["akkoord"] = "misschien" }, pupil);
        await using var db = _host.Services.GetRequiredService<WorkflowStore>().CreateContext();
        var incident = await db.Incidents.SingleAsync(i => i.InstanceId == id && i.ResolvedAt == null);
        return (id, incident.Id);
    }

    private async Task<JsonArray> IncidentsAsync(HttpClient client, bool opgelost = false) =>
        JsonNode.Parse(await client.GetStringAsync($"/api/incidents?opgelost={opgelost.ToString().ToLowerInvariant()}"))!.AsArray();

    private async Task<JsonObject> VariablesAsync(Guid id)
    {
        await using var db = _host.Services.GetRequiredService<WorkflowStore>().CreateContext();
        return JsonNode.Parse((await db.Instances.SingleAsync(i => i.Id == id)).Variables)!.AsObject();
    }

    [Fact]
    public async Task A_retry_with_the_corrected_variable_resolves_the_incident_runs_on_and_audits_the_name_not_the_value()
    {
        var (id, incident) = await StartFailingCaseAsync("L-RETRY-1");
        var beheerder = await ApiSession.AsUserAsync(_host, "beheerder");
        Assert.Contains(await IncidentsAsync(beheerder), i => (Guid)i!["id"]! == incident);

        var response = await beheerder.PostAsJsonAsync($"/api/incidents/{incident}/retry", new { variabelen = new { akkoord = true, opmerking = "hersteld na telefoontje school" } });
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);

        Assert.DoesNotContain(await IncidentsAsync(beheerder), i => (Guid)i!["caseId"]! == id);
        var resolved = (await IncidentsAsync(beheerder, opgelost: true)).Single(i => (Guid)i!["id"]! == incident)!;
        Assert.NotNull((string?)resolved["opgelostOp"]);
        await using var db = _host.Services.GetRequiredService<WorkflowStore>().CreateContext();
        // true now takes the conditional flow: the conversation task opens
        Assert.Contains(await db.Tasks.Where(t => t.InstanceId == id).ToListAsync(), t => t.ElementId == "gesprek" && t.Status == WorkTaskStatus.Open);
        var line = await db.AuditLog.SingleAsync(a => a.CaseId == id && a.Action == AuditLog.IncidentRetried);
        Assert.Equal(("beheerder", AuditLog.Succeeded, "L-RETRY-1"), (line.User, line.Result, line.LeerlingId));
        Assert.Contains("akkoord", line.Detail);
        Assert.Contains("opmerking", line.Detail);
        Assert.DoesNotContain("telefoontje", line.Detail);
    }

    [Fact]
    public async Task A_retry_without_a_body_runs_the_token_again_and_an_unchanged_cause_makes_a_new_incident()
    {
        var (id, incident) = await StartFailingCaseAsync("L-RETRY-2");
        var beheerder = await ApiSession.AsUserAsync(_host, "beheerder");
        Assert.Equal(HttpStatusCode.NoContent, (await beheerder.PostAsync($"/api/incidents/{incident}/retry", null)).StatusCode);

        var open = (await IncidentsAsync(beheerder)).Where(i => (Guid)i!["caseId"]! == id).ToList();
        Assert.Single(open);
        Assert.NotEqual(incident, (Guid)open[0]!["id"]!);
        // the old one is resolved: retrying it again is a conflict, not a second token
        Assert.Equal(HttpStatusCode.Conflict, (await beheerder.PostAsync($"/api/incidents/{incident}/retry", null)).StatusCode);
    }

    [Theory]
    [InlineData("schoolId")]
    [InlineData("leerlingId")]
    [InlineData("jeugdartsToelichting")]
    [InlineData("regievoerder")]
    public async Task Protected_variables_are_refused_by_name_and_nothing_changes(string name)
    {
        var (id, incident) = await StartFailingCaseAsync($"L-RETRY-P-{name}");
        var beheerder = await ApiSession.AsUserAsync(_host, "beheerder");
        var response = await beheerder.PostAsJsonAsync($"/api/incidents/{incident}/retry",
            new JsonObject { ["variabelen"] = new JsonObject { ["akkoord"] = true, [name] = "X-ANDERS" } });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains($"'{name}'", await response.Content.ReadAsStringAsync());
        // neither the allowed nor the refused variable was applied, and the incident is still open
        var variables = await VariablesAsync(id);
        Assert.Equal("misschien", (string)variables["akkoord"]!);
        Assert.NotEqual("X-ANDERS", (string?)variables[name]);
        Assert.Contains(await IncidentsAsync(beheerder), i => (Guid)i!["id"]! == incident);
        await using var db = _host.Services.GetRequiredService<WorkflowStore>().CreateContext();
        Assert.Contains(await db.AuditLog.Where(a => a.CaseId == id).ToListAsync(), a => a is { Action: AuditLog.IncidentRetried, Result: AuditLog.Refused });
    }

    [Theory]
    [InlineData("""{"variabelen":[1,2]}""", 400, "variabelen")]
    [InlineData("""{"variabelen":{"1akkoord":true}}""", 422, "'1akkoord'")]
    [InlineData("""{"variabelen":{"notitie":"bsn 111222333"}}""", 422, "BSN")]
    public async Task Bad_corrections_get_an_error_naming_the_problem(string body, int status, string named)
    {
        var (id, incident) = await StartFailingCaseAsync($"L-RETRY-B-{status}-{named.Length}");
        var beheerder = await ApiSession.AsUserAsync(_host, "beheerder");
        var response = await beheerder.PostAsync($"/api/incidents/{incident}/retry", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Contains(named, await response.Content.ReadAsStringAsync());
        Assert.Equal("misschien", (string)(await VariablesAsync(id))["akkoord"]!);
    }
}
