using Microsoft.EntityFrameworkCore;
using Verzuim.Persistence;
using Verzuim.Workflows.Parsing;
using Verzuim.Workflows.Runtime;
using Verzuim.Workflows.Stores;
using Verzuim.Workflows.Tests.Support;
using static Verzuim.Workflows.Tests.Parsing.CallCycleTests;
using static Verzuim.Workflows.Tests.Support.Bpmn;

namespace Verzuim.Workflows.Tests.Engine;

/// <summary>
/// Calls that lead back to their own process: refused when publishing through what is already published, and bounded
/// at run time (a cycle that got in anyway stops at the call depth limit with one incident, not unbounded growth).
/// </summary>
public sealed class CallRecursionTests
{
    [Fact]
    public async Task Publishing_a_process_that_calls_back_into_a_published_caller_is_refused_at_its_call()
    {
        var h = await EngineHarness.CreateAsync();
        await h.Engine.DeployAsync(Definitions(Caller("a", "a_roept_b", "b"))); // b is not published yet: an incident at run time, no cycle

        var e = await Assert.ThrowsAsync<BpmnValidationException>(() => h.Engine.DeployAsync(Definitions(Caller("b", "b_roept_a", "a"))));

        var problem = Assert.Single(e.Problems);
        Assert.Equal(("b_roept_a", "aanroep-kring"), (problem.ElementId, problem.Rule));
        Assert.Contains("b → a → b", problem.Message);
        await using var db = h.Store.CreateContext();
        Assert.False(await db.Definitions.AnyAsync(d => d.ProcessId == "b")); // nothing of the refused file was kept
    }

    [Fact]
    public async Task Republishing_the_caller_without_the_call_lets_the_other_side_publish()
    {
        var h = await EngineHarness.CreateAsync();
        await h.Engine.DeployAsync(Definitions(Caller("a", "a_roept_b", "b")));
        await h.Engine.DeployAsync(Process("a", $"""<bpmn:startEvent id="s"/><bpmn:endEvent id="e"/>{Flow("s", "e")}"""));

        var deployed = Assert.Single(await h.Engine.DeployAsync(Definitions(Caller("b", "b_roept_a", "a")))); // only the latest a counts
        Assert.Equal("b", deployed.ProcessId);
    }

    [Fact]
    public async Task A_cycle_across_two_separately_published_versions_stops_at_the_call_depth_with_one_incident()
    {
        var h = await EngineHarness.CreateAsync(options: new WorkflowEngineOptions { CommandLimits = new CommandLimits(MaxCallDepth: 10) });
        await h.Engine.DeployAsync(Definitions(Caller("a", "a_roept_b", "b")));
        await h.Engine.DeployAsync(Definitions(Caller("b", "b_stopt", "niet-gepubliceerd")));
        // b v2 calls a: a version published by a host without the publish-time check (or before it existed)
        await PublishUncheckedAsync(h, "b", Definitions(Caller("b", "b_roept_a", "a")));

        var root = await h.Engine.StartAsync("a");

        await using var db = h.Store.CreateContext();
        var instances = await db.Instances.AsNoTracking().ToListAsync();
        Assert.Equal(11, instances.Count); // the case (a) and 10 nested calls b a b a b a b a b a; the 11th call is refused
        var incident = Assert.Single(await db.Incidents.AsNoTracking().ToListAsync());
        var deepest = instances.Single(i => i.Id == incident.InstanceId);
        Assert.Equal(("a", "a_roept_b", InstanceStatus.Incident), (deepest.ProcessId, incident.ElementId, deepest.Status));
        Assert.Contains("aanroepdiepte", incident.Reason);
        Assert.Equal(InstanceStatus.Running, (await h.InstanceAsync(root)).Status);

        // retrying the incident hits the same limit again: one new incident, no growth
        await h.Engine.RetryIncidentAsync(incident.Id);
        Assert.Equal(11, await db.Instances.CountAsync());
        Assert.Single(await db.Incidents.AsNoTracking().Where(i => i.ResolvedAt == null).ToListAsync());
    }

