using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Verzuim.Contracts;
using Verzuim.Host.Audit;
using Verzuim.Host.Tests.Api;
using Verzuim.Persistence;
using Verzuim.Workflows.Runtime;
using Verzuim.Workflows.Stores;
using static Verzuim.Workflows.Tests.Support.Bpmn;

namespace Verzuim.Host.Tests.ErrorQueue;

/// <summary>
/// The beheerder's error queue over a real RabbitMQ: messages refused by the inbound queue are listed with their reason,
/// shown without free text, offered again with a correction (the case advances once, also when the berichtId was already
/// applied) or discarded with a reason; every action is audited and a handled row keeps who, when and what.
/// </summary>
public sealed class ErrorQueueApiTests : IAsyncLifetime
{
    // the conversation completes the waiting task once: a second delivery would open a second "opvolgen"
    private static readonly string Model = Process("foutwachtrij", """
        <bpmn:startEvent id="s"/>
        <bpmn:receiveTask id="gesprek" messageRef="Msg_GesprekGehouden"/>
        <bpmn:userTask id="opvolgen" verzuim:candidateRole="verzuimcoordinator"/>
        <bpmn:endEvent id="e"/>
        """ + Flows("s", "gesprek", "opvolgen", "e"), "GesprekGehouden:leerlingId");

    private VerzuimHost _host = null!;
    private IBusControl _client = null!;
    private HttpClient _beheerder = null!;

