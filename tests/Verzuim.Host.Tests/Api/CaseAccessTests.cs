using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Verzuim.Workflows.Runtime;
using Verzuim.Workflows.Time;

namespace Verzuim.Host.Tests.Api;

/// <summary>
/// A case of school A (Apeldoorn) opened by absence messages over HTTP: its kernteam member reads it and works its
/// task, the kernteam member of school B (Groningen) finds nothing, medical detail shows only to the youth
/// doctor, and the audit log has who read and changed it.
/// </summary>
public sealed class CaseAccessTests : IAsyncLifetime
{
    private const string SchoolA = "S-APD-01";
    private VerzuimHost _host = null!;
    private HttpClient _system = null!, _kernteamA = null!, _kernteamB = null!, _jeugdarts = null!, _beheerder = null!;
    private Guid _caseId;

    public async Task InitializeAsync()
    {
        var clock = new VirtualClock(DateTimeOffset.Parse("2024-10-07T07:00:00Z"));
        var settings = new Dictionary<string, string?> { ["Engine:WorkflowsPath"] = "workflows" };
        // S-APD-01 is the first school in appsettings; every task role of its model goes to kernteam-a
        foreach (var role in new[] { "kernteamlid", "zorgcoordinator", "verzuimcoordinator", "leerplichtambtenaar", "voorzitterActietafel", "mentor" })
            settings[$"Scholen:Lijst:0:Rollen:{role}:0"] = "kernteam-a";
        _host = await VerzuimHost.StartAsync(settings: settings, services: s => s.Replace(ServiceDescriptor.Singleton<IClock>(clock)));
        _system = await ApiSession.AsSystemAsync(_host);
        _kernteamA = await ApiSession.AsUserAsync(_host, "kernteam-a");
        _kernteamB = await ApiSession.AsUserAsync(_host, "kernteam-b");
        _jeugdarts = await ApiSession.AsUserAsync(_host, "jeugdarts");
        _beheerder = await ApiSession.AsUserAsync(_host, "beheerder");

        // seed 003 (MAZL): the 4th sick report within 12 school weeks opens the Apeldoorn case
        JsonObject? last = null;
        foreach (var day in new[] { "2024-09-16", "2024-09-23", "2024-09-30", "2024-10-07" })
            last = await ApiSession.PostMessageAsync(_system, "AbsentieGeregistreerd", new
            {
                berichtId = Guid.NewGuid(), leerlingId = "L-API-1", schoolId = SchoolA, tijdstip = $"{day}T07:00:00Z", datum = day, soort = "Ziek", uren = 6,
            });
        Assert.Equal("Started", (string?)last!["uitkomst"]);
        _caseId = Guid.Parse((string)last["zaken"]![0]!);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_kernteam_member_of_another_school_cannot_see_or_touch_the_case()
    {
        Assert.Contains(await _kernteamA.GetFromJsonAsync<JsonArray>("/api/cases"), c => (string?)c!["id"] == _caseId.ToString());
        Assert.Equal(HttpStatusCode.OK, (await _kernteamA.GetAsync($"/api/cases/{_caseId}")).StatusCode);

        Assert.DoesNotContain(await _kernteamB.GetFromJsonAsync<JsonArray>("/api/cases"), c => (string?)c!["id"] == _caseId.ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await _kernteamB.GetAsync($"/api/cases/{_caseId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _kernteamB.GetAsync($"/api/cases/{_caseId}/xml")).StatusCode);
        Assert.Empty(await _kernteamB.GetFromJsonAsync<JsonArray>("/api/tasks") ?? []);

        var task = (await _kernteamA.GetFromJsonAsync<JsonArray>("/api/tasks"))!.First(t => (string?)t!["caseId"] == _caseId.ToString())!;
        var taskId = (string)task["id"]!;
        Assert.Equal(HttpStatusCode.NotFound, (await _kernteamB.PostAsync($"/api/tasks/{taskId}/claim", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _kernteamB.PostAsJsonAsync($"/api/tasks/{taskId}/complete", new { })).StatusCode);
    }

    [Fact]
    public async Task The_kernteam_member_claims_and_completes_a_task_and_the_case_goes_on()
    {
        var task = (await _kernteamA.GetFromJsonAsync<JsonArray>("/api/tasks"))!.First(t => (string?)t!["caseId"] == _caseId.ToString())!;
        var taskId = (string)task["id"]!;
        var claim = await _kernteamA.PostAsync($"/api/tasks/{taskId}/claim", null);
        Assert.Equal(HttpStatusCode.OK, claim.StatusCode);
        Assert.Equal("kernteam-a", (string?)(await claim.Content.ReadFromJsonAsync<JsonObject>())!["geclaimdDoor"]);

        var form = task["formulier"]!.AsArray();
        if (form.Any(f => (bool)f!["required"]!))
        {
            var refused = await _kernteamA.PostAsJsonAsync($"/api/tasks/{taskId}/complete", new { });
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            var problem = await refused.Content.ReadFromJsonAsync<JsonObject>();
            var required = form.First(f => (bool)f!["required"]!)!;
            Assert.Contains((string)required["label"]!, problem!["detail"]!.ToString());
        }
        var completed = await _kernteamA.PostAsJsonAsync($"/api/tasks/{taskId}/complete", FillIn(form));
        Assert.Equal(HttpStatusCode.NoContent, completed.StatusCode);

        var detail = await _kernteamA.GetFromJsonAsync<JsonObject>($"/api/cases/{_caseId}");
        Assert.Contains(detail!["timeline"]!.AsArray(), e => (string?)e!["soort"] == "TaskCompleted" && (string?)e["elementId"] == (string?)task["elementId"]);
        Assert.Contains(detail["taken"]!.AsArray(), t => (string?)t!["id"] == taskId && (string?)t["status"] == "Afgerond" && (string?)t["afgerondDoor"] == "kernteam-a");

        var audit = await _beheerder.GetFromJsonAsync<JsonArray>($"/api/audit?caseId={_caseId}");
        Assert.Contains(audit!, a => (string?)a!["gebruiker"] == "kernteam-a" && (string?)a["actie"] == "taak-afgerond");
        Assert.Contains(audit!, a => (string?)a!["gebruiker"] == "kernteam-a" && (string?)a["actie"] == "zaak-gelezen");
    }

    [Fact]
    public async Task Medical_detail_is_shown_to_the_youth_doctor_only_and_every_read_is_audited()
    {
        var engine = _host.Services.GetRequiredService<WorkflowEngine>();
        await engine.SetVariablesAsync(_caseId, new JsonObject { ["jeugdartsUitkomst"] = "BeperktBelastbaar", ["jeugdartsToelichting"] = "twee uur per dag belastbaar" });

        var asDoctor = await _jeugdarts.GetFromJsonAsync<JsonObject>($"/api/cases/{_caseId}");
        Assert.Equal("twee uur per dag belastbaar", (string?)asDoctor!["variabelen"]!["jeugdartsToelichting"]);
        var asKernteam = await _kernteamA.GetFromJsonAsync<JsonObject>($"/api/cases/{_caseId}");
        Assert.False(asKernteam!["variabelen"]!.AsObject().ContainsKey("jeugdartsToelichting"));
        Assert.Equal("BeperktBelastbaar", (string?)asKernteam["variabelen"]!["jeugdartsUitkomst"]); // the advice's outcome is for the school too

        var audit = await _beheerder.GetFromJsonAsync<JsonArray>($"/api/audit?caseId={_caseId}");
        var reads = audit!.Where(a => (string?)a!["actie"] == "zaak-gelezen").Select(a => (string?)a!["gebruiker"]).ToList();
        Assert.Contains("jeugdarts", reads);
        Assert.Contains("kernteam-a", reads);
        Assert.DoesNotContain("kernteam-b", reads);
    }

    /// <summary>Valid data for a task form: the first option, yes, a date, a short text.</summary>
    private static JsonObject FillIn(JsonArray form)
    {
        var data = new JsonObject();
        foreach (var field in form)
            data[(string)field!["id"]!] = (string?)field["type"] switch
            {
                "enum" => JsonValue.Create((string)field["options"]![0]!["id"]!),
                "boolean" => JsonValue.Create(true),
                "date" => JsonValue.Create("2024-10-08"),
                "number" => JsonValue.Create(1),
                _ => JsonValue.Create("afspraak gemaakt"),
            };
        return data;
    }
}
