using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Verzuim.Persistence;
using Verzuim.Workflows.Runtime;
using Verzuim.Workflows.Stores;
using Verzuim.Workflows.Tests.Support;
using static Verzuim.Workflows.Tests.Support.Bpmn;

namespace Verzuim.Workflows.Tests.Engine;

/// <summary>The case's protocol step (verzuim:stap), the lifecycle messages other systems receive, and drafts.</summary>
public sealed class CaseLifecycleTests
{
    // step 1 -> step 2 -> back to step 1 (repeatable) -> done
    private static readonly string Ladder = Process("ladder", $"""
        <bpmn:startEvent id="s"/>
        <bpmn:userTask id="stap1" name="Interventies" verzuim:stap="Stap 1" verzuim:candidateRole="zorgcoordinator"/>
        <bpmn:userTask id="stap2" name="Kernteam" verzuim:stap="Stap 2" verzuim:candidateRole="kernteamlid">
          <bpmn:extensionElements><verzuim:formField id="terug" label="Terug naar stap 1" type="boolean"/></bpmn:extensionElements>
        </bpmn:userTask>
        <bpmn:exclusiveGateway id="opnieuw" default="klaar"/>
        <bpmn:endEvent id="e" name="Schoolgang hersteld"/>
        {Flows("s", "stap1", "stap2", "opnieuw")}{Flow("opnieuw", "stap1", "terug === true", id: "terugNaar1")}{Flow("opnieuw", "e", id: "klaar")}
        """);


    [Fact]
    public async Task Entering_a_marked_node_sets_the_step_and_says_so_once_per_change()
    {
        var h = await EngineHarness.CreateAsync(options: new WorkflowEngineOptions { PublishCaseEvents = true });
        var id = await h.DeployAndStartAsync(Ladder, "ladder", new { leerlingId = "L-1", schoolId = "S-1" }, "L-1");
        Assert.Equal("Stap 1", (await h.InstanceAsync(id)).Step);

        await h.Engine.CompleteTaskAsync(await h.TaskIdAsync(id, "stap1"));
        Assert.Equal("Stap 2", (await h.InstanceAsync(id)).Step);
        await h.Engine.CompleteTaskAsync(await h.TaskIdAsync(id, "stap2"), new JsonObject { ["terug"] = true });
        Assert.Equal("Stap 1", (await h.InstanceAsync(id)).Step); // a repeated step is entered again
        await h.Engine.CompleteTaskAsync(await h.TaskIdAsync(id, "stap1"));
        await h.Engine.CompleteTaskAsync(await h.TaskIdAsync(id, "stap2"), new JsonObject { ["terug"] = false });

        var outbox = await h.OutboxAsync();
        Assert.Equal(
            ["CaseGeopend", "StapGewijzigd", "TaakAangemaakt", "StapGewijzigd", "TaakAangemaakt", "StapGewijzigd", "TaakAangemaakt",
             "StapGewijzigd", "TaakAangemaakt", "CaseGesloten"],
            outbox.Select(o => o.MessageName));
        var steps = outbox.Where(o => o.MessageName == "StapGewijzigd").Select(o => (string?)JsonNode.Parse(o.Payload)!["stap"]);
        Assert.Equal(["Stap 1", "Stap 2", "Stap 1", "Stap 2"], steps);
        var opened = JsonNode.Parse(outbox[0].Payload)!;
        Assert.Equal(("L-1", "S-1", "ladder", 1), ((string?)opened["leerlingId"], (string?)opened["schoolId"], (string?)opened["model"], (int)opened["versie"]!));
        var task = JsonNode.Parse(outbox[2].Payload)!;
        Assert.Equal(("Interventies", "zorgcoordinator"), ((string?)task["taak"], (string?)task["rol"]));
        Assert.Equal("Schoolgang hersteld", (string?)JsonNode.Parse(outbox[^1].Payload)!["uitkomst"]);
        Assert.All(outbox, o => Assert.Equal("L-1", o.CorrelationKey));
    }

    [Fact]
    public async Task Without_a_pupil_or_with_lifecycle_off_nothing_is_published()
    {
        var quiet = await EngineHarness.CreateAsync();
        await quiet.DeployAndStartAsync(Ladder, "ladder", new { leerlingId = "L-1", schoolId = "S-1" }, "L-1");
        Assert.Empty(await quiet.OutboxAsync());

        var noPupil = await EngineHarness.CreateAsync(options: new WorkflowEngineOptions { PublishCaseEvents = true });
        var id = await noPupil.DeployAndStartAsync(Ladder, "ladder", new { schoolId = "S-1" });
        Assert.Empty(await noPupil.OutboxAsync());
        Assert.Equal("Stap 1", (await noPupil.InstanceAsync(id)).Step); // the step is kept all the same
        Assert.Equal("S-1", (await noPupil.InstanceAsync(id)).SchoolId);
    }

    [Fact]
    public async Task A_draft_is_kept_beside_the_published_version_and_publishing_replaces_it()
    {
        var h = await EngineHarness.CreateAsync();
        await h.Engine.DeployAsync(Ladder, "eigenaar");
        var broken = Ladder.Replace("verzuim:candidateRole=\"kernteamlid\"", "verzuim:candidateRole=\"kernteamlid\" verzuim:onbekend=\"x\"");
        var draft = Assert.Single(await h.Engine.SaveDraftAsync(broken, "eigenaar")); // a draft may still have problems
        Assert.Equal(2, draft.Version);
        Assert.Equal(draft.DefinitionId, Assert.Single(await h.Engine.SaveDraftAsync(broken, "eigenaar")).DefinitionId); // saved again: same draft

        // a new case still starts on the published version
        var running = await h.Engine.StartAsync("ladder");
        Assert.Equal(1, (await h.InstanceAsync(running)).DefinitionVersion);

        var published = Assert.Single(await h.Engine.DeployAsync(Ladder.Replace("Interventies", "Interventies inzetten"), "eigenaar"));
        Assert.Equal(2, published.Version);
        await using var db = h.Store.CreateContext();
        var versions = await db.Definitions.Where(d => d.ProcessId == "ladder").OrderBy(d => d.Version).Select(d => new { d.Version, d.Status }).ToListAsync();
        Assert.Equal([(1, DefinitionStatus.Retired), (2, DefinitionStatus.Published)], versions.Select(v => (v.Version, v.Status)));
        Assert.Equal(1, (await h.InstanceAsync(running)).DefinitionVersion);
    }
}
