using Verzuim.Workflows.Stores;
using Verzuim.Workflows.Tests.Support;
using static Verzuim.Workflows.Tests.Support.Bpmn;

namespace Verzuim.Workflows.Tests.Engine;

/// <summary>An expression that always blows a limit is one incident, not a command that fails and is retried forever.</summary>
public class PoisonedExpressionTests : EngineTests
{
    [Theory]
    [InlineData("/^(a+)+$/.test('a'.repeat(30) + 'b')")]
    [InlineData("'x'.repeat(2.5e8)")]
    [InlineData("new ArrayBuffer(2e9)")]
    public async Task A_timer_whose_output_blows_a_limit_fires_once_into_an_incident(string poison)
    {
        var xml = Process("gif", $"""
            <bpmn:startEvent id="s"/>
            <bpmn:intermediateCatchEvent id="wacht">
              <bpmn:extensionElements><verzuim:output target="x" expression="{System.Security.SecurityElement.Escape(poison)}"/></bpmn:extensionElements>
              <bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>
            </bpmn:intermediateCatchEvent>
            <bpmn:endEvent id="e"/>
            {Flows("s", "wacht", "e")}
            """);
        var h = await HarnessAsync();
        var id = await h.DeployAndStartAsync(xml, "gif");

        Assert.Equal(1, await h.AdvanceAsync(TimeSpan.FromHours(2)));
        Assert.Equal(0, await h.AdvanceAsync(TimeSpan.FromHours(2))); // nothing left to fire: no retry loop
        Assert.Equal(InstanceStatus.Incident, (await h.InstanceAsync(id)).Status);
        var incident = Assert.Single(await h.IncidentsAsync(id));
        Assert.Equal("wacht", incident.ElementId);
    }
}

/// <summary><see cref="PoisonedExpressionTests"/> on the in-memory store: the unit tier.</summary>
[Trait("Category", "Unit")]
public sealed class PoisonedExpressionInMemoryTests : PoisonedExpressionTests
{
    protected override bool InMemory => true;
}