    public async Task InitializeAsync()
    {
        _host = await VerzuimHost.StartAsync();
        await Engine.DeployAsync(Model);
        _client = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(new Uri(VerzuimHost.RabbitMq)));
        await _client.StartAsync();
        _beheerder = await ApiSession.AsUserAsync(_host, "beheerder");
    }

    public async Task DisposeAsync()
    {
        await _client.StopAsync();
        await _host.DisposeAsync();
    }

    private WorkflowEngine Engine => _host.Services.GetRequiredService<WorkflowEngine>();
    private WorkflowStore Store => _host.Services.GetRequiredService<WorkflowStore>();

    private async Task SendAsync<T>(T message) where T : class =>
        await (await _client.GetSendEndpoint(new Uri($"exchange:{_host.Queue}"))).Send(message);

    private async Task<Guid> CaseWaitingForConversationAsync(string pupil) =>
        await Engine.StartAsync("foutwachtrij", new JsonObject { ["leerlingId"] = pupil, ["schoolId"] = "S-FW" }, pupil);

    /// <summary>A conversation without its pupil id: refused by the inbound queue, so it waits in the error queue.</summary>
    private async Task<(Guid BerichtId, Guid Row)> RefusedConversationAsync(string afspraak = "belt vrijdag terug")
    {
        var berichtId = Guid.NewGuid();
        await SendAsync(new GesprekGehouden(berichtId, "", "S-FW", DateTimeOffset.UtcNow, "ouders", new DateOnly(2026, 12, 2), afspraak));
        return (berichtId, (await ErrorRows.WaitForBerichtAsync(Store, berichtId)).Id);
    }

    private async Task<List<TaskRecord>> TasksAsync(Guid caseId)
    {
        await using var db = Store.CreateContext();
        return await db.Tasks.AsNoTracking().Where(t => t.InstanceId == caseId).ToListAsync();
    }

    private async Task<List<AuditEntryRecord>> AuditAsync(string action, Guid row)
    {
        await using var db = Store.CreateContext();
        return (await db.AuditLog.AsNoTracking().Where(a => a.Action == action).ToListAsync()).Where(a => a.Detail?.Contains(row.ToString()) == true).ToList();
    }

    [Fact]
    public async Task A_refused_message_is_listed_and_shown_with_its_reason_and_without_its_free_text()
    {
        var (berichtId, row) = await RefusedConversationAsync();

        var list = JsonNode.Parse(await _beheerder.GetStringAsync("/api/foutberichten?type=GesprekGehouden&schoolId=S-FW"))!.AsArray();
        var item = list.Single(i => (Guid)i!["id"]! == row)!;
        Assert.Equal(("GesprekGehouden", berichtId, "open"), ((string?)item["type"], (Guid?)item["berichtId"], (string?)item["status"]));
        Assert.Contains("leerlingId", (string)item["reden"]!);

        var text = await _beheerder.GetStringAsync($"/api/foutberichten/{row}");
        var detail = JsonNode.Parse(text)!;
        Assert.Equal("ouders", (string?)detail["bericht"]!["soort"]);
        Assert.Equal(berichtId, (Guid?)detail["bericht"]!["berichtId"]);
        Assert.Equal("[verborgen]", (string?)detail["bericht"]!["afspraak"]);
        Assert.Contains("afspraak", detail["verborgen"]!.AsArray().Select(n => (string?)n));
        Assert.DoesNotContain("belt vrijdag", text);
        Assert.Contains("leerlingId", detail["velden"]!.AsArray().Select(n => (string?)n));
        Assert.NotEmpty(await AuditAsync(AuditLog.ErrorMessageRead, row));

        // another school's or another type's filter leaves it out; a period of other days too
        Assert.DoesNotContain(JsonNode.Parse(await _beheerder.GetStringAsync("/api/foutberichten?schoolId=S-ANDERS"))!.AsArray(), i => (Guid)i!["id"]! == row);
        Assert.DoesNotContain(JsonNode.Parse(await _beheerder.GetStringAsync("/api/foutberichten?type=JeugdartsAdvies"))!.AsArray(), i => (Guid)i!["id"]! == row);
        Assert.DoesNotContain(JsonNode.Parse(await _beheerder.GetStringAsync("/api/foutberichten?van=2020-01-01&tot=2020-01-31"))!.AsArray(), i => (Guid)i!["id"]! == row);
    }

    [Theory]
    [InlineData("status=bijna", "status")]
    [InlineData("type=Onzin", "Onzin")]
    [InlineData("van=3-12-2026", "van")]
    [InlineData("van=2026-12-03&tot=2026-12-01", "tot")]
    public async Task A_bad_filter_is_a_400_naming_it(string query, string named)
    {
        var response = await _beheerder.GetAsync($"/api/foutberichten?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(named, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_corrected_replay_advances_the_case_once_and_the_row_keeps_who_when_and_what()
    {
        var caseId = await CaseWaitingForConversationAsync("L-FW-1");
        var (berichtId, row) = await RefusedConversationAsync();

        var response = await _beheerder.PostAsJsonAsync($"/api/foutberichten/{row}/opnieuw", new { correctie = new { leerlingId = "L-FW-1" } });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var outcome = JsonNode.Parse(text)!;
        Assert.Equal(("verwerkt", "Correlated"), ((string?)outcome["status"], (string?)outcome["uitkomst"]));
        Assert.Contains(outcome["zaken"]!.AsArray(), z => (Guid)z!["id"]! == caseId);
        Assert.Single(await TasksAsync(caseId), t => t.ElementId == "opvolgen");

        await using (var db = Store.CreateContext())
        {
            var handled = await db.ErrorMessages.AsNoTracking().SingleAsync(e => e.Id == row);
            Assert.Equal((ErrorMessageStatus.Replayed, "beheerder"), (handled.Status, handled.HandledBy));
            Assert.NotNull(handled.HandledAt);
            Assert.Contains("leerlingId", handled.HandledNote);
            Assert.Null(handled.Body); // offered again: the original is not kept any longer
            Assert.Equal(1, await db.ProcessedMessages.CountAsync(p => p.MessageId == berichtId));
        }
        var line = Assert.Single(await AuditAsync(AuditLog.ErrorMessageReplayed, row));
        Assert.Equal(("beheerder", AuditLog.Succeeded, "S-FW"), (line.User, line.Result, line.SchoolId));
        Assert.Contains("leerlingId", line.Detail);
        Assert.DoesNotContain("L-FW-1", line.Detail); // names, not values

        // offered once: a second offer of the same row is a conflict, and the case still has one follow-up task
        Assert.Equal(HttpStatusCode.Conflict, (await _beheerder.PostAsJsonAsync($"/api/foutberichten/{row}/opnieuw", new { })).StatusCode);
        Assert.DoesNotContain(JsonNode.Parse(await _beheerder.GetStringAsync("/api/foutberichten"))!.AsArray(), i => (Guid)i!["id"]! == row);
        var done = JsonNode.Parse(await _beheerder.GetStringAsync("/api/foutberichten?status=afgehandeld"))!.AsArray().Single(i => (Guid)i!["id"]! == row)!;
        Assert.Equal(("opnieuw-aangeboden", "beheerder"), ((string?)done["status"], (string?)done["afgehandeldDoor"]));
        Assert.Single(await TasksAsync(caseId), t => t.ElementId == "opvolgen");
    }

    [Fact]
    public async Task A_replay_of_a_berichtId_already_applied_changes_nothing_a_second_time()
    {
        var caseId = await CaseWaitingForConversationAsync("L-FW-2");
        var berichtId = Guid.NewGuid();
        var message = new GesprekGehouden(berichtId, "L-FW-2", "S-FW", DateTimeOffset.UtcNow, "ouders", new DateOnly(2026, 12, 2));
        var applied = await ApiSession.PostMessageAsync(await ApiSession.AsSystemAsync(_host), "GesprekGehouden", message);
        Assert.Equal("Correlated", (string?)applied["uitkomst"]);
        // a copy of the same message failed elsewhere (a host that lost its store mid-way) and waits in the error queue
        var copy = Guid.NewGuid();
        var envelope = new JsonObject
        {
            ["messageId"] = copy.ToString(), ["messageType"] = new JsonArray("urn:message:Verzuim.Contracts:GesprekGehouden"),
            ["message"] = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(message, Verzuim.Host.Messaging.ContractJson.Options)),
        };
        await ErrorQueueCaptureTests.PublishRawAsync(_host.Queue + "_error", copy, envelope.ToJsonString(),
            new Dictionary<string, object?> { ["MT-Fault-Message"] = "Timeout during reading attempt" });
        await ErrorRows.WaitForAsync(Store, copy);

        var response = await _beheerder.PostAsync($"/api/foutberichten/{copy}/opnieuw", null);
        var outcome = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("al-verwerkt", "Correlated"), ((string?)outcome["status"], (string?)outcome["uitkomst"]));

        // the copy reaches the engine, which knows the berichtId: no second task, no new error row
        await Task.Delay(3000);
        Assert.Single(await TasksAsync(caseId), t => t.ElementId == "opvolgen");
        await using var db = Store.CreateContext();
        Assert.False(await db.ErrorMessages.AnyAsync(e => e.ReplayOf == copy));
        Assert.Equal(1, await db.ProcessedMessages.CountAsync(p => p.MessageId == berichtId));
    }

    [Theory]
    [InlineData("""{"correctie":{"leerlingid2":"L-X"}}""", "'leerlingid2'")]
    [InlineData("""{"correctie":{"berichtId":"6d4f3c1e-0000-4000-8000-000000000001"}}""", "'berichtId'")]
    [InlineData("""{"correctie":{"leerlingId":"   "}}""", "leerlingId")]
    [InlineData("""{"correctie":{"leerlingId":"111222333"}}""", "BSN")]
    [InlineData("""{"correctie":{"datum":"morgen"}}""", "contract")]
    [InlineData("""{"berichtType":"DuoMeldingVereist"}""", "DuoMeldingVereist")]
    public async Task A_correction_that_does_not_make_a_valid_message_is_refused_by_name_audited_and_the_row_stays_open(string body, string named)
    {
        var (_, row) = await RefusedConversationAsync();
        var response = await _beheerder.PostAsync($"/api/foutberichten/{row}/opnieuw", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(named, await response.Content.ReadAsStringAsync());
        await using var db = Store.CreateContext();
        var still = await db.ErrorMessages.AsNoTracking().SingleAsync(e => e.Id == row);
        Assert.Equal(ErrorMessageStatus.Open, still.Status);
        Assert.NotNull(still.Body);
        Assert.Contains(await AuditAsync(AuditLog.ErrorMessageReplayed, row), a => a.Result == AuditLog.Refused);
    }

    [Fact]
    public async Task A_message_that_is_no_json_can_be_offered_only_as_a_whole_corrected_message()
    {
        var caseId = await CaseWaitingForConversationAsync("L-FW-3");
        var copy = Guid.NewGuid();
        await ErrorQueueCaptureTests.PublishRawAsync(_host.Queue, copy, "{ \"berichtId\": kapot");
        await ErrorRows.WaitForAsync(Store, copy);

        var bare = await _beheerder.PostAsJsonAsync($"/api/foutberichten/{copy}/opnieuw", new { berichtType = "GesprekGehouden" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bare.StatusCode);
        Assert.Contains("hele bericht", await bare.Content.ReadAsStringAsync());

        var berichtId = Guid.NewGuid();
        var whole = await _beheerder.PostAsJsonAsync($"/api/foutberichten/{copy}/opnieuw", new
        {
            berichtType = "GesprekGehouden",
            correctie = new { berichtId, leerlingId = "L-FW-3", schoolId = "S-FW", tijdstip = "2026-12-02T10:00:00Z", soort = "ouders", datum = "2026-12-02" },
        });
        var outcome = JsonNode.Parse(await whole.Content.ReadAsStringAsync())!;
        Assert.Equal(("verwerkt", "Correlated"), ((string?)outcome["status"], (string?)outcome["uitkomst"]));
        Assert.Single(await TasksAsync(caseId), t => t.ElementId == "opvolgen");
    }

    [Fact]
    public async Task Discarding_needs_a_reason_keeps_who_when_and_why_drops_the_body_and_is_audited()
    {
        var (_, row) = await RefusedConversationAsync();

        var without = await _beheerder.PostAsJsonAsync($"/api/foutberichten/{row}/verwijderen", new { reden = " " });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, without.StatusCode);
        Assert.Contains("reden", await without.Content.ReadAsStringAsync());

        var response = await _beheerder.PostAsJsonAsync($"/api/foutberichten/{row}/verwijderen", new { reden = "Dubbel verstuurd door de leerlingadministratie" });
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await using (var db = Store.CreateContext())
        {
            var handled = await db.ErrorMessages.AsNoTracking().SingleAsync(e => e.Id == row);
            Assert.Equal((ErrorMessageStatus.Discarded, "beheerder", "Dubbel verstuurd door de leerlingadministratie"), (handled.Status, handled.HandledBy, handled.HandledNote));
            Assert.NotNull(handled.HandledAt);
            Assert.Null(handled.Body);
        }
        var lines = await AuditAsync(AuditLog.ErrorMessageDiscarded, row);
        Assert.Contains(lines, a => a.Result == AuditLog.Refused);
        Assert.Contains(lines, a => a.Result == AuditLog.Succeeded && a.User == "beheerder" && a.Detail!.Contains("Dubbel verstuurd"));
        // handled rows are no longer offered or discarded again
        Assert.Equal(HttpStatusCode.Conflict, (await _beheerder.PostAsJsonAsync($"/api/foutberichten/{row}/verwijderen", new { reden = "nogmaals" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await _beheerder.PostAsJsonAsync($"/api/foutberichten/{row}/opnieuw", new { })).StatusCode);
        var detail = JsonNode.Parse(await _beheerder.GetStringAsync($"/api/foutberichten/{row}"))!;
        Assert.Equal(("verwijderd", "Dubbel verstuurd door de leerlingadministratie"), ((string?)detail["status"], (string?)detail["afhandeling"]));
        Assert.Null(detail["bericht"]);
    }

    [Theory]
    [InlineData("kernteam-a")]
    [InlineData("voorzitter")]
    [InlineData("eigenaar")]
    public async Task Other_roles_are_refused_and_the_row_is_untouched(string user)
    {
        var (_, row) = await RefusedConversationAsync();
        var client = await ApiSession.AsUserAsync(_host, user);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/foutberichten")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync($"/api/foutberichten/{row}/verwijderen", new { reden = "weg ermee" })).StatusCode);
        await using var db = Store.CreateContext();
        Assert.Equal(ErrorMessageStatus.Open, (await db.ErrorMessages.AsNoTracking().SingleAsync(e => e.Id == row)).Status);
    }
}
