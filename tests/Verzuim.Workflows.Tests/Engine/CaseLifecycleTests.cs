using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Verzuim.Persistence;
using Verzuim.Workflows.Model;
using Verzuim.Workflows.Runtime;
using Verzuim.Workflows.Stores;
using Verzuim.Workflows.Tests.Support;
using static Verzuim.Workflows.Tests.Support.Bpmn;

namespace Verzuim.Workflows.Tests.Engine;

/// <summary>The case's protocol step (verzuim:stap), the engine's observer hook, and drafts.</summary>
public sealed class CaseLifecycleTests
{
    private static readonly string Ladder = LadderModel.Xml;

    /// <summary>Records what the engine tells an observer, in order.</summary>
    private sealed class Recorder : IExecutionObserver
    {
        public List<string> Calls { get; } = [];
        public void InstanceStarted(ObservedInstance instance) => Calls.Add($"start {instance.ProcessId} v{instance.DefinitionVersion} {instance.Variable("leerlingId")}");
        public void StepEntered(ObservedInstance instance, FlowNode node) => Calls.Add($"stap {node.Step}");
        public void UserTaskCreated(ObservedInstance instance, UserTask node, TaskRecord task) => Calls.Add($"taak {node.Id} {task.CandidateRole}");
        public void InstanceEnded(ObservedInstance instance, InstanceStatus status, EndEvent? lastEnd) => Calls.Add($"einde {status} {lastEnd?.Name}");
    }

    [Fact]
    public async Task Entering_a_marked_node_sets_the_step_and_tells_observers_once_per_change()
    {
        var recorder = new Recorder();
        var h = await EngineHarness.CreateAsync(options: new WorkflowEngineOptions { Observers = { recorder } });
        var id = await h.DeployAndStartAsync(Ladder, "ladder", new { leerlingId = "L-1", schoolId = "S-1" }, "L-1");
        Assert.Equal("Stap 1", (await h.InstanceAsync(id)).Step);

        await h.Engine.CompleteTaskAsync(await h.TaskIdAsync(id, "stap1"));
        Assert.Equal("Stap 2", (await h.InstanceAsync(id)).Step);
        await h.Engine.CompleteTaskAsync(await h.TaskIdAsync(id, "stap2"), new JsonObject { ["terug"] = true });
        Assert.Equal("Stap 1", (await h.InstanceAsync(id)).Step); // a repeated step is entered again
        await h.Engine.CompleteTaskAsync(await h.TaskIdAsync(id, "stap1"));
        await h.Engine.CompleteTaskAsync(await h.TaskIdAsync(id, "stap2"), new JsonObject { ["terug"] = false });

        Assert.Equal(
            ["start ladder v1 L-1", "stap Stap 1", "taak stap1 zorgcoordinator", "stap Stap 2", "taak stap2 kernteamlid",
             "stap Stap 1", "taak stap1 zorgcoordinator", "stap Stap 2", "taak stap2 kernteamlid", "einde Completed Schoolgang hersteld"],
            recorder.Calls);
    }

    [Fact]
    [Trait("Category", "Unit")]
    public async Task With_no_observer_a_pupil_case_writes_no_outbox_rows_and_the_scope_column_is_configured()
    {
        var quiet = EngineHarness.InMemory(options: new WorkflowEngineOptions { ScopeVariable = "regio" });
        var id = await quiet.DeployAndStartAsync(Ladder, "ladder", new { leerlingId = "L-1", schoolId = "S-1", regio = "Noord" }, "L-1");
        await quiet.Engine.CompleteTaskAsync(await quiet.TaskIdAsync(id, "stap1"));
        Assert.Empty(await quiet.OutboxAsync());
        Assert.Equal("Noord", (await quiet.InstanceAsync(id)).SchoolId); // the named variable, not the school
        Assert.Equal("Stap 2", (await quiet.InstanceAsync(id)).Step);
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
