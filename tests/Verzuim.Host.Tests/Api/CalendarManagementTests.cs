using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Serilog.Core;
using Serilog.Events;
using Verzuim.Host.Schools;
using Verzuim.Persistence;
using Verzuim.Workflows.Runtime;
using Verzuim.Workflows.Stores;
using Verzuim.Workflows.Time;

namespace Verzuim.Host.Tests.Api;

/// <summary>
/// The beheerder changes the calendar under a running case: a study day inside a kantelpunt moves it by exactly one
/// school day; holiday data cut back to 2026 makes it a visible estimate (case, warnings, readiness); bad data is
/// refused naming the entry. Today is Wed 2 Dec 2026, 10:00 in Amsterdam; the school is S-APD-01 (region midden).
/// </summary>
[Collection(LogCaptureCollection.Name)]
public sealed class CalendarManagementTests : IAsyncLifetime
{
    private const string School = "S-APD-01";

    // "3 schoolweken" from Wed 2 Dec 2026 10:00 with the shipped data: Dec 3-4 (2), 7-11 (7), 14-18 (12), kerstvakantie
    // 19 Dec - 3 Jan, Jan 4 (13), 5 (14), 6 (15) → Wed 6 Jan 2027 10:00 = 09:00Z.
    private static readonly DateTimeOffset Kantelpunt = DateTimeOffset.Parse("2027-01-06T09:00:00Z");

