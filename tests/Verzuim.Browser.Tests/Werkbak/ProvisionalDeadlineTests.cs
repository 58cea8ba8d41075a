using System.Text.Json.Nodes;
using Verzuim.Workflows.Runtime;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Verzuim.Browser.Tests.Werkbak;

/// <summary>
/// A deadline past the shipped holiday data is shown as an estimate on every screen that shows it, at 1024 px: the
/// chair's overview, the case view and the beheerder's calendar warnings. The shared host keeps the shipped data
/// (through the summer of 2030), so the case waits on a timer far enough ahead to pass it: 250 school weeks from today
/// is at least 250 calendar weeks, beyond 2030.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ProvisionalDeadlineTests(BrowserHost host, ITestOutputHelper output) : WerkbakPageTests(host, output)
{
    private const string School = "S-APD-01";

    // midden's last holiday in the shipped data is zomervakantie 2030, ending Sun 25 Aug 2030
    private const string Note = "termijn voorlopig: geen vakantiedata na 25 augustus 2030 (regio midden)";

    private const string Model = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:verzuim="urn:verzuim:bpmn:1" id="Defs" targetNamespace="http://verzuim/test">
          <bpmn:process id="kalender-voorlopig" name="Verre termijn (kalendertest)" isExecutable="true">
            <bpmn:startEvent id="start"/>
            <bpmn:userTask id="volgen" name="Volgen" verzuim:candidateRole="kernteamlid"/>
            <bpmn:boundaryEvent id="ver" name="Evaluatie na 250 schoolweken" attachedToRef="volgen">
              <bpmn:timerEventDefinition><bpmn:timeDuration>250 schoolweken</bpmn:timeDuration></bpmn:timerEventDefinition>
            </bpmn:boundaryEvent>
            <bpmn:endEvent id="klaar"/>
            <bpmn:endEvent id="evaluatie"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="volgen"/>
            <bpmn:sequenceFlow id="f2" sourceRef="volgen" targetRef="klaar"/>
            <bpmn:sequenceFlow id="f3" sourceRef="ver" targetRef="evaluatie"/>
          </bpmn:process>
        </bpmn:definitions>
        """;

    [Fact]
    public async Task A_deadline_past_the_holiday_data_is_marked_voorlopig_in_the_overview_the_case_view_and_the_warnings()
    {
        var engine = Host.Services.GetRequiredService<WorkflowEngine>();
        await engine.DeployAsync(Model);
        var pupil = $"L-VRL-{Guid.NewGuid():N}"[..16];
        var caseId = await engine.StartAsync("kalender-voorlopig", new JsonObject { ["leerlingId"] = pupil, ["schoolId"] = School }, pupil);

        var chair = await OpenAsync();
        await chair.SetViewportSizeAsync(1024, 768);
        await BrowserHost.LoginAsync(chair, "voorzitter", "/overzicht");
        var row = chair.Locator($"table.cases-zaken tr[data-case-id='{caseId}']");
        await Expect(row).ToContainTextAsync(Note);
        await Expect(row.Locator(".badge-voorlopig")).ToBeVisibleAsync();
        // years ahead, so the day carries its year ("wo 22 sep 2032"), and the note wraps inside its cell
        await Expect(row.Locator("time.deadline")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^nog \d+ schooldagen, \w+ \d+ \w+ 20\d\d$"));
        Assert.True(await chair.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 1024"), "the overview scrolls sideways at 1024 px");
        Assert.True(await row.EvaluateAsync<bool>("r => [...r.querySelectorAll('td')].every(c => c.scrollWidth <= c.clientWidth + 1)"), "a cell of the row overflows at 1024 px");
        await row.ScrollIntoViewIfNeededAsync();
        await BrowserHost.ScreenshotAsync(chair, "werkbak-overzicht-voorlopig");

        var kernteam = await OpenAsync();
        await kernteam.SetViewportSizeAsync(1024, 768);
        await BrowserHost.LoginAsync(kernteam, "kernteam-a", $"/zaken/{caseId}");
        await Expect(kernteam.Locator("#kantelpunt-op")).ToContainTextAsync(Note);
        Assert.True(await kernteam.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 1024"), "the case view scrolls sideways at 1024 px");
        await BrowserHost.ScreenshotAsync(kernteam, "werkbak-zaak-voorlopig");

        var beheerder = await OpenAsync();
        await beheerder.SetViewportSizeAsync(1024, 768);
        await BrowserHost.LoginAsync(beheerder, "beheerder", "/kalender");
        var warning = beheerder.Locator("#kalender-waarschuwingen tr").Filter(new() { Has = beheerder.Locator($"a[href='/zaken/{caseId}']") });
        await Expect(warning).ToContainTextAsync(Note);
        await Expect(warning).ToContainTextAsync(School);
        await Expect(beheerder.Locator("#user")).Not.ToContainTextAsync("null"); // a beheerder has no schools to list
        Assert.True(await beheerder.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 1024"), "the calendar screen scrolls sideways at 1024 px");
        await BrowserHost.ScreenshotAsync(beheerder, "werkbak-kalender-waarschuwing", fullPage: true);
    }
}
