using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Verzuim.Browser.Tests.Werkbak;

/// <summary>
/// The case page as a school's kernteam uses it over weeks (Apeldoorn, seed 003): the history of step, regie and
/// feedback date after a second kernteam meeting by a colleague overwrote them; a dossier note written, changed and
/// read by a colleague who cannot change it; and the step-1 watch task ("nu opschalen") that escalates to stap 2
/// only after the question in its form is answered. At 1024 px, by keyboard, checked with axe-core.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CaseDossierTests(BrowserHost host, ITestOutputHelper output) : WerkbakPageTests(host, output)
{
    private const string School = "S-APD-01";

    [Fact]
    public async Task The_history_shows_both_regie_values_with_who_set_them_after_a_colleague_repeated_stap_2()
    {
        var (pupil, caseId) = await OpenCaseAsync("HIST");
        var kernteam = await OpenAsync("kernteam-a", "/taken");
        // a second kernteam member of this school holds the repeated meeting
        var colleague = await OpenAsync("kernteam-a2", "/taken");
        await WorkAsync(kernteam, caseId, "apd_stap1_interventies", new { interventies = "Gesprek met ouders en mentor." });
        await WorkAsync(kernteam, caseId, "apd_stap1_bewaken", new { });
        await WorkAsync(kernteam, caseId, "apd_stap2_kernteam_anoniem", new { regievoerder = "Mentor De Vries", terugkoppelingsdatum = WerkbakSupport.Today.AddDays(14).ToString("yyyy-MM-dd") });
        await WorkAsync(kernteam, caseId, "apd_stap2_interventie", new { vervolgStap2 = "Herhalen" });
        await WorkAsync(colleague, caseId, "apd_stap2_kernteam_anoniem", new { regievoerder = "Jeugdverpleegkundige Bakker", terugkoppelingsdatum = WerkbakSupport.Today.AddDays(28).ToString("yyyy-MM-dd") });

        var page = await OpenAsync("lpa", $"/zaken/{caseId}");
        await page.SetViewportSizeAsync(1024, 800);
        await Expect(page.Locator("h1")).ToHaveTextAsync($"Zaak leerling {pupil}");
        await Expect(page.Locator("#zaak-regie")).ToHaveTextAsync("Jeugdverpleegkundige Bakker");
        var regie = page.Locator("#historie [data-onderwerp='regievoerder'] tbody tr");
        await Expect(regie).ToHaveCountAsync(2);
        await Expect(regie.Nth(0)).ToContainTextAsync("Mentor De Vries");
        await Expect(regie.Nth(0)).ToContainTextAsync("kernteam-a");
        await Expect(regie.Nth(0)).ToContainTextAsync("Stap 2 Kernteam aan zet: anonieme bespreking");
        await Expect(regie.Nth(1)).ToContainTextAsync("Jeugdverpleegkundige Bakker");
        await Expect(regie.Nth(1)).ToContainTextAsync("kernteam-a2");
        await Expect(regie.Nth(1)).ToContainTextAsync("huidig");
        await Expect(regie.Nth(0).Locator("time")).ToHaveAttributeAsync("datetime", new Regex($"^{DateTime.UtcNow:yyyy-MM-dd}"));
        var feedback = page.Locator("#historie [data-onderwerp='terugkoppelingsdatum'] tbody tr");
        await Expect(feedback).ToHaveCountAsync(2);
        await Expect(feedback.Nth(1)).ToContainTextAsync(WerkbakSupport.Today.AddDays(28).ToString("d MMMM yyyy", new System.Globalization.CultureInfo("nl-NL")));
        var steps = page.Locator("#historie [data-onderwerp='stap'] tbody tr");
        await Expect(steps).ToHaveCountAsync(2);
        await Expect(steps.Nth(1)).ToContainTextAsync("Stap 2");
        await Expect(steps.Nth(1)).ToContainTextAsync("Stap 1: herstel schoolgang bewaken");

        await WerkbakSupport.AssertFitsWidthAsync(page, "the case page with its history");
        await WerkbakSupport.AssertAccessibleAsync(page, "the case page with its history");
        await page.Locator("#historie").ScrollIntoViewIfNeededAsync();
        await page.Locator("#historie").ScreenshotAsync(new() { Path = Path.Combine(BrowserHost.ScreenshotDir, "werkbak-zaak-historie.png") });
    }

    [Fact]
    public async Task A_note_is_added_and_changed_by_its_author_and_a_colleague_reads_it_without_changing_it()
    {
        var (_, caseId) = await OpenCaseAsync("NOTE");
        var author = await OpenAsync("kernteam-a", $"/zaken/{caseId}");
        await author.SetViewportSizeAsync(1024, 800);
        var field = author.GetByRole(AriaRole.Textbox, new() { Name = "Nieuwe notitie", Exact = true });
        await Expect(author.Locator("#notities-lijst")).ToContainTextAsync("Nog geen notities.");

        // the guard's reason next to the form, in Dutch; nothing stored
        await field.FillAsync("Leerling gebruikt medicatie voor ADHD.");
        await author.GetByRole(AriaRole.Button, new() { Name = "Notitie plaatsen" }).ClickAsync();
        await Expect(author.Locator("#notitie-fout")).ToContainTextAsync("noemt een diagnose of medische gegevens");
        await Expect(field).ToBeFocusedAsync();

        // by keyboard: type, tab to the button, Enter
        await field.FillAsync("");
        await field.PressSequentiallyAsync("Moeder belt vrijdag terug over het rooster.");
        await author.Keyboard.PressAsync("Tab");
        await Expect(author.GetByRole(AriaRole.Button, new() { Name = "Notitie plaatsen" })).ToBeFocusedAsync();
        await author.Keyboard.PressAsync("Enter");
        var note = author.Locator("#notities-lijst li.note");
        await Expect(note).ToHaveCountAsync(1);
        await Expect(note).ToContainTextAsync("Moeder belt vrijdag terug over het rooster.");
        await Expect(note).ToContainTextAsync("u kunt deze notitie wijzigen of verwijderen tot");
        await Expect(field).ToHaveValueAsync("");

        await note.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("wijzigen$") }).FocusAsync();
        await author.Keyboard.PressAsync("Enter");
        var edit = note.Locator("textarea");
        await Expect(edit).ToBeFocusedAsync();
        await edit.FillAsync("Moeder heeft teruggebeld; nieuw rooster vanaf maandag.");
        await WerkbakSupport.AssertAccessibleAsync(author, "the case page while a note is edited");
        await note.GetByRole(AriaRole.Button, new() { Name = "Opslaan" }).ClickAsync();
        await Expect(note.Locator(".note-text")).ToHaveTextAsync("Moeder heeft teruggebeld; nieuw rooster vanaf maandag.");
        await Expect(note).ToContainTextAsync("gewijzigd");
        await Expect(note.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("wijzigen$") })).ToBeFocusedAsync();
        await BrowserHost.ScreenshotAsync(author, "werkbak-zaak-notities");

        // the chair of the school reads the note; it is not theirs to change, and the page says until when its author can
        var colleague = await OpenAsync("voorzitter", $"/zaken/{caseId}");
        await colleague.SetViewportSizeAsync(1024, 800);
        var seen = colleague.Locator("#notities-lijst li.note");
        await Expect(seen).ToContainTextAsync("Moeder heeft teruggebeld; nieuw rooster vanaf maandag.");
        await Expect(seen).ToContainTextAsync("alleen kernteam-a kan deze notitie wijzigen, tot");
        await Expect(seen.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        var noteId = await seen.GetAttributeAsync("data-notitie-id");
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() =>
            BrowserHost.ApiAsync(colleague, "PUT", $"api/cases/{caseId}/notities/{noteId}", new { tekst = "overschreven" }));
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, refused.StatusCode);
        await WerkbakSupport.AssertFitsWidthAsync(colleague, "the case page with a colleague's note");
        await WerkbakSupport.AssertAccessibleAsync(colleague, "the case page with a colleague's note");
    }

    [Fact]
    public async Task Completing_the_step_1_watch_task_asks_first_and_no_keeps_the_case_in_stap_1()
    {
        var (pupil, caseId) = await OpenCaseAsync("BEV");
        var kernteam = await OpenAsync("kernteam-a", "/taken");
        await kernteam.SetViewportSizeAsync(1024, 800);
        await WorkAsync(kernteam, caseId, "apd_stap1_interventies", new { interventies = "Dagelijkse check-in met de mentor." });
        var taskId = await OpenTaskIdAsync(kernteam, caseId, "apd_stap1_bewaken");
        await BrowserHost.ApiAsync(kernteam, "POST", $"api/tasks/{taskId}/claim");
        await kernteam.ReloadAsync();

        var item = kernteam.Locator($"#mijn-taken li.task[data-task-id='{taskId}']");
        await item.GetByRole(AriaRole.Button, new() { Name = "Afronden…" }).ClickAsync();
        await item.GetByRole(AriaRole.Button, new() { Name = "Taak afronden" }).ClickAsync();
        var question = item.GetByRole(AriaRole.Group, new() { Name = "Hiermee gaat de zaak naar stap 2. Doorgaan?" });
        await Expect(question).ToBeVisibleAsync();
        await Expect(question.GetByRole(AriaRole.Button, new() { Name = "Ja, doorgaan" })).ToBeFocusedAsync();
        await WerkbakSupport.AssertAccessibleAsync(kernteam, "the task form asking for confirmation");
        await WerkbakSupport.AssertFitsWidthAsync(kernteam, "the task form asking for confirmation");
        await BrowserHost.ScreenshotAsync(kernteam, "werkbak-taak-bevestigen");

        // "no": nothing is sent, the task stays open and the case in stap 1; the focus goes back to the form's button
        await kernteam.Keyboard.PressAsync("Tab");
        await Expect(question.GetByRole(AriaRole.Button, new() { Name = "Nee, niet afronden" })).ToBeFocusedAsync();
        await kernteam.Keyboard.PressAsync("Enter");
        await Expect(question).ToHaveCountAsync(0);
        await Expect(item.GetByRole(AriaRole.Button, new() { Name = "Taak afronden" })).ToBeFocusedAsync();
        var detail = await BrowserHost.ApiAsync(kernteam, "GET", $"api/cases/{caseId}");
        Assert.Equal("Stap 1", detail.GetProperty("zaak").GetProperty("stap").GetString());
        Assert.Contains(detail.GetProperty("taken").EnumerateArray(), t => t.GetProperty("id").GetString() == taskId && t.GetProperty("status").GetString() == "Open");

        // "yes", by keyboard: the task is completed and the case goes to stap 2
        await kernteam.Keyboard.PressAsync("Enter");
        await Expect(question.GetByRole(AriaRole.Button, new() { Name = "Ja, doorgaan" })).ToBeFocusedAsync();
        await kernteam.Keyboard.PressAsync("Enter");
        await Expect(kernteam.Locator("#status")).ToContainTextAsync("is afgerond");
        await Expect(item).ToHaveCountAsync(0);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string? step;
        do step = (await BrowserHost.ApiAsync(kernteam, "GET", $"api/cases/{caseId}")).GetProperty("zaak").GetProperty("stap").GetString();
        while (step != "Stap 2" && DateTime.UtcNow < deadline && await Delay());
        Assert.Equal("Stap 2", step);
        output.WriteLine($"{pupil}: stap 2 after confirming");
    }

    private static async Task<bool> Delay() { await Task.Delay(200); return true; }

    /// <summary>Four sick reports in the last eight school days (seed 003, MAZL: the 4th in 12 school weeks) open an Apeldoorn case.</summary>
    private async Task<(string Pupil, Guid CaseId)> OpenCaseAsync(string tag)
    {
        var pupil = $"L-{tag}-{Guid.NewGuid():N}"[..14];
        var days = Support.SchoolDaysBack(School, WerkbakSupport.Today, 8);
        foreach (var day in new[] { days[7], days[5], days[3], days[1] })
            await Host.SendMessageAsync("AbsentieGeregistreerd", new
            {
                berichtId = Guid.NewGuid(), leerlingId = pupil, schoolId = School, tijdstip = DateTimeOffset.UtcNow,
                datum = day.ToString("yyyy-MM-dd"), soort = "Ziek", uren = 6,
            });
        return (pupil, await Support.CaseOfAsync(pupil));
    }

    private static async Task<string> OpenTaskIdAsync(IPage user, Guid caseId, string elementId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var tasks = await BrowserHost.ApiAsync(user, "GET", "api/tasks");
            if (tasks.EnumerateArray().FirstOrDefault(t => t.GetProperty("caseId").GetGuid() == caseId && t.GetProperty("elementId").GetString() == elementId)
                is { ValueKind: JsonValueKind.Object } task) return task.GetProperty("id").GetString()!;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"no open task {elementId} for case {caseId}");
            await Task.Delay(200);
        }
    }

    /// <summary>The user claims the case's open task of that element and completes it over the API, as the inbox does.</summary>
    private static async Task WorkAsync(IPage user, Guid caseId, string elementId, object data)
    {
        var taskId = await OpenTaskIdAsync(user, caseId, elementId);
        await BrowserHost.ApiAsync(user, "POST", $"api/tasks/{taskId}/claim");
        await BrowserHost.ApiAsync(user, "POST", $"api/tasks/{taskId}/complete", data);
    }
}