    [Fact]
    public async Task A_process_that_calls_itself_is_bounded_by_the_call_depth()
    {
        var h = await EngineHarness.CreateAsync(options: new WorkflowEngineOptions { CommandLimits = new CommandLimits(MaxCallDepth: 3) });
        await PublishUncheckedAsync(h, "zelf", Definitions(Caller("zelf", "roep_zelf", "zelf")));

        await h.Engine.StartAsync("zelf");

        await using var db = h.Store.CreateContext();
        Assert.Equal(4, await db.Instances.CountAsync());
        Assert.Equal("roep_zelf", Assert.Single(await db.Incidents.AsNoTracking().ToListAsync()).ElementId);
    }

    /// <summary>Stores a published version directly, past <see cref="WorkflowEngine.DeployAsync"/>'s checks.</summary>
    private static async Task PublishUncheckedAsync(EngineHarness h, string processId, string xml)
    {
        await using var db = h.Store.CreateContext();
        var previous = await db.Definitions.Where(d => d.ProcessId == processId).ToListAsync();
        foreach (var p in previous) p.Status = DefinitionStatus.Retired;
        db.Definitions.Add(new DefinitionRecord
        {
            Id = Guid.NewGuid(), ProcessId = processId, Version = previous.Count + 1, Xml = xml, ContentHash = Guid.NewGuid().ToString("N"),
            Status = DefinitionStatus.Published, CreatedAt = h.Clock.UtcNow, PublishedAt = h.Clock.UtcNow,
        });
        await db.SaveChangesAsync();
    }

    /// <summary>
    /// A call that cannot start (the called process is not published) is an incident; its boundary timer stops
    /// listening, so retrying it (twice here) leaves exactly one timer, not one per attempt.
    /// </summary>
    [Fact]
    public async Task A_call_that_fails_to_start_drops_its_boundary_timer_and_each_retry_subscribes_it_once()
    {
        var h = await EngineHarness.CreateAsync();
        await h.Engine.DeployAsync(Process("ouder", $"""
            <bpmn:startEvent id="s"/><bpmn:callActivity id="roep" calledElement="kind"/><bpmn:endEvent id="e"/>
            <bpmn:boundaryEvent id="te_laat" attachedToRef="roep">{Timer("timeDuration", "P10D")}</bpmn:boundaryEvent><bpmn:endEvent id="e2"/>
            {Flows("s", "roep", "e")}{Flow("te_laat", "e2")}
            """));
        var id = await h.Engine.StartAsync("ouder");
        async Task<int> TimersAsync()
        {
            await using var db = h.Store.CreateContext();
            return await db.Subscriptions.CountAsync(s => s.InstanceId == id && s.Kind == SubscriptionKind.Timer);
        }

        Assert.Equal(0, await TimersAsync()); // the incident holds the token: nothing may fire on it
        await h.Engine.RetryIncidentAsync(Assert.Single(await h.IncidentsAsync(id)).Id); // still unpublished: a new incident
        Assert.Equal(0, await TimersAsync());

        await h.Engine.DeployAsync(Process("kind", $"""<bpmn:startEvent id="ks"/><bpmn:userTask id="werk"/><bpmn:endEvent id="ke"/>{Flows("ks", "werk", "ke")}"""));
        await h.Engine.RetryIncidentAsync(Assert.Single(await h.IncidentsAsync(id), i => i.ResolvedAt is null).Id);
        Assert.Equal(1, await TimersAsync());
        Assert.Equal(1, await h.AdvanceAsync(TimeSpan.FromDays(11))); // the timer fires once and ends the call
        Assert.Equal(InstanceStatus.Completed, (await h.InstanceAsync(id)).Status);
    }

    /// <summary>Validation (the studio's check, the validate endpoint) sees a cycle through what is published, as publishing does.</summary>
    [Fact]
    public async Task Validating_a_file_that_calls_back_into_a_published_caller_names_the_cycle()
    {
        var h = await EngineHarness.CreateAsync();
        await h.Engine.DeployAsync(Definitions(Caller("a", "a_roept_b", "b")));

        var problem = Assert.Single(await h.Engine.ValidateAsync(Definitions(Caller("b", "b_roept_a", "a"))));
        Assert.Equal(("b_roept_a", "aanroep-kring"), (problem.ElementId, problem.Rule));
        Assert.Empty(await h.Engine.ValidateAsync(Definitions(Caller("b", "b_roept_c", "c")))); // no way back
        // a cycle inside the file is named once, not once by the reader and again through the store
        Assert.Single(await h.Engine.ValidateAsync(Definitions(Caller("zelf", "roep_zelf", "zelf"))));
    }
}
