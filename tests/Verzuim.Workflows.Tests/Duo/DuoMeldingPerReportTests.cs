using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Verzuim.Persistence;
using Verzuim.Persistence.Management;
using Verzuim.Cases.Duo;
using Verzuim.Workflows.Stores;
using Verzuim.Workflows.Tests.Models;
using Verzuim.Workflows.Tests.Support;
using static Verzuim.Workflows.Tests.Support.Bpmn;

namespace Verzuim.Workflows.Tests.Duo;

/// <summary>
/// Issue 10 part 3 with the shared fragment workflows/duo-melding.bpmn: every DUO report has its own id, and one
/// DuoMeldingGedaan answers one report (by id; without id the oldest open one) — seed 000: "TL doet nogmaals een
/// melding bij DUO" is a new report each time. The old fragment answered every open report of the pupil at once.
/// </summary>
public sealed class DuoMeldingPerReportTests
{
    private static readonly string Fragment = File.ReadAllText(Path.Combine(ModelScenarioTests.RepositoryRoot, "workflows", "duo-melding.bpmn"));

    /// <summary>A case that needs three reports at once, as VO's 5th time with 3 days in a row and luxe verzuim would.</summary>
    private static readonly string ThreeReports = Process("zaak", $"""
        <bpmn:startEvent id="s"/><bpmn:parallelGateway id="splits"/>
        {Call("duo_a", "3 dagen achtereen", "'teamleider'")}{Call("duo_b", "signaalverzuim", "'teamleider'")}{Call("duo_c", "luxe verzuim", null)}
        <bpmn:parallelGateway id="samen"/><bpmn:endEvent id="e"/>
        {Flows("s", "splits")}{Flows("splits", "duo_a", "samen")}{Flows("splits", "duo_b", "samen")}{Flows("splits", "duo_c", "samen")}{Flows("samen", "e")}
        """);

    private static string Call(string id, string reden, string? rol) => $"""
        <bpmn:callActivity id="{id}" calledElement="duo-melding"><bpmn:extensionElements>
          <verzuim:input target="leerlingId" expression="leerlingId"/><verzuim:input target="schoolId" expression="schoolId"/>
          <verzuim:input target="duoReden" expression="'{reden}'"/>{(rol is null ? "" : $"""<verzuim:input target="duoRol" expression="{rol}"/>""")}
          <verzuim:output target="{id}_kenmerk" expression="duoKenmerk"/>
        </bpmn:extensionElements></bpmn:callActivity>
        """;

    private static async Task<(EngineHarness H, Guid Case, List<(string Reden, string MeldingId, string Key)> Reports)> ThreeOpenReportsAsync(string pupil = "L-10")
    {
        var h = await EngineHarness.CreateAsync();
        await h.Engine.DeployAsync(Fragment);
        var id = await h.DeployAndStartAsync(ThreeReports, "zaak", new { leerlingId = pupil, schoolId = "S-1" }, pupil);
        var reports = (await h.OutboxAsync()).Where(o => o.MessageName == "DuoMeldingVereist")
            .Select(o => JsonNode.Parse(o.Payload)!.AsObject())
            .Select(p => ((string)p["reden"]!, (string)p["meldingId"]!, DuoMeldingCorrelation.Key(pupil, (string)p["meldingId"]!))).ToList();
        return (h, id, reports);
    }

    private static DuoMeldingCorrelation Duo(EngineHarness h) => new(h.Engine, new EfMessageQueries(h.Store));

    private static async Task<List<SubscriptionRecord>> WaitingReportsAsync(EngineHarness h)
    {
        await using var db = h.Store.CreateContext();
        return await db.Subscriptions.AsNoTracking().Where(s => s.MessageName == "DuoMeldingGedaan").ToListAsync();
    }

    [Fact]
    public async Task Every_report_has_its_own_id_and_the_role_its_caller_names()
    {
        var (h, _, reports) = await ThreeOpenReportsAsync();

        Assert.Equal(["3 dagen achtereen", "signaalverzuim", "luxe verzuim"], reports.Select(r => r.Reden));
        Assert.Equal(3, reports.Select(r => r.MeldingId).Distinct().Count());
        Assert.All(reports, r => Assert.True(Guid.TryParse(r.MeldingId, out _), $"{r.MeldingId} is no GUID"));
        // each report waits on its own key: pupil/meldingId
        Assert.Equal(reports.Select(r => r.Key).Order(), (await WaitingReportsAsync(h)).Select(s => s.CorrelationKey).Order());
        // seed 000: the TL reports (duoRol); a caller that names no role keeps the fragment's default
        var roles = (await h.OpenTasksAsync()).Where(t => t.ElementId == "duo_melden").Select(t => t.CandidateRole).Order();
        Assert.Equal(["teamleider", "teamleider", "verzuimcoordinator"], roles);
    }