    private const string Model = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:verzuim="urn:verzuim:bpmn:1" id="Defs" targetNamespace="http://verzuim/test">
          <bpmn:process id="kalender-kantelpunt" name="Kantelpunt" isExecutable="true">
            <bpmn:startEvent id="start"/>
            <bpmn:userTask id="stap1" name="Interventies stap 1" verzuim:candidateRole="kernteamlid"/>
            <bpmn:boundaryEvent id="drieWeken" name="3 schoolweken" attachedToRef="stap1">
              <bpmn:timerEventDefinition><bpmn:timeDuration>3 schoolweken</bpmn:timeDuration></bpmn:timerEventDefinition>
            </bpmn:boundaryEvent>
            <bpmn:endEvent id="klaar"/>
            <bpmn:endEvent id="kantelpunt"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="stap1"/>
            <bpmn:sequenceFlow id="f2" sourceRef="stap1" targetRef="klaar"/>
            <bpmn:sequenceFlow id="f3" sourceRef="drieWeken" targetRef="kantelpunt"/>
          </bpmn:process>
        </bpmn:definitions>
        """;

    private readonly LogLines _log = new();
    private VerzuimHost _host = null!;
    private VirtualClock _clock = null!;
    private HttpClient _beheerder = null!, _kernteam = null!;
    private Guid _caseId;

    public async Task InitializeAsync()
    {
        var clock = _clock = new VirtualClock(DateTimeOffset.Parse("2026-12-02T09:00:00Z"));
        _host = await VerzuimHost.StartAsync(settings: new Dictionary<string, string?> { ["Scholen:Lijst:0:Rollen:kernteamlid:0"] = "kernteam-a" },
            services: s =>
            {
                s.Replace(ServiceDescriptor.Singleton<IClock>(clock));
                s.AddSingleton<ILogEventSink>(_log); // Serilog reads its sinks from the services too
            });
        _beheerder = await ApiSession.AsUserAsync(_host, "beheerder");
        _kernteam = await ApiSession.AsUserAsync(_host, "kernteam-a");
        var engine = _host.Services.GetRequiredService<WorkflowEngine>();
        await engine.DeployAsync(Model);
        _caseId = await engine.StartAsync("kalender-kantelpunt", new JsonObject { ["leerlingId"] = "L-KAL-1", ["schoolId"] = School }, "L-KAL-1");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task The_overview_shows_the_next_kantelpunt_with_the_school_days_left_as_the_case_view_counts_them()
    {
        var chair = await ApiSession.AsUserAsync(_host, "voorzitter");
        var overview = (await chair.GetFromJsonAsync<JsonObject>("/api/overview"))!;
        var row = overview["zaken"]!.AsArray().Single(z => (string?)z!["id"] == _caseId.ToString())!;
        Assert.Equal(Kantelpunt, (DateTimeOffset)row["volgendeDeadline"]!);
        Assert.Equal(15, (int)row["schooldagenOver"]!); // the 15 school days counted above, holidays skipped
        Assert.Null((string?)row["voorlopig"]); // the shipped data covers it
    }

    [Fact]
    public async Task A_study_day_inside_the_kantelpunt_moves_it_by_exactly_one_school_day_and_the_timeline_says_why()
    {
        Assert.Equal(Kantelpunt, await DueAsync());
        var before = await CaseAsync();
        var deadline = before["deadlines"]!.AsArray().Single(d => (string?)d!["elementId"] == "drieWeken")!;
        Assert.Equal(15, (int)deadline["schooldagenOver"]!); // the 15 school days counted above
        Assert.Null((string?)deadline["voorlopig"]);
        Assert.Equal("midden", (string?)before["kalender"]!["regio"]);

        // Tue 5 Jan becomes a study day: the 15th school day is now Thu 7 Jan
        var added = await _beheerder.PostAsJsonAsync($"/api/kalender/scholen/{School}/dagen", new { datum = "2027-01-05", soort = "Studiedag", omschrijving = "teamscholing" });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var answer = (await added.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(1, (int)answer["verplaatsteTermijnen"]!);
        Assert.Equal(Kantelpunt.AddDays(1), await DueAsync());

        var detail = await CaseAsync();
        var moved = detail["timeline"]!.AsArray().Single(t => (string?)t!["soort"] == "TimerRescheduled")!;
        Assert.Equal(Kantelpunt.AddDays(1), (DateTimeOffset)moved["deadline"]!);
        Assert.Equal("was 2027-01-06 10:00; studiedag 5 januari 2027 toegevoegd door beheerder", (string?)moved["detail"]);
        Assert.Contains("2027-01-05", detail["kalender"]!["studiedagen"]!.AsArray().Select(d => (string?)d));
        Assert.Equal(15, (int)detail["deadlines"]!.AsArray().Single(d => (string?)d!["elementId"] == "drieWeken")!["schooldagenOver"]!);

        // a day that is no school day anyway is refused, naming it; removing the study day moves the timer back
        var refused = await _beheerder.PostAsJsonAsync($"/api/kalender/scholen/{School}/dagen", new { datum = "2026-12-25", soort = "VrijeDag" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("2026-12-25 is al geen schooldag", await refused.Content.ReadAsStringAsync());
        var id = (string)answer["dag"]!["id"]!;
        Assert.Equal(HttpStatusCode.OK, (await _beheerder.DeleteAsync($"/api/kalender/scholen/{School}/dagen/{id}")).StatusCode);
        Assert.Equal(Kantelpunt, await DueAsync());

        var audit = await _host.Services.GetRequiredService<WorkflowStore>().CreateContext().AuditLog.AsNoTracking().Select(a => a.Action).ToListAsync();
        Assert.Contains("kalender-dag-toegevoegd", audit);
        Assert.Contains("kalender-dag-verwijderd", audit);
    }

    [Fact]
    public async Task Holiday_data_cut_back_to_2026_makes_the_kantelpunt_a_visible_estimate_until_full_data_returns()
    {
        var shipped = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Schools", "schoolvakanties.json"));
        var cut = JsonNode.Parse(shipped)!.AsObject();
        cut["content"] = new JsonArray(cut["content"]!.AsArray().Where(y => (string?)y!["schoolyear"] == "2025-2026").Select(y => y!.DeepClone()).ToArray());
        Assert.Equal(HttpStatusCode.OK, (await _host.CreateClient().GetAsync("/health/ready")).StatusCode);
        Assert.Equal("Healthy", (string?)(await ReadyAsync())["checks"]!["kalender"]!["status"]); // the shipped data runs today without a warning

        Assert.Equal(HttpStatusCode.OK, (await PutHolidaysAsync(cut.ToJsonString())).StatusCode);

        // midden's data now ends with zomervakantie 2026 (30 Aug): Christmas is unknown, 15 weekdays from 2 Dec = Wed 23 Dec
        const string note = "termijn voorlopig: geen vakantiedata na 30 augustus 2026 (regio midden)";
        Assert.Equal(DateTimeOffset.Parse("2026-12-23T09:00:00Z"), await DueAsync());
        var deadline = (await CaseAsync())["deadlines"]!.AsArray().Single(d => (string?)d!["elementId"] == "drieWeken")!;
        Assert.Equal(note, (string?)deadline["voorlopig"]);
        var warnings = (await _beheerder.GetFromJsonAsync<JsonArray>("/api/kalender/waarschuwingen"))!;
        Assert.Contains(warnings, w => (string?)w!["soort"] == "termijn" && (string?)w["caseId"] == _caseId.ToString() && (string?)w["bericht"] == note);
        Assert.Contains(warnings, w => (string?)w!["soort"] == "kalender" && (string?)w["schoolId"] == School);
        var ready = await ReadyAsync();
        Assert.Equal("Degraded", (string?)ready["checks"]!["kalender"]!["status"]);
        Assert.Contains("regio midden (S-APD-01): vakantiedata tot 30 augustus 2026", (string?)ready["checks"]!["kalender"]!["Description"]);
        var chair = await ApiSession.AsUserAsync(_host, "voorzitter");
        Assert.Equal(note, (string?)(await OverviewRowAsync(chair))["voorlopig"]); // the overview marks it as the case view does

        Assert.Equal(HttpStatusCode.OK, (await PutHolidaysAsync(shipped)).StatusCode);
        Assert.Equal(Kantelpunt, await DueAsync());
        Assert.DoesNotContain((await _beheerder.GetFromJsonAsync<JsonArray>("/api/kalender/waarschuwingen"))!, w => (string?)w!["soort"] == "termijn");
        Assert.Null((string?)(await OverviewRowAsync(chair))["voorlopig"]);
        Assert.Null((string?)(await CaseAsync())["deadlines"]!.AsArray().Single(d => (string?)d!["elementId"] == "drieWeken")!["voorlopig"]);
    }

    [Fact]
    public async Task The_log_says_once_a_day_which_school_calendar_is_too_short_and_a_new_shortfall_at_once()
    {
        var monitor = _host.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<CalendarMonitor>().Single();
        const string apeldoorn = "regio midden (S-APD-01): vakantiedata tot 30 augustus 2026";
        int Lines(string school) => _log.Messages.Count(m => m.StartsWith("School calendar too short") && m.Contains($"({school})"));
        await monitor.CheckAsync(CancellationToken.None);
        Assert.Equal(0, Lines(School)); // the shipped data reaches beyond 12 months from today

        // cut back to 2025-2026 during the day: said at once, for each school, and not again that day
        Assert.Equal(HttpStatusCode.OK, (await PutHolidaysAsync(CutTo2025_2026())).StatusCode);
        await monitor.CheckAsync(CancellationToken.None);
        await monitor.CheckAsync(CancellationToken.None);
        Assert.Equal(1, Lines(School));
        Assert.Contains(_log.Messages, m => m.Contains(apeldoorn));
        Assert.Equal(1, Lines("S-GRO-01")); // noord too: every configured school has the same cut data

        // the next day, once more
        _clock.Set(_clock.UtcNow.AddDays(1));
        await monitor.CheckAsync(CancellationToken.None);
        await monitor.CheckAsync(CancellationToken.None);
        Assert.Equal(2, Lines(School));
    }

    private static string CutTo2025_2026()
    {
        var cut = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Schools", "schoolvakanties.json")))!.AsObject();
        cut["content"] = new JsonArray(cut["content"]!.AsArray().Where(y => (string?)y!["schoolyear"] == "2025-2026").Select(y => y!.DeepClone()).ToArray());
        return cut.ToJsonString();
    }

    private async Task<JsonObject> OverviewRowAsync(HttpClient chair) =>
        (await chair.GetFromJsonAsync<JsonObject>("/api/overview"))!["zaken"]!.AsArray().Single(z => (string?)z!["id"] == _caseId.ToString())!.AsObject();

    /// <summary>The host's log events, rendered.</summary>
    private sealed class LogLines : ILogEventSink
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _messages = new();
        public IReadOnlyCollection<string> Messages => _messages;
        public void Emit(LogEvent logEvent) => _messages.Enqueue(logEvent.RenderMessage());
    }

    [Theory]
    [InlineData("""{ "content": [ { "vacations": [ { "type": "Kerstvakantie", "regions": [ { "region": "noord", "startdate": "2027-01-03T00:00:00.000Z", "enddate": "2026-12-19T00:00:00.000Z" } ] } ] } ] }""",
        "content[0].vacations[0].regions[0]: enddate 2026-12-19 ligt voor startdate 2027-01-03")]
    [InlineData("""{ "content": [ { "vacations": [ { "type": "Kerstvakantie", "regions": [ { "region": "west", "startdate": "2026-12-18T23:00:00.000Z", "enddate": "2027-01-03T00:00:00.000Z" } ] } ] } ] }""",
        "Regio 'midden' komt niet voor in de schoolvakanties")]
    [InlineData("geen json", "ongeldige JSON")]
    public async Task Bad_holiday_data_is_refused_with_the_entry_named_and_changes_nothing(string json, string expected)
    {
        var response = await PutHolidaysAsync(json);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Contains(expected, (string?)problem["detail"]);
        Assert.Equal(Kantelpunt, await DueAsync());
    }

    [Fact]
    public async Task Overlapping_holidays_are_refused_naming_the_region_and_both_entries()
    {
        // the shipped data plus an extra zuid holiday 2-5 Jan 2027, inside kerstvakantie (19 Dec 2026 - 3 Jan 2027)
        var data = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Schools", "schoolvakanties.json")))!;
        data["content"]![2]!["vacations"]!.AsArray().Add(JsonNode.Parse("""
            { "type": "Extra", "regions": [ { "region": "zuid", "startdate": "2027-01-01T23:00:00.000Z", "enddate": "2027-01-05T00:00:00.000Z" } ] }
            """));
        var response = await PutHolidaysAsync(data.ToJsonString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("regio zuid: Extra 2027-01-02 t/m 2027-01-05 overlapt met Kerstvakantie 2026-12-19 t/m 2027-01-03",
            (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["detail"]);
    }

    private async Task<HttpResponseMessage> PutHolidaysAsync(string json) =>
        await _beheerder.PutAsync("/api/kalender/vakanties", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

    private async Task<JsonObject> CaseAsync() => (await _kernteam.GetFromJsonAsync<JsonObject>($"/api/cases/{_caseId}"))!;

    private async Task<JsonObject> ReadyAsync() => JsonNode.Parse(await (await _host.CreateClient().GetAsync("/health/ready")).Content.ReadAsStringAsync())!.AsObject();

    private async Task<DateTimeOffset?> DueAsync()
    {
        await using var db = _host.Services.GetRequiredService<WorkflowStore>().CreateContext();
        return await db.Subscriptions.AsNoTracking().Where(s => s.InstanceId == _caseId && s.Kind == SubscriptionKind.Timer).Select(s => s.DueAt).SingleAsync();
    }
}
