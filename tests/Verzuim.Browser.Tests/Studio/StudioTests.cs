using System.Net;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using System.Text.Json;
using System.Xml.Linq;
using Xunit.Abstractions;

namespace Verzuim.Browser.Tests.Studio;

/// <summary>
/// The studio in real headless Chromium against the real host: a process owner changes the Apeldoorn model's step-2
/// kantelpunt, sees the check react, simulates, compares and publishes; the API then shows new cases on the new
/// version while a running case keeps its own.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class StudioTests(BrowserHost host, ITestOutputHelper output) : IAsyncLifetime
{
    private const string Apeldoorn = "apeldoorn-opschalingsmodel";
    private const string ApeldoornName = "Apeldoorn thuiszittersprotocol: opschalingsmodel stap 1-4";
    private const string School = "S-APD-01";
    private readonly List<(IPage Page, string Name)> _pages = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        // what the browser said is the first thing to read when a step times out
        output.WriteLine(host.DescribeBrowserLog());
        foreach (var (page, name) in _pages)
            if (!page.IsClosed) await BrowserHost.ScreenshotAsync(page, $"{name}-last", fullPage: true);
    }

    /// <summary>A fresh browser context logged in as <paramref name="user"/>; its last state is kept as a screenshot.</summary>
    private async Task<IPage> OpenAsync(string? user, string returnUrl, [System.Runtime.CompilerServices.CallerMemberName] string test = "")
    {
        var page = await host.NewPageAsync(user, returnUrl);
        _pages.Add((page, $"{test}-{user ?? "anoniem"}-{_pages.Count}"));
        return page;
    }

    [Fact]
    public async Task Process_owner_changes_the_step2_kantelpunt_simulates_and_publishes_while_running_cases_keep_their_version()
    {
        // a case that runs on the published version before the change
        var lpa = await OpenAsync("lpa", "/");
        var oldCase = await OpenCaseAsync(lpa, $"L-STUDIO-OUD-{Guid.NewGuid():N}"[..20]);
        Assert.Equal(1, await VersionOfCaseAsync(lpa, oldCase));

        var page = await OpenAsync("eigenaar", "/studio/");

        // model list: the Apeldoorn model with its published version 1 and the case that runs on it
        var model = page.Locator($"li.model[data-process-id='{Apeldoorn}']");
        var v1 = model.Locator("tr[data-versie='1']");
        await Assertions.Expect(v1).ToContainTextAsync("Gepubliceerd");
        Assert.True(int.Parse(await v1.Locator("td.number").InnerTextAsync()) >= 1, "the running case counts on version 1");

        // editor: the checks run (bpmnlint, domain rules, server validation) and find no errors in the shipped model
        await model.GetByRole(AriaRole.Link, new() { Name = ApeldoornName }).ClickAsync();
        var summary = page.Locator("#problem-summary");
        await Assertions.Expect(summary).ToContainTextAsync("Geen fouten", new() { Timeout = 30_000 });
        var publish = page.Locator("#publish");
        await Assertions.Expect(publish).ToBeEnabledAsync();

        // the step-2 kantelpunt is a timer boundary event inside the collapsed ladder sub-process
        await page.Locator("#element-jump").SelectOptionAsync("apd_stap2_kantelpunt");
        var time = page.GetByLabel("Tijd", new() { Exact = true });
        await Assertions.Expect(time).ToHaveValueAsync("4 schoolweken");

        // half-typed: "5" is no timer the engine can read; the error shows on the canvas and in the list, publish is off
        await time.FillAsync("5");
        var timerError = page.Locator("#problem-list li.problem-error[data-element-id='apd_stap2_kantelpunt'][data-rule='verzuim/school-time']");
        await Assertions.Expect(timerError).ToContainTextAsync("Ongeldige tijdsduur '5'");
        var marker = page.Locator(".djs-overlays[data-container-id='apd_stap2_kantelpunt'] .bjsl-icon-error");
        await Assertions.Expect(marker).ToHaveCountAsync(1);
        // the marker is visible: a red disc behind the white cross (bpmnlint's colour variables are ours to define)
        Assert.Equal("rgb(176, 0, 32)", await marker.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));
        // the server's own validation refuses the same text in the same words: listed once, not twice
        var serverError = page.Locator("#problem-list li.problem-error[data-element-id='apd_stap2_kantelpunt'][data-rule^='server/']");
        await Assertions.Expect(page.Locator("#problem-list li.problem-error")).ToHaveCountAsync(1);
        await Assertions.Expect(serverError).ToHaveCountAsync(0);
        await Assertions.Expect(summary).ToContainTextAsync("1 fout en");
        await Assertions.Expect(timerError).Not.ToContainTextAsync("verzuim/school-time"); // rule ids are no reading matter
        await Assertions.Expect(publish).ToBeDisabledAsync();

        // finished typing: the error goes away again
        await time.FillAsync("5 schoolweken");
        await Assertions.Expect(timerError).ToHaveCountAsync(0);
        await Assertions.Expect(serverError).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator(".djs-overlays[data-container-id='apd_stap2_kantelpunt'] .bjsl-icon-error")).ToHaveCountAsync(0);
        await Assertions.Expect(summary).ToContainTextAsync("Geen fouten");
        await Assertions.Expect(publish).ToBeEnabledAsync();

        // the event's name and the task's due date say the same term
        await page.GetByLabel("Naam", new() { Exact = true }).FillAsync("Kantelpunt: 5 schoolweken na de kernteambespreking");
        await page.Locator("#element-jump").SelectOptionAsync("apd_stap2_interventie");
        var due = page.GetByLabel("Vervaldatum", new() { Exact = true });
        await Assertions.Expect(due).ToHaveValueAsync("4 schoolweken");
        await due.FillAsync("5 schoolweken");
        await Assertions.Expect(page.GetByLabel("Rol", new() { Exact = true })).ToHaveValueAsync("zorgcoordinator");
        await page.Locator("#element-jump").SelectOptionAsync("apd_stap2_kantelpunt");
        await Assertions.Expect(time).ToHaveValueAsync("5 schoolweken");
        await Assertions.Expect(summary).ToContainTextAsync("Geen fouten");
        await BrowserHost.ScreenshotAsync(page, "studio-editor");

        // simulate scenario 04: the second kernteam meeting is Monday 27 January 2025 10:00. Five school weeks are 25
        // school days: 28-31 Jan (4), 3-7 Feb (9), 10-14 Feb (14), 17-21 Feb (19), the spring holiday (midden, 22 Feb -
        // 2 Mar) does not count, 3-7 Mar (24), Monday 10 March (25), 10:00 CET = 09:00Z. The published four weeks
        // fired on 3 March; the scenario ends at 10 March 00:00, so the moved kantelpunt is scheduled, not fired.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Simulatie" }).ClickAsync();
        await page.Locator("#sim-scenario").SelectOptionAsync(new SelectOptionValue { Label = "04-kernteam-herhalen-kantelpunt-stap2-na-voorjaarsvakantie" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Simulatie starten" }).ClickAsync();
        var rows = page.Locator("table.timeline tbody tr");
        await Assertions.Expect(rows.First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        var scheduled = page.Locator("tr[data-kind='TimerScheduled'][data-element-id='apd_stap2_kantelpunt']");
        await Assertions.Expect(scheduled).ToHaveCountAsync(2); // after the first and after the repeated kernteam meeting
        Assert.Equal(DateTimeOffset.Parse("2025-03-10T09:00:00Z"), DateTimeOffset.Parse((await scheduled.Last.GetAttributeAsync("data-due"))!));
        await Assertions.Expect(page.Locator("tr[data-kind='TimerFired'][data-element-id='apd_stap2_kantelpunt']")).ToHaveCountAsync(0);
        // the simulated case is still waiting on the kantelpunt; the header names the model, not the simulation's own v1
        await Assertions.Expect(page.Locator(".sim-summary")).ToContainTextAsync($"{Apeldoorn} (dit model): loopt nog");
        var secondTask = page.Locator("tr[data-kind='TaskCreated'][data-element-id='apd_stap2_interventie']").Last;
        Assert.Equal(DateTimeOffset.Parse("2025-03-10T09:00:00Z"), DateTimeOffset.Parse((await secondTask.GetAttributeAsync("data-due"))!));
        // the path is drawn on the diagram: the step-2 task was reached, step 3 (after the kantelpunt) was not
        await Assertions.Expect(page.Locator(".djs-element.verzuim-sim-path[data-element-id='apd_stap2_interventie']")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator(".djs-element.verzuim-sim-path[data-element-id='apd_stap3_richting']")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator(".djs-overlays[data-container-id='apd_stap2_interventie'] .sim-badge")).ToContainTextAsync("2025");
        await BrowserHost.ScreenshotAsync(page, "studio-simulation", fullPage: true);

        // publish: first the comparison with version 1, which names the changed timer and due date
        await publish.ClickAsync();
        var changedTimer = page.Locator("li.diff-item.diff-changed[data-element-id='apd_stap2_kantelpunt']");
        await Assertions.Expect(changedTimer).ToContainTextAsync("Timer: 4 schoolweken → 5 schoolweken");
        await Assertions.Expect(page.Locator("li.diff-item.diff-changed[data-element-id='apd_stap2_interventie']")).ToContainTextAsync("Vervaldatum: 4 schoolweken → 5 schoolweken");
        // exactly these two elements changed; both diagrams open on the ladder sub-process with the timer marked
        // shapes bpmn-js re-lays out on save count as moved, not as content
        await Assertions.Expect(page.Locator(".diff-list h3")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^2 inhoudelijke wijzigingen( \(en \d+ verplaatst\))?$"));
        await Assertions.Expect(page.Locator(".diff-canvas .djs-element.diff-changed[data-element-id='apd_stap2_kantelpunt']")).ToHaveCountAsync(2);
        await BrowserHost.ScreenshotAsync(page, "studio-diff", fullPage: true);
        // publishing asks what changed: without a note it is refused with the reason, the focus on the note
        await Assertions.Expect(page.Locator("#publish-note")).ToBeFocusedAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Nieuwe versie publiceren" }).ClickAsync();
        await Assertions.Expect(page.Locator("#publish-note-error")).ToContainTextAsync("Schrijf kort wat er veranderd is");
        await Assertions.Expect(page.Locator("#publish-note")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("Kantelpunt stap 2 naar 5 schoolweken");
        await page.GetByRole(AriaRole.Button, new() { Name = "Nieuwe versie publiceren" }).ClickAsync();
        await Assertions.Expect(page.Locator("#publish-result")).ToContainTextAsync($"{Apeldoorn} v2");
        await Assertions.Expect(page.Locator("#publish-result")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("#model-versions")).ToContainTextAsync("gepubliceerd: v2");

        // the API: a new case opens on version 2 (with the five-week kantelpunt), the running case stays on version 1
        var newCase = await OpenCaseAsync(lpa, $"L-STUDIO-NIEUW-{Guid.NewGuid():N}"[..22]);
        Assert.Equal(2, await VersionOfCaseAsync(lpa, newCase));
        Assert.Equal(1, await VersionOfCaseAsync(lpa, oldCase));
        var newModel = XDocument.Parse(await BrowserHost.ApiTextAsync(lpa, "GET", $"api/cases/{newCase}/xml"));
        var oldModel = XDocument.Parse(await BrowserHost.ApiTextAsync(lpa, "GET", $"api/cases/{oldCase}/xml"));
        Assert.Equal("5 schoolweken", KantelpuntStap2(newModel));
        Assert.Equal("4 schoolweken", KantelpuntStap2(oldModel));
        // what the studio wrote keeps the engine's extensions it did not touch
        var task = ElementById(newModel, "apd_stap2_interventie");
        Assert.Equal("zorgcoordinator", (string?)task.Attribute(Verzuim + "candidateRole"));
        Assert.Equal("5 schoolweken", (string?)task.Attribute(Verzuim + "dueDate"));
        var field = Assert.Single(task.Descendants(Verzuim + "formField"));
        Assert.Equal(("vervolgStap2", "enum", "true"), ((string?)field.Attribute("id"), (string?)field.Attribute("type"), (string?)field.Attribute("required")));
        Assert.Equal(["Herhalen", "Opschalen"], field.Elements(Verzuim + "value").Select(v => (string?)v.Attribute("id")));
        Assert.Equal("leerlingId", (string?)ElementById(newModel, "apd_msg_hersteld").Attribute(Verzuim + "correlationKey"));

        // the model list shows both versions: v2 with its note, v1 replaced while its case runs on
        await page.GetByRole(AriaRole.Link, new() { Name = "← Alle modellen" }).ClickAsync();
        var listed = page.Locator($"li.model[data-process-id='{Apeldoorn}']");
        await Assertions.Expect(listed.Locator("tr[data-versie='2']")).ToContainTextAsync("Gepubliceerd");
        await Assertions.Expect(listed.Locator("tr[data-versie='2']")).ToContainTextAsync("eigenaar");
        await Assertions.Expect(listed.Locator("tr[data-versie='2']")).ToContainTextAsync("Kantelpunt stap 2 naar 5 schoolweken");
        await Assertions.Expect(listed.Locator("tr[data-versie='1']")).ToContainTextAsync("Vervangen");
        await Assertions.Expect(listed.Locator(".model-head")).ToContainTextAsync("v1 vervangen");

        // five weeks was a mistake: roll back to v1 from the list, with a reason; it becomes v3, the running cases stay
        await listed.GetByRole(AriaRole.Button, new() { Name = "Terugzetten naar versie 1" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Waarom terugzetten?", new() { Exact = false })).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("Besluit teruggedraaid: vier schoolweken");
        await listed.GetByRole(AriaRole.Button, new() { Name = "Terugzetten naar v1" }).ClickAsync();
        listed = page.Locator($"li.model[data-process-id='{Apeldoorn}']");
        await Assertions.Expect(listed.Locator("tr[data-versie='3']")).ToContainTextAsync("Teruggezet naar v1: Besluit teruggedraaid: vier schoolweken");
        await Assertions.Expect(listed.Locator("tr[data-versie='3']")).ToContainTextAsync("Gepubliceerd");
        await Assertions.Expect(listed.Locator("tr[data-versie='2']")).ToContainTextAsync("Vervangen");
        var rolledBack = await OpenCaseAsync(lpa, $"L-STUDIO-TERUG-{Guid.NewGuid():N}"[..22]);
        Assert.Equal(3, await VersionOfCaseAsync(lpa, rolledBack));
        Assert.Equal("4 schoolweken", KantelpuntStap2(XDocument.Parse(await BrowserHost.ApiTextAsync(lpa, "GET", $"api/cases/{rolledBack}/xml"))));
        Assert.Equal(2, await VersionOfCaseAsync(lpa, newCase));
    }

    [Fact]
    public async Task An_imported_model_shows_every_domain_check_and_the_servers_refusal_and_cannot_be_published()
    {
        var page = await OpenAsync("eigenaar", "/studio/");
        var file = Path.Combine(AppContext.BaseDirectory, "Studio", "Models", "studio-proef.bpmn");
        await page.Locator("#import-model").SetInputFilesAsync(file);
        await Assertions.Expect(page.Locator("#model-versions")).ToContainTextAsync("geïmporteerd uit studio-proef.bpmn");

        ILocator Problem(string element, string rule) =>
            page.Locator($"#problem-list li.problem-error[data-element-id='{element}'][data-rule='{rule}']");
        await Assertions.Expect(Problem("proef_taak", "verzuim/user-task-role")).ToContainTextAsync("geen rol", new() { Timeout = 30_000 });
        await Assertions.Expect(Problem("proef_wachten", "verzuim/wait-has-way-out")).ToContainTextAsync("Wachten zonder uitweg");
        await Assertions.Expect(Problem("proef_wachten", "verzuim/messages-in-contracts")).ToContainTextAsync("'OnbekendBericht' staat niet in de inkomende contracten");
        await Assertions.Expect(Problem("proef_timer", "verzuim/school-time")).ToContainTextAsync("Ongeldige tijdsduur '3 weken'");
        // only the engine knows it refuses script tasks: that comes from POST /api/definitions/validate
        await Assertions.Expect(page.Locator("#problem-list li.problem-error[data-element-id='proef_script'][data-rule^='server/']")).ToContainTextAsync("Scripttaken");
        await Assertions.Expect(page.Locator(".djs-overlays[data-container-id='proef_script'] .bjsl-icon-error")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#publish")).ToBeDisabledAsync();

        // giving the task a role clears that one error, the others stay
        await page.Locator("#element-jump").SelectOptionAsync("proef_taak");
        await page.GetByLabel("Rol", new() { Exact = true }).FillAsync("mentor");
        await Assertions.Expect(Problem("proef_taak", "verzuim/user-task-role")).ToHaveCountAsync(0);
        await Assertions.Expect(Problem("proef_timer", "verzuim/school-time")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#publish")).ToBeDisabledAsync();

        // the message list offers the contracts' incoming names for a receive task
        await page.Locator("#element-jump").SelectOptionAsync("proef_wachten");
        var message = page.GetByLabel("Bericht (inkomend)", new() { Exact = true });
        await Assertions.Expect(message.Locator("option")).ToContainTextAsync(["(kies een bericht)", "AbsentieGeregistreerd", "SchoolgangHersteld",
            "GesprekGehouden", "JeugdartsAdvies", "ToestemmingOuders", "DuoMeldingGedaan", "PlaatsingGerealiseerd", "OnbekendBericht (niet in de contracten)"]);

        // export: the file carries the change and the verzuim extension; the server refuses to publish it
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Exporteren (.bpmn)" }).ClickAsync());
        Assert.Equal("studio-proef.bpmn", download.SuggestedFilename);
        var exported = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.Contains("verzuim:candidateRole=\"mentor\"", exported);
        Assert.Contains("<bpmn:timeDuration>3 weken</bpmn:timeDuration>", exported);
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => BrowserHost.ApiTextAsync(page, "POST", "api/definitions", xml: exported));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("proef_script", refused.Message);
        // a draft may keep its problems: saving it makes a concept version, and still nothing is published
        await page.GetByRole(AriaRole.Button, new() { Name = "Concept opslaan" }).ClickAsync();
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("Concept opgeslagen: studio-proef v1");
        var definitions = await BrowserHost.ApiAsync(page, "GET", "api/definitions");
        var proef = definitions.EnumerateArray().Single(d => d.GetProperty("processId").GetString() == "studio-proef");
        Assert.Equal(["Concept"], proef.GetProperty("versies").EnumerateArray().Select(v => v.GetProperty("status").GetString()));
        await Assertions.Expect(page.Locator("#model-versions")).ToContainTextAsync("nog niet gepubliceerd · concept: v1");
    }

    [Fact]
    public async Task The_model_list_and_the_editor_have_no_serious_accessibility_violations()
    {
        var page = await OpenAsync("eigenaar", "/studio/");
        await Assertions.Expect(page.Locator($"li.model[data-process-id='{Apeldoorn}']")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page, "the model list");

        await page.GotoAsync($"studio/model/{Apeldoorn}");
        await Assertions.Expect(page.Locator("#problem-summary")).ToContainTextAsync("Geen fouten", new() { Timeout = 30_000 });
        await page.Locator("#element-jump").SelectOptionAsync("apd_stap2_interventie");
        await Assertions.Expect(page.GetByLabel("Rol", new() { Exact = true })).ToHaveValueAsync("zorgcoordinator");
        await AssertAccessibleAsync(page, "the editor with a user task selected");

        // the tabs work from the keyboard
        await page.GetByRole(AriaRole.Tab, new() { Name = "Controle" }).FocusAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        await Assertions.Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Simulatie" })).ToBeFocusedAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Simulatie" })).ToHaveAttributeAsync("aria-selected", "true");
        await Assertions.Expect(page.Locator("#sim-scenario")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page, "the simulation tab");
    }

    /// <summary>axe-core (WCAG 2.0/2.1 A and AA) on the page as it is; fails on serious or critical violations, naming them.</summary>
    private static async Task AssertAccessibleAsync(IPage page, string what)
    {
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"axe-core on {what}:{Environment.NewLine}" + string.Join(Environment.NewLine,
            serious.Select(v => $"- {v.Id} ({v.Impact}): {v.Help}{Environment.NewLine}    " +
                string.Join($"{Environment.NewLine}    ", v.Nodes.Take(6).Select(n => $"{n.Target} {n.Html}")))));
    }

    [Fact]
    public async Task Nobody_without_the_process_owner_role_gets_the_studio_or_its_api()
    {
        foreach (var user in new[] { "kernteam-a", "lpa", "beheerder" })
        {
            var page = await OpenAsync(user, "/");
            var response = await page.GotoAsync("studio/");
            Assert.Equal(403, response!.Status);
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Geen toegang" })).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("#canvas")).ToHaveCountAsync(0);

            foreach (var (method, path) in new[] { ("GET", "api/definitions"), ("GET", $"api/definitions/{Apeldoorn}/xml"), ("GET", "api/definitions/messages") })
                Assert.Equal(HttpStatusCode.Forbidden, (await Assert.ThrowsAsync<HttpRequestException>(() => BrowserHost.ApiTextAsync(page, method, path))).StatusCode);
            var xml = File.ReadAllText(Path.Combine(BrowserHost.RepoRoot, "workflows", $"{Apeldoorn}.bpmn"));
            foreach (var path in new[] { "api/definitions/validate", "api/definitions" })
                Assert.Equal(HttpStatusCode.Forbidden, (await Assert.ThrowsAsync<HttpRequestException>(() => BrowserHost.ApiTextAsync(page, "POST", path, xml: xml))).StatusCode);
        }

        // not logged in at all: the page sends you to the login, the API answers 401
        var anonymous = await OpenAsync(null, "/");
        await anonymous.GotoAsync("studio/");
        await Assertions.Expect(anonymous.Locator("input[name=username]")).ToBeVisibleAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, (await Assert.ThrowsAsync<HttpRequestException>(() => BrowserHost.ApiTextAsync(anonymous, "GET", "api/definitions"))).StatusCode);
    }

    private static readonly XNamespace Verzuim = "urn:verzuim:bpmn:1";
    private static readonly XNamespace Bpmn = "http://www.omg.org/spec/BPMN/20100524/MODEL";

    private static XElement ElementById(XDocument model, string id) => model.Descendants().Single(e => (string?)e.Attribute("id") == id);

    private static string KantelpuntStap2(XDocument model) =>
        ElementById(model, "apd_stap2_kantelpunt").Descendants(Bpmn + "timeDuration").Single().Value.Trim();

    /// <summary>
    /// Opens an Apeldoorn case for a new pupil: unexcused absence of 16 hours (the DUO threshold that opens a case).
    /// A registration on a day that is no school day (weekend, holiday) counts nothing, so step back a day at a time.
    /// </summary>
    private async Task<Guid> OpenCaseAsync(IPage caseReader, string pupil)
    {
        var amsterdam = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, amsterdam).DateTime);
        for (var back = 0; back < 30; back++)
        {
            var answer = await host.SendMessageAsync("AbsentieGeregistreerd", new
            {
                berichtId = Guid.NewGuid(), leerlingId = pupil, schoolId = School, tijdstip = DateTimeOffset.UtcNow,
                datum = today.AddDays(-back).ToString("yyyy-MM-dd"), soort = "Ongeoorloofd", uren = 16,
            });
            if (answer.GetProperty("zaken").GetArrayLength() > 0) return answer.GetProperty("zaken")[0].GetGuid();
        }
        var cases = await BrowserHost.ApiTextAsync(caseReader, "GET", $"api/cases?school={School}&status=alle");
        throw new InvalidOperationException($"No case opened for {pupil} in 30 days of registrations. Cases: {cases}");
    }

    private static async Task<int> VersionOfCaseAsync(IPage caseReader, Guid caseId)
    {
        var cases = await BrowserHost.ApiAsync(caseReader, "GET", $"api/cases?model={Apeldoorn}&status=alle");
        foreach (var c in cases.EnumerateArray())
            if (c.GetProperty("id").GetGuid() == caseId) return c.GetProperty("versie").GetInt32();
        throw new InvalidOperationException($"Case {caseId} not in the list: {cases}");
    }
}
