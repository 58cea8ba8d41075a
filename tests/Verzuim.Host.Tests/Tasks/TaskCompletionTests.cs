using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Verzuim.Host.Tests.Api;
using Verzuim.Workflows.Time;

namespace Verzuim.Host.Tests.Tasks;

/// <summary>
/// Over HTTP: a completion with a field the form lacks (the school id) is refused naming it and the case stays at its
/// school; an accepted completion is audited with what it submitted, medical values redacted; random broken bodies
/// are refused with a 4xx and move nothing.
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

    /// <summary>
    /// Fixed-seed random bodies, each with at least one defect (a field the form lacks, a protected name, a wrong type,
    /// an overlong or BSN text, broken or non-object JSON, duplicate keys): every one is a 4xx with a problem body,
    /// never a 500, and afterwards the case is where it was with the task still open.
    /// </summary>
    [Fact]
    public async Task Random_broken_completion_bodies_answer_a_4xx_and_move_nothing()
    {
        var task = (await _kernteamA.GetFromJsonAsync<JsonArray>("/api/tasks"))!
            .First(t => (string?)t!["caseId"] == _caseId.ToString() && (string?)t["elementId"] == "apd_stap1_interventies")!;
        var taskId = (string)task["id"]!;
        var random = new Random(20261203);
        var answers = new Dictionary<HttpStatusCode, int>();
        for (var i = 0; i < 60; i++)
        {
            var body = BrokenBody(random);
            var response = await _kernteamA.PostAsync($"/api/tasks/{taskId}/complete", new StringContent(body, Encoding.UTF8, "application/json"));
            var status = (int)response.StatusCode;
            Assert.True(status is >= 400 and < 500, $"body {i} answered {status}: {body[..Math.Min(body.Length, 300)]}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            answers[response.StatusCode] = answers.GetValueOrDefault(response.StatusCode) + 1;
        }
        Assert.True(answers.Count >= 2, string.Join(", ", answers)); // both malformed (400) and refused fields (422) were sent

        var zaak = JsonNode.Parse(await _kernteamA.GetStringAsync($"/api/cases/{_caseId}"))!;
        Assert.Equal(SchoolA, (string?)zaak["zaak"]!["schoolId"]);
        Assert.Equal("L-TAAK-1", (string?)zaak["zaak"]!["leerlingId"]);
        Assert.Contains("apd_stap1_interventies", zaak["actieveElementen"]!.AsArray().Select(e => (string?)e));
        Assert.DoesNotContain("vervalst", zaak.ToJsonString()); // no forged value reached the case under any name
    }

    private static readonly string[] Protected = ["schoolId", "leerlingId", "signalen", "regievoerder", "jeugdartsToelichting", "stap"];

    private static string BrokenBody(Random random)
    {
        string Text(int length) => new(Enumerable.Range(0, length).Select(_ => "abc xyz-é€'\\"[random.Next(12)]).ToArray());
        var fields = new List<string> { $"\"interventies\":{JsonValue.Create(Text(random.Next(1, 40)))!.ToJsonString()}" };
        if (random.Next(2) == 0) fields.Add($"\"oudersBetrokken\":{(random.Next(2) == 0 ? "true" : "false")}");
        string Object() => "{" + string.Join(",", fields.OrderBy(_ => random.Next())) + "}";
        switch (random.Next(10))
        {
            case 0: fields.Add($"\"{Protected[random.Next(Protected.Length)]}\":\"vervalst\""); return Object();
            case 1: fields.Add($"\"{new[] { "__proto__", "constructor", "Interventies", "interventies ", "" }[random.Next(5)]}\":\"vervalst\""); return Object();
            case 2: fields[0] = $"\"interventies\":{new[] { "12", "[\"a\"]", "{\"schoolId\":\"S-GRO-01\"}", "null", "true", "1e400" }[random.Next(6)]}"; return Object();
            case 3: fields.Add($"\"oudersBetrokken\":{new[] { "\"ja\"", "1", "[]", "{}" }[random.Next(4)]}"); return Object();
            case 4: fields[0] = $"\"interventies\":\"{new string('x', 4001 + random.Next(100_000))}\""; return Object();
            case 5: fields[0] = "\"interventies\":\"bsn 111222333\""; return Object();
            case 6: fields.Add("\"schoolId\":\"S-GRO-01\""); fields.Add("\"schoolId\":\"X\""); return Object();
            case 7: fields.RemoveAt(0); fields.Add("\"oudersBetrokken\":true"); return Object(); // the required field missing
            case 8: return new[] { "[]", "42", "\"tekst\"", "null", "", "{", "{\"interventies\":}", "{'interventies':'a'}", "{\"interventies\":\"\\ud800\"", new string('[', 5000) }[random.Next(10)];
            default:
                var whole = Object();
                return whole[..random.Next(1, whole.Length)]; // cut off anywhere
        }
    }
}