    [Fact]
    public async Task One_message_answers_one_report_by_id_or_else_the_oldest()
    {
        var (h, caseId, reports) = await ThreeOpenReportsAsync();

        // by id: the last report, not the oldest
        var byId = await Duo(h).CorrelateAsync(Guid.NewGuid(), "L-10",
            new JsonObject { ["kenmerk"] = "DUO-C", ["meldingId"] = reports[2].MeldingId.ToUpperInvariant() });
        Assert.Single(byId.InstanceIds);
        Assert.Equal(new[] { reports[0].Key, reports[1].Key }.Order(), (await WaitingReportsAsync(h)).Select(s => s.CorrelationKey!).Order());

        // without id (a sender built before report ids): the oldest open report, and only that one
        var oldest = await Duo(h).CorrelateAsync(Guid.NewGuid(), "L-10", new JsonObject { ["kenmerk"] = "DUO-A" });
        Assert.Single(oldest.InstanceIds);
        Assert.Equal([reports[1].Key], (await WaitingReportsAsync(h)).Select(s => s.CorrelationKey));
        Assert.Equal(["duo_melden"], (await h.OpenTasksAsync()).Select(t => t.ElementId));

        var variables = await h.VariablesAsync(caseId);
        Assert.Equal("DUO-A", (string?)variables["duo_a_kenmerk"]); // 3 dagen achtereen was the oldest: its call started first
        Assert.Equal("DUO-C", (string?)variables["duo_c_kenmerk"]);
        Assert.Null(variables["duo_b_kenmerk"]);
    }

    [Fact]
    public async Task A_pupil_never_answers_another_pupils_report()
    {
        var (h, _, reports) = await ThreeOpenReportsAsync("L/1");

        // pupil "L" has no open report: its message does not fall to pupil "L/1", whose keys start with "L/"
        var other = await Duo(h).CorrelateAsync(Guid.NewGuid(), "L", new JsonObject());
        Assert.Empty(other.InstanceIds);
        var wrongPupil = await Duo(h).CorrelateAsync(Guid.NewGuid(), "L-99", new JsonObject { ["meldingId"] = reports[0].MeldingId });
        Assert.Empty(wrongPupil.InstanceIds);
        Assert.Equal(3, (await WaitingReportsAsync(h)).Count);

        var notAnId = await Assert.ThrowsAsync<FormatException>(() =>
            Duo(h).CorrelateAsync(Guid.NewGuid(), "L/1", new JsonObject { ["meldingId"] = "melding-1" }));
        Assert.Contains("meldingId 'melding-1' is geen GUID", notAnId.Message);
    }

    [Fact]
    public async Task A_report_of_a_fragment_version_without_ids_is_still_answered_on_the_pupil_key()
    {
        // the fragment as deployed before report ids: it waits on the pupil key
        var oldFragment = Process("duo-melding", $"""
            <bpmn:startEvent id="ds"/><bpmn:userTask id="duo_melden" verzuim:candidateRole="verzuimcoordinator"/>
            <bpmn:boundaryEvent id="duo_gedaan" attachedToRef="duo_melden"><bpmn:messageEventDefinition messageRef="Msg_DuoMeldingGedaan"/></bpmn:boundaryEvent>
            <bpmn:endEvent id="de"/><bpmn:endEvent id="de2"/>{Flows("ds", "duo_melden", "de")}{Flows("duo_gedaan", "de2")}
            """, "DuoMeldingGedaan:leerlingId");
        var h = await EngineHarness.CreateAsync();
        await h.Engine.DeployAsync(oldFragment);
        var caller = Process("oud", $"""<bpmn:startEvent id="s"/><bpmn:callActivity id="c" calledElement="duo-melding"/><bpmn:endEvent id="e"/>{Flows("s", "c", "e")}""");
        var id = await h.DeployAndStartAsync(caller, "oud", new { leerlingId = "L-5" }, "L-5");

        var result = await Duo(h).CorrelateAsync(Guid.NewGuid(), "L-5", new JsonObject { ["kenmerk"] = "K" });

        Assert.Single(result.InstanceIds);
        Assert.Equal(InstanceStatus.Completed, (await h.InstanceAsync(id)).Status);
    }
}
