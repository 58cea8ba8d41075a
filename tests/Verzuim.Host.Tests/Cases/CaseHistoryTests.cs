using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Verzuim.Host.Tests.Api;
using Verzuim.Workflows.Time;

namespace Verzuim.Host.Tests.Cases;

/// <summary>
/// An Apeldoorn case opened today (2026-12-03) and worked over two weeks, each task left open for days: the case's
/// history has every step, regie and feedback date it had, with the day and the person whose task completion set it,
/// also after the regie was overwritten by a second kernteam meeting (seed 003, stap 2: "herhalen") held by a colleague.
/// </summary>
public sealed class CaseHistoryTests : IAsyncLifetime
{
    private const string SchoolA = "S-APD-01";
    private readonly VirtualClock _clock = new(DateTimeOffset.Parse("2026-12-03T08:00:00Z"));
    private VerzuimHost _host = null!;
    private HttpClient _system = null!, _kernteamA = null!, _voorzitter = null!, _kernteamB = null!;
    private Guid _caseId;

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?> { ["Engine:WorkflowsPath"] = "workflows" };
        // the kernteam of school A: kernteam-a and, for the second meeting, the chair
        settings["Scholen:Lijst:0:Rollen:kernteamlid:0"] = "kernteam-a";
        settings["Scholen:Lijst:0:Rollen:kernteamlid:1"] = "voorzitter";
        _host = await VerzuimHost.StartAsync(settings: settings, services: s => s.Replace(ServiceDescriptor.Singleton<IClock>(_clock)));
        _system = await ApiSession.AsSystemAsync(_host);
        _kernteamA = await ApiSession.AsUserAsync(_host, "kernteam-a");
        _voorzitter = await ApiSession.AsUserAsync(_host, "voorzitter");
        _kernteamB = await ApiSession.AsUserAsync(_host, "kernteam-b");
        JsonObject? last = null;
        foreach (var day in new[] { "2026-11-12", "2026-11-19", "2026-11-26", "2026-12-03" })
            last = await ApiSession.PostMessageAsync(_system, "AbsentieGeregistreerd", new
            {
                berichtId = Guid.NewGuid(), leerlingId = "L-HIST-1", schoolId = SchoolA, tijdstip = $"{day}T07:00:00Z", datum = day, soort = "Ziek", uren = 6,
            });
        _caseId = Guid.Parse((string)last!["zaken"]![0]!);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Step_regie_and_feedback_date_keep_every_value_with_who_set_it_and_when()
    {
        await WorkAsync(_kernteamA, "2026-12-07", "apd_stap1_interventies", new { interventies = "Gesprek met ouders en mentor; dagelijkse check-in." });
        await WorkAsync(_kernteamA, "2026-12-10", "apd_stap1_bewaken", new { }); // "nu opschalen": to stap 2
        await WorkAsync(_kernteamA, "2026-12-14", "apd_stap2_kernteam_anoniem", new { regievoerder = "Mentor De Vries", terugkoppelingsdatum = "2026-12-21" });
        await WorkAsync(_kernteamA, "2026-12-16", "apd_stap2_interventie", new { vervolgStap2 = "Herhalen" });
        await WorkAsync(_voorzitter, "2026-12-18", "apd_stap2_kernteam_anoniem", new { regievoerder = "Jeugdverpleegkundige Bakker", terugkoppelingsdatum = "2027-01-15" });

        var detail = (await _kernteamA.GetFromJsonAsync<JsonObject>($"/api/cases/{_caseId}"))!;
        var history = detail["historie"]!.AsArray().Select(h => (
            Onderwerp: (string)h!["onderwerp"]!, Waarde: (string?)h["waarde"], Op: DateTimeOffset.Parse((string)h["op"]!), Door: (string?)h["door"],
            Bron: (string)h["bron"]!, Via: (string?)h["via"])).ToList();

        var steps = history.Where(h => h.Onderwerp == "stap").ToList();
        // opened by the 4th sick report; escalated when the watch task was completed, not again when stap 2 was repeated
        Assert.Equal(["Stap 1", "Stap 2"], steps.Select(s => s.Waarde));
        Assert.Equal(("bericht", "AbsentieGeregistreerd", (string?)null), (steps[0].Bron, steps[0].Via, steps[0].Door));
        Assert.Equal(At("2026-12-03"), steps[0].Op);
        Assert.Equal(("taak", "Stap 1: herstel schoolgang bewaken", "kernteam-a"), (steps[1].Bron, steps[1].Via, steps[1].Door));
        Assert.Equal(At("2026-12-10"), steps[1].Op);

        var regie = history.Where(h => h.Onderwerp == "regievoerder").ToList();
        Assert.Equal(["Mentor De Vries", "Jeugdverpleegkundige Bakker"], regie.Select(r => r.Waarde));
        Assert.Equal(["kernteam-a", "voorzitter"], regie.Select(r => r.Door));
        Assert.Equal([At("2026-12-14"), At("2026-12-18")], regie.Select(r => r.Op));
        Assert.All(regie, r => Assert.Equal(("taak", "Stap 2 Kernteam aan zet: anonieme bespreking"), (r.Bron, r.Via)));

        var feedback = history.Where(h => h.Onderwerp == "terugkoppelingsdatum").ToList();
        Assert.Equal(["2026-12-21", "2027-01-15"], feedback.Select(r => r.Waarde));
        Assert.Equal(["kernteam-a", "voorzitter"], feedback.Select(r => r.Door));

        // the current values are the last ones in the history; the timeline itself is unchanged by it
        Assert.Equal("Jeugdverpleegkundige Bakker", (string?)detail["zaak"]!["regie"]);
        Assert.DoesNotContain(detail["timeline"]!.AsArray(), e => (string?)e!["soort"] == "VariableChanged");
        Assert.Equal(HttpStatusCode.NotFound, (await _kernteamB.GetAsync($"/api/cases/{_caseId}")).StatusCode);
    }

