using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Verzuim.Persistence;
using Verzuim.Workflows.Runtime;
using Verzuim.Workflows.Stores;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Verzuim.Browser.Tests.Werkbak;

/// <summary>
/// The beheerder finds a case stuck at a gateway (its condition got a text where it needs true/false) on the Storingen
/// screen at 1024 px, first tries invalid JSON (refused in the browser), then a protected variable (refused by the
/// server, naming it), then retries with the corrected value: the storing leaves the open list and shows as resolved.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class IncidentScreenTests(BrowserHost host, ITestOutputHelper output) : WerkbakPageTests(host, output)
{
    private const string Model = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:verzuim="urn:verzuim:bpmn:1" id="Defs" targetNamespace="http://verzuim/test">
          <bpmn:process id="storing-scherm" name="Storing (schermtest)" isExecutable="true">
            <bpmn:startEvent id="start"/>
            <bpmn:exclusiveGateway id="akkoordGegeven" default="f_nee"/>
            <bpmn:userTask id="gesprek" name="Gesprek plannen" verzuim:candidateRole="kernteamlid"/>
            <bpmn:endEvent id="klaar"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="akkoordGegeven"/>
            <bpmn:sequenceFlow id="f_ja" sourceRef="akkoordGegeven" targetRef="gesprek"><bpmn:conditionExpression>akkoord</bpmn:conditionExpression></bpmn:sequenceFlow>
            <bpmn:sequenceFlow id="f_nee" sourceRef="akkoordGegeven" targetRef="klaar"/>
            <bpmn:sequenceFlow id="f2" sourceRef="gesprek" targetRef="klaar"/>
          </bpmn:process>
        </bpmn:definitions>
        """;

    [Fact]
    public async Task The_beheerder_retries_a_storing_with_a_corrected_variable_and_sees_it_resolved()
    {
        var engine = Host.Services.GetRequiredService<WorkflowEngine>();
        await engine.DeployAsync(Model);
        var pupil = $"L-STO-{Guid.NewGuid():N}"[..16];
        var caseId = await engine.StartAsync("storing-scherm", new JsonObject { ["leerlingId"] = pupil, ["schoolId"] = "S-APD-01", ["akkoord"] = "misschien" }, pupil);

        var page = await OpenAsync();
        await page.SetViewportSizeAsync(1024, 768);
        await BrowserHost.LoginAsync(page, "beheerder", "/storingen");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Storingen", Exact = true })).ToBeVisibleAsync();
        var row = page.Locator($"#storingen-open tr[data-case-id='{caseId}']");
        await Expect(row).ToContainTextAsync("akkoordGegeven");
        await Expect(row).ToContainTextAsync("storing-scherm");
        await WerkbakSupport.AssertAccessibleAsync(page, "storingen");
        await WerkbakSupport.AssertFitsWidthAsync(page, "storingen at 1024 px");

        await row.GetByRole(AriaRole.Button, new() { Name = "Opnieuw proberen" }).ClickAsync();
        var variables = page.GetByLabel("Gecorrigeerde variabelen (optioneel)");
        await Expect(variables).ToBeFocusedAsync();
        await WerkbakSupport.AssertAccessibleAsync(page, "storingen with the retry form");
        await BrowserHost.ScreenshotAsync(page, "werkbak-storingen", fullPage: true);

        // not JSON: the browser says so and sends nothing
        await variables.FillAsync("{ akkoord: ja }");
        await page.Locator("#opnieuw").GetByRole(AriaRole.Button, new() { Name = "Opnieuw proberen" }).ClickAsync();
        await Expect(page.Locator("#opnieuw-fout")).ToContainTextAsync("geen geldige JSON");
        await Expect(page.Locator("#opnieuw-fout")).ToBeFocusedAsync();

        // a protected variable: the server refuses it by name and the storing stays
        await variables.FillAsync("""{ "akkoord": true, "schoolId": "S-APD-02" }""");
        await page.Locator("#opnieuw").GetByRole(AriaRole.Button, new() { Name = "Opnieuw proberen" }).ClickAsync();
        await Expect(page.Locator("#opnieuw-fout")).ToContainTextAsync("'schoolId'");
        await Expect(row).ToBeVisibleAsync();

        await variables.FillAsync("""{ "akkoord": true }""");
        await page.Locator("#opnieuw").GetByRole(AriaRole.Button, new() { Name = "Opnieuw proberen" }).ClickAsync();
        await Expect(page.Locator("#status")).ToContainTextAsync("is opgelost en de zaak loopt verder");
        await Expect(row).ToHaveCountAsync(0);
        await Expect(page.Locator("#storingen-samenvatting")).ToBeFocusedAsync();

        await page.GetByLabel("Ook opgeloste storingen tonen").CheckAsync();
        var resolved = page.Locator($"#storingen-opgeloste tr[data-case-id='{caseId}']");
        await Expect(resolved).ToContainTextAsync("akkoordGegeven");
        await WerkbakSupport.AssertFitsWidthAsync(page, "storingen with resolved ones at 1024 px");

        // true took the conditional flow: the kernteam's task is open
        await using var db = Host.Services.GetRequiredService<WorkflowStore>().CreateContext();
        Assert.Contains(await db.Tasks.Where(t => t.InstanceId == caseId).ToListAsync(), t => t.ElementId == "gesprek" && t.Status == WorkTaskStatus.Open);
    }
}
