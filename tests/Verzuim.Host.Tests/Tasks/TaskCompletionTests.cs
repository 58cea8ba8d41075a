using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Verzuim.Host.Tests.Api;
using Verzuim.Workflows.Time;

namespace Verzuim.Host.Tests.Tasks;

/// <summary>
/// Over HTTP: a completion with a field the form lacks (the school id) is refused naming it and the case stays at its
/// school; an accepted completion is audited with what it submitted, medical values redacted.
/// </summary>
public sealed class TaskCompletionTests : IAsyncLifetime
{
    private const string SchoolA = "S-APD-01";
    private VerzuimHost _host = null!;
    private HttpClient _system = null!, _kernteamA = null!, _beheerder = null!;
    private Guid _caseId;

    public async Task InitializeAsync()
    {
        var clock = new VirtualClock(DateTimeOffset.Parse("2024-10-07T07:00:00Z"));
        var settings = new Dictionary<string, string?>
        {
            ["Engine:WorkflowsPath"] = "workflows",
            // for this test the interventions field counts as medical, so its value must not reach the audit log
            ["Privacy:MedischeVariabelen:0"] = "interventies",
        };
        foreach (var role in new[] { "kernteamlid", "zorgcoordinator" }) settings[$"Scholen:Lijst:0:Rollen:{role}:0"] = "kernteam-a";
        _host = await VerzuimHost.StartAsync(settings: settings, services: s => s.Replace(ServiceDescriptor.Singleton<IClock>(clock)));
        _system = await ApiSession.AsSystemAsync(_host);
        _kernteamA = await ApiSession.AsUserAsync(_host, "kernteam-a");
        _beheerder = await ApiSession.AsUserAsync(_host, "beheerder");
        // seed 003 (MAZL): the 4th sick report within 12 school weeks opens the Apeldoorn case
        JsonObject? last = null;
        foreach (var day in new[] { "2024-09-16", "2024-09-23", "2024-09-30", "2024-10-07" })
            last = await ApiSession.PostMessageAsync(_system, "AbsentieGeregistreerd", new
            {
                berichtId = Guid.NewGuid(), leerlingId = "L-TAAK-1", schoolId = SchoolA, tijdstip = $"{day}T07:00:00Z", datum = day, soort = "Ziek", uren = 6,
            });
        _caseId = Guid.Parse((string)last!["zaken"]![0]!);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_field_outside_the_form_is_refused_by_name_and_the_accepted_completion_is_audited_with_medical_values_redacted()
    {
        var task = (await _kernteamA.GetFromJsonAsync<JsonArray>("/api/tasks"))!
            .First(t => (string?)t!["caseId"] == _caseId.ToString() && (string?)t["elementId"] == "apd_stap1_interventies")!;
        var taskId = (string)task["id"]!;

        var forged = await _kernteamA.PostAsJsonAsync($"/api/tasks/{taskId}/complete",
            new { interventies = "gesprek met ouders", oudersBetrokken = true, schoolId = "S-GRO-01" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, forged.StatusCode);
        var problem = await forged.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Contains(problem!["fouten"]!.AsArray(), e => ((string)e!).Contains("'schoolId'"));
        Assert.Equal(HttpStatusCode.OK, (await _kernteamA.GetAsync($"/api/cases/{_caseId}")).StatusCode); // still at school A

        var completed = await _kernteamA.PostAsJsonAsync($"/api/tasks/{taskId}/complete", new { interventies = "gesprek met ouders", oudersBetrokken = true });
        Assert.Equal(HttpStatusCode.NoContent, completed.StatusCode);
        var audit = await _beheerder.GetFromJsonAsync<JsonArray>($"/api/audit?caseId={_caseId}");
        var entry = Assert.Single(audit!, a => (string?)a!["actie"] == "taak-afgerond")!;
        var detail = (string)entry["detail"]!;
        Assert.Contains("oudersBetrokken=true", detail);
        Assert.Contains("interventies=[medisch]", detail);
        Assert.DoesNotContain("gesprek met ouders", detail);

        // the case shows what the task recorded and who completed it, medical values left out
        var zaak = JsonNode.Parse(await _kernteamA.GetStringAsync($"/api/cases/{_caseId}"))!;
        var done = zaak["taken"]!.AsArray().Single(t => (string?)t!["id"] == taskId)!;
        Assert.Equal("kernteam-a", (string?)done["afgerondDoor"]);
        Assert.True((bool)done["vastgelegd"]!["oudersBetrokken"]!);
        Assert.Null(done["vastgelegd"]!["interventies"]);
        Assert.DoesNotContain("gesprek met ouders", zaak.ToJsonString());
        var line = zaak["timeline"]!.AsArray().Single(t => (string?)t!["soort"] == "TaskCompleted" && (string?)t["elementId"] == "apd_stap1_interventies")!;
        Assert.Equal("kernteam-a", (string?)line["door"]);
    }
}
