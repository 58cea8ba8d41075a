using System.Text.Json.Nodes;
using Verzuim.Cases.Lifecycle;
using Verzuim.Workflows.Runtime;
using Verzuim.Workflows.Tests.Support;

namespace Verzuim.Workflows.Tests.Lifecycle;

/// <summary>The case lifecycle other systems receive, written by Verzuim.Cases' observer in the engine's unit of work.</summary>
public sealed class CaseLifecyclePublisherTests
{
    private static readonly string Ladder = LadderModel.Xml;

    private static WorkflowEngineOptions AsTheHost() => CaseEngineOptions.ForCases(new WorkflowEngineOptions());

    [Fact]
    public async Task A_case_says_it_opened_each_step_change_each_task_and_that_it_closed()
    {
        var h = await EngineHarness.CreateAsync(options: AsTheHost());
        var id = await h.DeployAndStartAsync(Ladder, "ladder", new { leerlingId = "L-1", schoolId = "S-1" }, "L-1");
        var firstTask = await h.TaskIdAsync(id, "stap1");
        await h.Engine.CompleteTaskAsync(firstTask);
        await h.Engine.CompleteTaskAsync(await h.TaskIdAsync(id, "stap2"), new JsonObject { ["terug"] = true });
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
        Assert.Equal(firstTask, (Guid)task["taakId"]!);
        Assert.Equal("Schoolgang hersteld", (string?)JsonNode.Parse(outbox[^1].Payload)!["uitkomst"]);
        Assert.All(outbox, o => Assert.Equal("L-1", o.CorrelationKey));
        Assert.All(outbox, o => Assert.Equal(id, o.InstanceId));
    }

    [Fact]
    public async Task Without_a_pupil_or_without_the_host_observer_nothing_is_published()
    {
        var engineOnly = await EngineHarness.CreateAsync(options: new WorkflowEngineOptions());
        await engineOnly.DeployAndStartAsync(Ladder, "ladder", new { leerlingId = "L-1", schoolId = "S-1" }, "L-1");
        Assert.Empty(await engineOnly.OutboxAsync());

        var noPupil = await EngineHarness.CreateAsync(options: AsTheHost());
        var id = await noPupil.DeployAndStartAsync(Ladder, "ladder", new { schoolId = "S-1" });
        Assert.Empty(await noPupil.OutboxAsync());
        Assert.Equal("Stap 1", (await noPupil.InstanceAsync(id)).Step); // the step is kept all the same
        Assert.Equal("S-1", (await noPupil.InstanceAsync(id)).SchoolId);
    }
}
