using System.Text.Json.Nodes;
using Verzuim.Workflows.Runtime;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Verzuim.Browser.Tests.Werkbak;

/// <summary>
/// A kernteam member opens a case; the beheerder finds that read on the Auditlog screen (1024 px) by case, user and
/// today's date, is told in Dutch when a filter is wrong, and downloads the same lines as CSV.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AuditScreenTests(BrowserHost host, ITestOutputHelper output) : WerkbakPageTests(host, output)
{
    private const string Model = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:verzuim="urn:verzuim:bpmn:1" id="Defs" targetNamespace="http://verzuim/test">
          <bpmn:process id="audit-scherm" name="Auditlog (schermtest)" isExecutable="true">
            <bpmn:startEvent id="start"/>
            <bpmn:userTask id="gesprek" name="Gesprek plannen" verzuim:candidateRole="kernteamlid"/>
            <bpmn:endEvent id="klaar"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="gesprek"/>
            <bpmn:sequenceFlow id="f2" sourceRef="gesprek" targetRef="klaar"/>
          </bpmn:process>
        </bpmn:definitions>
        """;

    [Fact]
    public async Task The_beheerder_finds_a_case_read_by_case_user_and_date_and_exports_it()
    {
        var engine = Host.Services.GetRequiredService<WorkflowEngine>();
        await engine.DeployAsync(Model);
        var pupil = $"L-AUD-{Guid.NewGuid():N}"[..16];
        var caseId = await engine.StartAsync("audit-scherm", new JsonObject { ["leerlingId"] = pupil, ["schoolId"] = "S-APD-01" }, pupil);

        var kernteam = await OpenAsync();
        await BrowserHost.LoginAsync(kernteam, "kernteam-a", $"/zaken/{caseId}");
        await Expect(kernteam.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(pupil);

        var page = await OpenAsync();
        await page.SetViewportSizeAsync(1024, 768);
        await BrowserHost.LoginAsync(page, "beheerder", "/audit");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Auditlog", Exact = true })).ToBeVisibleAsync();

        // a wrong case id is named in Dutch and nothing is asked of the server
        await page.GetByLabel("Zaak-id").FillAsync("12345");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filteren" }).ClickAsync();
        await Expect(page.Locator("#audit-fout")).ToContainTextAsync("geen zaak-id");
        await Expect(page.GetByLabel("Zaak-id")).ToHaveAttributeAsync("aria-invalid", "true");

        var today = WerkbakSupport.Today.ToString("yyyy-MM-dd");
        await page.GetByLabel("Zaak-id").FillAsync(caseId.ToString());
        await page.GetByLabel("Gebruiker").FillAsync("kernteam-a");
        await page.GetByLabel("Van", new() { Exact = true }).FillAsync(today);
        await page.GetByLabel("Tot en met").FillAsync(today);
        await page.GetByRole(AriaRole.Button, new() { Name = "Filteren" }).ClickAsync();
        await Expect(page.Locator("#status")).ToContainTextAsync("gevonden");
        var rows = page.Locator("#audit-resultaat tbody tr");
        await Expect(rows.First).ToBeVisibleAsync();
        // every line is kernteam-a's on this case; the case read is among them, with the pupil and the result
        Assert.All(await page.Locator("#audit-resultaat tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.gebruiker)"), u => Assert.Equal("kernteam-a", u));
        var read = rows.Filter(new() { HasText = "zaak-gelezen" }).First;
        await Expect(read).ToContainTextAsync(pupil);
        await Expect(read).ToContainTextAsync("gelukt");
        Assert.Contains($"caseId={caseId}", page.Url);
        await WerkbakSupport.AssertAccessibleAsync(page, "auditlog");
        await WerkbakSupport.AssertFitsWidthAsync(page, "auditlog at 1024 px");
        await BrowserHost.ScreenshotAsync(page, "werkbak-auditlog", fullPage: true);

        // the download link carries the same filters; its lines are the same
        var href = await page.Locator("#audit-csv").GetAttributeAsync("href");
        Assert.Contains($"gebruiker=kernteam-a", href);
        Assert.Contains($"van={today}", href);
        var csv = await BrowserHost.ApiTextAsync(page, "GET", href!.TrimStart('/'));
        Assert.Contains($"kernteam-a;zaak-gelezen;{caseId};S-APD-01;{pupil};gelukt", csv);
        Assert.DoesNotContain("beheerder;", csv);

        // a day after today: nothing
        await page.GetByLabel("Van", new() { Exact = true }).FillAsync(WerkbakSupport.Today.AddDays(1).ToString("yyyy-MM-dd"));
        await page.GetByLabel("Tot en met").FillAsync(WerkbakSupport.Today.AddDays(1).ToString("yyyy-MM-dd"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Filteren" }).ClickAsync();
        await Expect(page.Locator("#audit-resultaat")).ToContainTextAsync("Geen regels met deze filters.");
    }
}
