using Verzuim.Workflows.Runtime;
using Verzuim.Workflows.Tests.Support;
using static Verzuim.Workflows.Tests.Support.Bpmn;

namespace Verzuim.Workflows.Tests.Engine;

/// <summary>
/// The correlation rule of docs/engine-semantics.md: one message reaches every element of the instance that
/// waits for it at arrival, each element once, never a wait the message itself opened, never twice on redelivery.
/// </summary>
public class CorrelationRuleTests : EngineTests
{
    private static string Counter(string variable) =>
        $"""<bpmn:extensionElements><verzuim:output target="{variable}" expression="{variable} + 1"/></bpmn:extensionElements>""";

    [Fact]
    public async Task One_registration_reaches_every_independent_rule_that_waits_for_it()
    {
        // the legal DUO threshold (an event sub-process) and the ladder rung (a receive task) both see it
        var xml = Process("p", $"""
            <bpmn:startEvent id="s"/><bpmn:parallelGateway id="fork"/>
            <bpmn:receiveTask id="ladder" messageRef="Msg_AbsentieGeregistreerd">{Counter("ladder")}</bpmn:receiveTask>
            <bpmn:intermediateCatchEvent id="teller">{Counter("teller")}<bpmn:messageEventDefinition messageRef="Msg_AbsentieGeregistreerd"/></bpmn:intermediateCatchEvent>
            <bpmn:userTask id="ladder_klaar"/><bpmn:userTask id="teller_klaar"/><bpmn:endEvent id="e1"/><bpmn:endEvent id="e2"/>
            {Flows("s", "fork", "ladder", "ladder_klaar", "e1")}{Flows("fork", "teller", "teller_klaar", "e2")}
            <bpmn:subProcess id="duo" triggeredByEvent="true">
              <bpmn:startEvent id="duo_s" isInterrupting="false">{Counter("duo")}<bpmn:messageEventDefinition messageRef="Msg_AbsentieGeregistreerd"/></bpmn:startEvent>
              <bpmn:endEvent id="duo_e"/>{Flow("duo_s", "duo_e")}
            </bpmn:subProcess>
            """, "AbsentieGeregistreerd:leerlingId");
        var h = await HarnessAsync();
        var id = await h.DeployAndStartAsync(xml, "p", new { leerlingId = "L1", ladder = 0, teller = 0, duo = 0 }, "L1");

        var result = await h.SendAsync("AbsentieGeregistreerd", "L1");

        Assert.Equal([id], result.InstanceIds);
        var variables = await h.VariablesAsync(id);
        Assert.Equal((1, 1, 1), ((int)variables["ladder"]!, (int)variables["teller"]!, (int)variables["duo"]!));
    }

    [Fact]
    public async Task An_element_with_two_waiting_tokens_is_triggered_once_per_message()
    {
        var xml = Process("p", $"""
            <bpmn:startEvent id="s"/><bpmn:parallelGateway id="fork"/>
            <bpmn:receiveTask id="r" messageRef="Msg_Ping">{Counter("ontvangen")}</bpmn:receiveTask>
            <bpmn:userTask id="na"/><bpmn:endEvent id="e"/>
            {Flow("s", "fork")}{Flow("fork", "r", id: "links")}{Flow("fork", "r", id: "rechts")}{Flows("r", "na", "e")}
            """, "Ping:leerlingId");
        var h = await HarnessAsync();
        var id = await h.DeployAndStartAsync(xml, "p", new { leerlingId = "L1", ontvangen = 0 }, "L1");
        Assert.Equal(["r", "r"], await h.ActiveAsync(id));

        var messageId = Guid.NewGuid();
        await h.SendAsync("Ping", "L1", id: messageId);
        Assert.Equal(["na", "r"], await h.ActiveAsync(id));
        Assert.Equal(1, (int)(await h.VariablesAsync(id))["ontvangen"]!);

        // redelivery of that message is a duplicate; only a new message takes the second token
        Assert.Equal(CorrelationOutcome.Duplicate, (await h.SendAsync("Ping", "L1", id: messageId)).Outcome);
        Assert.Equal(["na", "r"], await h.ActiveAsync(id));
        await h.SendAsync("Ping", "L1");
        Assert.Equal(["na", "na"], await h.ActiveAsync(id));
        Assert.Equal(2, (int)(await h.VariablesAsync(id))["ontvangen"]!);
    }

    [Fact]
    public async Task A_wait_opened_by_the_message_itself_waits_for_the_next_message()
    {
        // a non-interrupting event sub-process that waits for the same message inside, and a loop back to the receive task
        var xml = Process("p", $"""
            <bpmn:startEvent id="s"/><bpmn:exclusiveGateway id="m"/>
            <bpmn:receiveTask id="r" messageRef="Msg_Ping">{Counter("lus")}</bpmn:receiveTask>
            {Flows("s", "m", "r", "m")}
            <bpmn:subProcess id="es" triggeredByEvent="true">
              <bpmn:startEvent id="es_s" isInterrupting="false">{Counter("gestart")}<bpmn:messageEventDefinition messageRef="Msg_Ping"/></bpmn:startEvent>
              <bpmn:receiveTask id="es_r" messageRef="Msg_Ping">{Counter("binnen")}</bpmn:receiveTask><bpmn:endEvent id="es_e"/>
              {Flows("es_s", "es_r", "es_e")}
            </bpmn:subProcess>
            """, "Ping:leerlingId");
        var h = await HarnessAsync();
        var id = await h.DeployAndStartAsync(xml, "p", new { leerlingId = "L1", lus = 0, gestart = 0, binnen = 0 }, "L1");

        await h.SendAsync("Ping", "L1");
        var after1 = await h.VariablesAsync(id);
        // r once (its new wait after the loop did not get it), the event sub-process once, its inner wait not yet
        Assert.Equal((1, 1, 0), ((int)after1["lus"]!, (int)after1["gestart"]!, (int)after1["binnen"]!));

        await h.SendAsync("Ping", "L1");
        var after2 = await h.VariablesAsync(id);
        // the second message reaches the three waits that were open at its arrival: r, the listener, the first inner wait
        Assert.Equal((2, 2, 1), ((int)after2["lus"]!, (int)after2["gestart"]!, (int)after2["binnen"]!));
    }
}

/// <summary><see cref="CorrelationRuleTests"/> on the in-memory store: the unit tier.</summary>
[Trait("Category", "Unit")]
public sealed class CorrelationRuleInMemoryTests : CorrelationRuleTests
{
    protected override bool InMemory => true;
}
