using Verzuim.Workflows.Parsing;
using Verzuim.Workflows.Runtime;
using Verzuim.Workflows.Stores;
using Verzuim.Workflows.Tests.Support;
using static Verzuim.Workflows.Tests.Support.Bpmn;

namespace Verzuim.Workflows.Tests.Engine;

/// <summary>Inclusive gateway (BPMN 2.0 §13.3.3): fork on every true condition, join waiting for what can still arrive.</summary>
public class InclusiveGatewayTests : EngineTests
{
    // who must be informed: the LPA at 16 hours, the parents whenever absent, the doctor when sick; then one evaluation
    private static readonly string Inform = Process("p", $"""
        <bpmn:startEvent id="s"/><bpmn:inclusiveGateway id="wie" default="niemand"/>
        <bpmn:userTask id="lpa"/><bpmn:userTask id="ouders"/><bpmn:userTask id="arts"/>
        <bpmn:inclusiveGateway id="samen"/><bpmn:userTask id="evaluatie"/><bpmn:endEvent id="e"/>
        {Flow("s", "wie")}{Flow("wie", "lpa", "uren >= 16")}{Flow("wie", "ouders", "uren > 0")}{Flow("wie", "arts", "ziek")}
        {Flow("wie", "samen", id: "niemand")}
        {Flows("lpa", "samen")}{Flows("ouders", "samen")}{Flows("arts", "samen", "evaluatie", "e")}
        """);

    [Fact]
    public async Task Every_true_condition_forks_and_the_join_waits_for_each_started_branch()
    {
        var h = await HarnessAsync();
        var id = await h.DeployAndStartAsync(Inform, "p", new { uren = 16, ziek = false });
        Assert.Equal(["lpa", "ouders"], await h.ActiveAsync(id)); // arts: ziek is false

        await h.Engine.CompleteTaskAsync(await h.TaskIdAsync(id, "ouders"));
        Assert.Equal(["lpa", "samen"], await h.ActiveAsync(id)); // lpa can still arrive
        await h.Engine.CompleteTaskAsync(await h.TaskIdAsync(id, "lpa"));
        Assert.Equal(["evaluatie"], await h.ActiveAsync(id));
        Assert.Single(await h.OpenTasksAsync(id)); // one evaluation, not one per branch
    }

    [Fact]
    public async Task One_true_condition_runs_one_branch_and_the_join_does_not_wait_for_branches_never_started()
    {
        var h = await HarnessAsync();
        var id = await h.DeployAndStartAsync(Inform, "p", new { uren = 3, ziek = false });
        Assert.Equal(["ouders"], await h.ActiveAsync(id));
        await h.Engine.CompleteTaskAsync(await h.TaskIdAsync(id, "ouders"));
        Assert.Equal(["evaluatie"], await h.ActiveAsync(id));
    }

    [Fact]
    public async Task No_true_condition_takes_the_default_and_without_a_default_it_is_an_incident()
    {
        var h = await HarnessAsync();
        var id = await h.DeployAndStartAsync(Inform, "p", new { uren = 0, ziek = false });
        Assert.Equal(["evaluatie"], await h.ActiveAsync(id));

        var noDefault = Process("q", $"""
            <bpmn:startEvent id="s"/><bpmn:inclusiveGateway id="wie"/><bpmn:endEvent id="a"/><bpmn:endEvent id="b"/>
            {Flow("s", "wie")}{Flow("wie", "a", "uren >= 16")}{Flow("wie", "b", "ziek")}
            """);
        var stuck = await h.DeployAndStartAsync(noDefault, "q", new { uren = 0, ziek = false });
        Assert.Equal(InstanceStatus.Incident, (await h.InstanceAsync(stuck)).Status);
        Assert.Equal("wie", Assert.Single(await h.IncidentsAsync(stuck)).ElementId);
    }

    [Fact]
    public async Task A_branch_that_ends_elsewhere_releases_the_join()
    {
        // the LPA branch is ended by its boundary timer on a path that does not lead to the join
        var xml = Process("p", $"""
            <bpmn:startEvent id="s"/><bpmn:inclusiveGateway id="wie"/>
            <bpmn:userTask id="lpa"/><bpmn:userTask id="ouders"/>
            <bpmn:boundaryEvent id="vervallen" attachedToRef="lpa">{Timer("timeDuration", "P5D")}</bpmn:boundaryEvent>
            <bpmn:inclusiveGateway id="samen"/><bpmn:userTask id="evaluatie"/><bpmn:endEvent id="e"/><bpmn:endEvent id="e2"/>
            {Flow("s", "wie")}{Flow("wie", "lpa", "uren >= 16")}{Flow("wie", "ouders", "uren > 0")}
            {Flows("lpa", "samen")}{Flows("ouders", "samen", "evaluatie", "e")}{Flows("vervallen", "e2")}
            """);
        var h = await HarnessAsync();
        var id = await h.DeployAndStartAsync(xml, "p", new { uren = 20 });
        await h.Engine.CompleteTaskAsync(await h.TaskIdAsync(id, "ouders"));
        Assert.Equal(["lpa", "samen"], await h.ActiveAsync(id));
        Assert.Equal(1, await h.AdvanceAsync(TimeSpan.FromDays(5)));
        Assert.Equal(["evaluatie"], await h.ActiveAsync(id));
    }

    [Fact]
    public void Flows_out_of_an_inclusive_gateway_need_a_condition_or_must_be_the_default()
    {
        var xml = Process("p", $"""
            <bpmn:startEvent id="s"/><bpmn:inclusiveGateway id="g"/><bpmn:endEvent id="a"/><bpmn:endEvent id="b"/>
            {Flow("s", "g")}{Flow("g", "a", "uren >= 16")}{Flow("g", "b", id: "zonder")}
            """);
        var problem = Assert.Single(BpmnReader.Validate(xml).Problems);
        Assert.Equal(("zonder", "voorwaarde-ontbreekt"), (problem.ElementId, problem.Rule));
    }
}

/// <summary><see cref="InclusiveGatewayTests"/> on the in-memory store: the unit tier.</summary>
[Trait("Category", "Unit")]
public sealed class InclusiveGatewayInMemoryTests : InclusiveGatewayTests
{
    protected override bool InMemory => true;
}
