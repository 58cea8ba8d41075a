using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Verzuim.Host.Tests.Api;
using Verzuim.Workflows.Time;
using static Verzuim.Workflows.Tests.Migration.ApeldoornMigration;

namespace Verzuim.Host.Tests.Migrations;

/// <summary>
/// The process owner changes the Apeldoorn step-2 kantelpunt from 4 to 5 school weeks and migrates the running case
/// over the API (PostgreSQL, the shipped calendar of region midden). Dates by hand in CaseMigrationTests: the kantelpunt
/// started Thursday 19 November 09:00; four school weeks end Thursday 17 December, five (the Christmas holiday does not
/// count) Thursday 7 January 2027, 09:00 (08:00Z).
/// </summary>
public sealed class MigrationApiTests : IAsyncLifetime
{
    private const string SchoolA = "S-APD-01";
    private static readonly DateTimeOffset NewKantelpunt = DateTimeOffset.Parse("2027-01-07T08:00:00Z");
    private readonly VirtualClock _clock = new(DateTimeOffset.Parse("2026-11-16T08:00:00Z"));
    private VerzuimHost _host = null!;
    private HttpClient _system = null!, _kernteamA = null!, _eigenaar = null!, _beheerder = null!;
    private Guid _caseId;

    public async Task InitializeAsync()
    {
        _host = await VerzuimHost.StartAsync(settings: new Dictionary<string, string?> { ["Engine:WorkflowsPath"] = "workflows" },
            services: s => s.Replace(ServiceDescriptor.Singleton<IClock>(_clock)));
        _system = await ApiSession.AsSystemAsync(_host);
        _kernteamA = await ApiSession.AsUserAsync(_host, "kernteam-a");
        _eigenaar = await ApiSession.AsUserAsync(_host, "eigenaar");
        _beheerder = await ApiSession.AsUserAsync(_host, "beheerder");
        JsonObject? last = null;
        foreach (var day in new[] { "2026-10-29", "2026-11-05", "2026-11-12", "2026-11-16" }) // the 4th sick report in 12 school weeks opens it
            last = await ApiSession.PostMessageAsync(_system, "AbsentieGeregistreerd", new
            {
                berichtId = Guid.NewGuid(), leerlingId = "L-MIG-1", schoolId = SchoolA, tijdstip = $"{day}T07:00:00Z", datum = day, soort = "Ziek", uren = 6,
            });
        _caseId = Guid.Parse((string)last!["zaken"]![0]!);
        await WorkAsync("2026-11-16", "apd_stap1_interventies", new { interventies = "Gesprek met ouders en mentor." });
        await WorkAsync("2026-11-19", "apd_stap1_bewaken", new { });
        await WorkAsync("2026-11-19", "apd_stap2_kernteam_anoniem", new { regievoerder = "Mentor De Vries", terugkoppelingsdatum = "2026-11-26" });
        _clock.Set(DateTimeOffset.Parse("2026-12-03T09:00:00Z"));
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task The_owner_publishes_a_five_week_kantelpunt_previews_and_migrates_and_the_case_shows_the_new_date()
    {
        var v1 = await VersionIdAsync(1);
        var published = await _eigenaar.PostAsync("/api/definitions?notitie=kantelpunt%20stap%202%3A%205%20schoolweken",
            new StringContent(FiveWeekKantelpunt, Encoding.UTF8, "application/xml"));
        Assert.Equal(HttpStatusCode.Created, published.StatusCode);

        var plan = await PostAsync(_eigenaar, $"/api/definitions/{v1}/migrations/plan", new { });
        Assert.True((bool)plan["geldig"]!);
        Assert.Equal(2, (int)plan["doel"]!["versie"]!);
        Assert.Equal(1, (int)plan["lopendeZaken"]!);
        var timer = plan["timers"]!.AsArray().Single(t => (string?)t!["van"] == "apd_stap2_kantelpunt")!;
        Assert.Equal(("4 schoolweken", "5 schoolweken", "verstrekenSchooltijd"), ((string?)timer["was"], (string?)timer["wordt"], (string?)timer["regel"]));

        var preview = (await _eigenaar.PostAsJsonAsync($"/api/definitions/{v1}/migrations/preview", new { selectie = new { alle = true } }));
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var one = (await preview.Content.ReadFromJsonAsync<JsonArray>())!.Single()!;
        Assert.Equal(_caseId, Guid.Parse((string)one["zaak"]!));
        var kantelpunt = one["timers"]!.AsArray().Single(t => (string?)t!["naar"] == "apd_stap2_kantelpunt")!;
        Assert.Equal(NewKantelpunt, DateTimeOffset.Parse((string)kantelpunt["wordt"]!));
        Assert.Contains("nog 15 schooldagen", (string)kantelpunt["toelichting"]!);
        Assert.Equal(1, (int)(await CaseAsync())["zaak"]!["versie"]!); // a preview changes nothing

        // the beheerder may do it too; a case reader may not even look
        Assert.Equal(HttpStatusCode.Forbidden, (await _kernteamA.PostAsJsonAsync($"/api/definitions/{v1}/migrations/plan", new { })).StatusCode);
        var started = await _beheerder.PostAsJsonAsync($"/api/definitions/{v1}/migrations", new { selectie = new { school = SchoolA, stap = "Stap 2" } });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var batchUrl = started.Headers.Location!.ToString();
        JsonObject batch;
        var waited = 0;
        while ((string?)(batch = (await _eigenaar.GetFromJsonAsync<JsonObject>(batchUrl))!)["status"] != "Afgerond" && waited++ < 100) await Task.Delay(100);
        Assert.Equal("Afgerond", (string?)batch["status"]);
        Assert.Equal((1, 1, 0), ((int)batch["voortgang"]!["totaal"]!, (int)batch["voortgang"]!["gemigreerd"]!, (int)batch["voortgang"]!["mislukt"]!));
        Assert.Equal("school S-APD-01, stap Stap 2: 1 zaken", (string?)batch["selectie"]);

        var detail = await CaseAsync();
        Assert.Equal(2, (int)detail["zaak"]!["versie"]!);
        var deadlines = detail["deadlines"]!.AsArray();
        Assert.Equal(NewKantelpunt, DateTimeOffset.Parse((string)deadlines.Single(d => (string?)d!["elementId"] == "apd_stap2_kantelpunt")!["op"]!));
        Assert.Equal(NewKantelpunt, DateTimeOffset.Parse((string)deadlines.Single(d => (string?)d!["elementId"] == "apd_stap2_interventie")!["op"]!));
        Assert.Contains(detail["timeline"]!.AsArray(), e => (string?)e!["soort"] == "InstanceMigrated");
    }

    [Fact]
    public async Task A_plan_that_maps_an_element_onto_another_kind_is_refused_naming_the_element_and_bad_requests_name_the_field()
    {
        var v1 = await VersionIdAsync(1);
        await _eigenaar.PostAsync("/api/definitions", new StringContent(FiveWeekKantelpunt, Encoding.UTF8, "application/xml"));
        var refused = await _eigenaar.PostAsJsonAsync($"/api/definitions/{v1}/migrations",
            new { mappings = new[] { new { van = "apd_stap2_interventie", naar = "apd_stap2_vervolg_gw" } }, selectie = new { alle = true } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var problem = (await refused.Content.ReadFromJsonAsync<JsonObject>())!;
        var first = problem["problemen"]!.AsArray().First(p => (string?)p!["regel"] == "soort-gewijzigd")!;
        Assert.Equal("apd_stap2_interventie", (string?)first["element"]);

        var noSelection = await _eigenaar.PostAsJsonAsync($"/api/definitions/{v1}/migrations", new { });
        Assert.Equal(HttpStatusCode.BadRequest, noSelection.StatusCode);
        Assert.Contains("selectie", (await noSelection.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.ToString());
        var badRule = await _eigenaar.PostAsJsonAsync($"/api/definitions/{v1}/migrations/plan", new { timerregels = new[] { new { element = "apd_stap2_kantelpunt", regel = "morgen" } } });
        Assert.Equal(HttpStatusCode.BadRequest, badRule.StatusCode);
        Assert.Contains("'morgen'", (await badRule.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.ToString());
        Assert.Equal(1, (int)(await CaseAsync())["zaak"]!["versie"]!);
    }

    [Fact]
    public async Task The_beheerder_moves_a_stuck_case_to_step_3_with_a_reason_and_a_missing_reason_is_refused_by_name()
    {
        var missing = await _beheerder.PostAsJsonAsync($"/api/cases/{_caseId}/verplaatsen", new { van = "apd_stap2_interventie", naar = "apd_stap3_richting" });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("'reden'", (await missing.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.ToString());
        Assert.Equal(HttpStatusCode.Forbidden, (await _kernteamA.PostAsJsonAsync($"/api/cases/{_caseId}/verplaatsen",
            new { van = "apd_stap2_interventie", naar = "apd_stap3_richting", reden = "test" })).StatusCode);

        var moved = await PostAsync(_beheerder, $"/api/cases/{_caseId}/verplaatsen",
            new { van = "apd_stap2_interventie", naar = "apd_stap3_richting", reden = "Kernteam besloot op 1 december tot opschaling." });
        Assert.Contains("apd_stap3_richting", moved["actief"]!.AsArray().Select(a => (string?)a));
        var detail = await CaseAsync();
        Assert.Contains(detail["taken"]!.AsArray(), t => (string?)t!["elementId"] == "apd_stap3_richting");
        Assert.Contains(detail["timeline"]!.AsArray(), e => (string?)e!["soort"] == "TokenMoved");
        var wrongScope = await _beheerder.PostAsJsonAsync($"/api/cases/{_caseId}/verplaatsen", new { van = "apd_stap3_richting", naar = "apd_splitsen", reden = "test" });
        Assert.Equal(HttpStatusCode.Conflict, wrongScope.StatusCode);
        Assert.Contains("eigen bereik", (await wrongScope.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.ToString());
    }

    private async Task<Guid> VersionIdAsync(int version)
    {
        var definitions = (await _eigenaar.GetFromJsonAsync<JsonArray>("/api/definitions"))!;
        var apeldoorn = definitions.Single(d => (string?)d!["processId"] == ProcessId)!;
        return Guid.Parse((string)apeldoorn["versies"]!.AsArray().Single(v => (int)v!["versie"]! == version)!["id"]!);
    }

    private async Task<JsonObject> CaseAsync() => (await _kernteamA.GetFromJsonAsync<JsonObject>($"/api/cases/{_caseId}"))!;

    private static async Task<JsonObject> PostAsync(HttpClient client, string url, object body)
    {
        var response = await client.PostAsJsonAsync(url, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    private async Task WorkAsync(string day, string elementId, object data)
    {
        _clock.Set(DateTimeOffset.Parse($"{day}T08:00:00Z"));
        JsonNode? task = null;
        for (var i = 0; i < 50 && task is null; i++)
        {
            task = (await _kernteamA.GetFromJsonAsync<JsonArray>("/api/tasks"))!
                .FirstOrDefault(t => (string?)t!["caseId"] == _caseId.ToString() && (string?)t["elementId"] == elementId);
            if (task is null) await Task.Delay(100);
        }
        Assert.True(task is not null, $"no open task {elementId} on {day}");
        var id = (string)task!["id"]!;
        Assert.Equal(HttpStatusCode.OK, (await _kernteamA.PostAsync($"/api/tasks/{id}/claim", null)).StatusCode);
        var completed = await _kernteamA.PostAsJsonAsync($"/api/tasks/{id}/complete", data);
        Assert.True(completed.StatusCode == HttpStatusCode.NoContent, $"{elementId}: {(int)completed.StatusCode} {await completed.Content.ReadAsStringAsync()}");
    }
}