    [Fact]
    public async Task A_case_from_before_the_engine_kept_the_history_shows_what_its_tasks_recorded()
    {
        await WorkAsync(_kernteamA, "2026-12-07", "apd_stap1_interventies", new { interventies = "Gesprek met ouders." });
        await WorkAsync(_kernteamA, "2026-12-08", "apd_stap1_bewaken", new { });
        await WorkAsync(_kernteamA, "2026-12-14", "apd_stap2_kernteam_anoniem", new { regievoerder = "Mentor De Vries", terugkoppelingsdatum = "2026-12-21" });
        await WorkAsync(_kernteamA, "2026-12-16", "apd_stap2_interventie", new { vervolgStap2 = "Herhalen" });
        await WorkAsync(_voorzitter, "2026-12-18", "apd_stap2_kernteam_anoniem", new { regievoerder = "Mentor De Vries", terugkoppelingsdatum = "2027-01-15" });
        // as if these changes were made before the engine wrote VariableChanged rows
        await using (var db = _host.Services.GetRequiredService<Verzuim.Persistence.WorkflowStore>().CreateContext())
            await db.Timeline.Where(t => t.InstanceId == _caseId && t.Kind == Verzuim.Workflows.Stores.TimelineKind.VariableChanged).ExecuteDeleteAsync();

        var history = (await _kernteamA.GetFromJsonAsync<JsonObject>($"/api/cases/{_caseId}"))!["historie"]!.AsArray();
        // the same regievoerder named twice is one value; the feedback date changed, by the chair
        var regie = history.Where(h => (string?)h!["onderwerp"] == "regievoerder").ToList();
        Assert.Equal(("Mentor De Vries", "kernteam-a", At("2026-12-14")), ((string?)regie.Single()!["waarde"], (string?)regie.Single()!["door"], DateTimeOffset.Parse((string)regie.Single()!["op"]!)));
        var feedback = history.Where(h => (string?)h!["onderwerp"] == "terugkoppelingsdatum").ToList();
        Assert.Equal(["2026-12-21", "2027-01-15"], feedback.Select(h => (string?)h!["waarde"]));
        Assert.Equal(["kernteam-a", "voorzitter"], feedback.Select(h => (string?)h!["door"]));
        Assert.Equal(["Stap 1", "Stap 2"], history.Where(h => (string?)h!["onderwerp"] == "stap").Select(h => (string?)h!["waarde"]));
    }

    [Fact]
    public async Task The_step_1_watch_task_asks_for_confirmation_and_other_tasks_do_not()
    {
        var confirmations = (await _kernteamA.GetFromJsonAsync<JsonObject>($"/api/cases/{_caseId}/bevestigingen"))!;
        Assert.Equal("Hiermee gaat de zaak naar stap 2. Doorgaan?", (string?)confirmations["apd_stap1_bewaken"]);
        Assert.False(confirmations.ContainsKey("apd_stap1_interventies"));
        Assert.Equal(HttpStatusCode.NotFound, (await _kernteamB.GetAsync($"/api/cases/{_caseId}/bevestigingen")).StatusCode);
    }

    /// <summary>On that day (09:00 in Amsterdam) the user claims the case's open task of that element and completes it.</summary>
    private async Task WorkAsync(HttpClient user, string day, string elementId, object data)
    {
        _clock.Set(At(day));
        JsonNode? task = null;
        for (var i = 0; i < 50 && task is null; i++)
        {
            task = (await user.GetFromJsonAsync<JsonArray>("/api/tasks"))!
                .FirstOrDefault(t => (string?)t!["caseId"] == _caseId.ToString() && (string?)t["elementId"] == elementId);
            if (task is null) await Task.Delay(100);
        }
        Assert.True(task is not null, $"no open task {elementId} on {day}");
        var id = (string)task!["id"]!;
        Assert.Equal(HttpStatusCode.OK, (await user.PostAsync($"/api/tasks/{id}/claim", null)).StatusCode);
        var completed = await user.PostAsJsonAsync($"/api/tasks/{id}/complete", data);
        Assert.True(completed.StatusCode == HttpStatusCode.NoContent, $"{elementId}: {(int)completed.StatusCode} {await completed.Content.ReadAsStringAsync()}");
    }

    private static DateTimeOffset At(string day) => DateTimeOffset.Parse($"{day}T08:00:00Z");
}
