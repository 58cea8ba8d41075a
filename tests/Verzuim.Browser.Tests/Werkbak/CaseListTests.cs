using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Verzuim.Browser.Tests.Werkbak;

/// <summary>
/// A kernteam member finds a case from the menu by part of the pupil number — the inbox shows only cases with an open
/// task for them — and opens it; the filters say plainly when nothing matches.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CaseListTests(BrowserHost host, ITestOutputHelper output) : WerkbakPageTests(host, output)
{
    private const string School = "S-APD-01";

    [Fact]
    public async Task A_kernteam_member_finds_a_case_by_part_of_the_pupil_number_and_opens_it()
    {
        var number = Guid.NewGuid().ToString("N")[..8];
        var pupil = $"L-ZOEK-{number}";
        // four sick reports in 12 school weeks open an Apeldoorn case (seed 003, MAZL)
        var days = Support.SchoolDaysBack(School, WerkbakSupport.Today, 8);
        await Support.PublishAbsencesAsync(pupil, School, Verzuim.Contracts.Verzuimsoort.Ziek, [days[7], days[5], days[3], days[1]], oneByOne: true);
        var caseId = await Support.CaseOfAsync(pupil);

        var page = await OpenAsync("kernteam-a", "/taken");
        await page.SetViewportSizeAsync(1024, 800);
        await page.GetByRole(AriaRole.Link, new() { Name = "Zaken", Exact = true }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Zaken");

        // the number as a colleague reads it out, without the prefix; Enter searches
        await page.GetByLabel("Leerlingnummer (of een deel)").FillAsync(number.ToUpperInvariant());
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#zaken-samenvatting")).ToHaveTextAsync($"1 open zaak met leerlingnummer \"{number.ToUpperInvariant()}\".");
        var row = page.Locator($"table.cases tbody tr[data-case-id='{caseId}']");
        await Expect(row).ToContainTextAsync(pupil);
        await Expect(page.Locator("table.cases tbody tr")).ToHaveCountAsync(1);
        Assert.Contains($"leerling={number.ToUpperInvariant()}", page.Url); // the search can be bookmarked and shared
        await WerkbakSupport.AssertAccessibleAsync(page, "the case list with a search result");
        await WerkbakSupport.AssertFitsWidthAsync(page, "the case list");
        await BrowserHost.ScreenshotAsync(page, "werkbak-zaken-zoeken", fullPage: true);

        // only closed cases: this one is open, and the page says so instead of showing the last answer
        await page.GetByLabel("Status").SelectOptionAsync("gesloten");
        await page.GetByRole(AriaRole.Button, new() { Name = "Zoeken" }).ClickAsync();
        await Expect(page.Locator("#zaken-resultaat")).ToContainTextAsync($"Geen zaak met leerlingnummer \"{number.ToUpperInvariant()}\"");
        await Expect(page.Locator("table.cases")).ToHaveCountAsync(0);

        // open and closed: found again, and the link opens the case
        await page.GetByLabel("Status").SelectOptionAsync("alle");
        await page.GetByRole(AriaRole.Button, new() { Name = "Zoeken" }).ClickAsync();
        await row.GetByRole(AriaRole.Link, new() { Name = pupil }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync($"Zaak leerling {pupil}");
    }
    /// <summary>
    /// The kernteam works an Apeldoorn case up the ladder over the API (stap 1 interventions and watch, stap 2 anonymous
    /// bespreking, no result: opschalen; stap 3a MDO and plan, no result: opschalen) and does the MAZL referral; at
    /// stap 4 the only open task is the chair's, so the kernteam member's inbox no longer shows the case — the case
    /// list must.
    /// </summary>
    [Fact]
    public async Task A_kernteam_member_finds_a_step_4_case_with_no_task_of_theirs_by_search_and_step()
    {
        var number = Guid.NewGuid().ToString("N")[..8];
        var pupil = $"L-STAP4-{number}";
        var days = Support.SchoolDaysBack(School, WerkbakSupport.Today, 8);
        await Support.PublishAbsencesAsync(pupil, School, Verzuim.Contracts.Verzuimsoort.Ziek, [days[7], days[5], days[3], days[1]], oneByOne: true);
        var caseId = await Support.CaseOfAsync(pupil);

        var page = await OpenAsync("kernteam-a", "/taken");
        var terugkoppeling = WerkbakSupport.Today.AddDays(14).ToString("yyyy-MM-dd");
        (string Element, object Data)[] ladder =
        [
            ("apd_mazl_verwijzen", new { }),
            ("apd_stap1_interventies", new { interventies = "Gesprek met ouders en leerling, dagelijkse aanwezigheidscontrole", oudersBetrokken = true }),
            ("apd_stap1_bewaken", new { toelichtingStap1 = "Geen herstel na de interventies" }),
            ("apd_stap2_kernteam_anoniem", new { regievoerder = "zorgcoördinator school", terugkoppelingsdatum = terugkoppeling }),
            ("apd_stap2_interventie", new { vervolgStap2 = "Opschalen" }),
            ("apd_stap3_richting", new { richting = "Onderwijs" }),
            ("apd_stap3a_mdo", new { regievoerder = "consulent SWV", terugkoppelingsdatum = terugkoppeling }),
            ("apd_stap3a_uitvoeren", new { vervolgStap3 = "Opschalen" }),
        ];
        foreach (var (element, data) in ladder)
        {
            var task = await WaitForTaskAsync(page, pupil, element);
            await BrowserHost.ApiAsync(page, "POST", $"api/tasks/{task}/claim");
            await BrowserHost.ApiAsync(page, "POST", $"api/tasks/{task}/complete", data);
        }
        var detail = await BrowserHost.ApiAsync(page, "GET", $"api/cases/{caseId}");
        Assert.Equal("Stap 4 Actietafel", detail.GetProperty("zaak").GetProperty("stap").GetString());

        // the inbox has nothing of this pupil any more
        await page.ReloadAsync();
        await Expect(page.Locator("#inbox-summary")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("open taak|open taken")); // loaded
        await Expect(page.Locator("main")).Not.ToContainTextAsync(pupil);

        await page.SetViewportSizeAsync(1024, 800);
        await page.GetByRole(AriaRole.Link, new() { Name = "Zaken", Exact = true }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Zaken");
        await page.GetByLabel("Stap").SelectOptionAsync("Stap 4 Actietafel");
        await page.GetByLabel("Leerlingnummer (of een deel)").FillAsync(number);
        await page.Keyboard.PressAsync("Enter");
        var row = page.Locator($"table.cases tbody tr[data-case-id='{caseId}']");
        await Expect(row).ToContainTextAsync("Stap 4 Actietafel");
        await Expect(page.Locator("table.cases tbody tr")).ToHaveCountAsync(1);
        await Expect(row.Locator("td.number")).ToHaveTextAsync("1"); // the chair's actietafel task
        await WerkbakSupport.AssertFitsWidthAsync(page, "the case list with a step-4 case");
        await row.GetByRole(AriaRole.Link, new() { Name = pupil }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync($"Zaak leerling {pupil}");
    }

    /// <summary>The open task of the pupil's case at <paramref name="element"/>, as the inbox API lists it (the engine creates it as the previous one completes).</summary>
    private static async Task<Guid> WaitForTaskAsync(IPage page, string pupil, string element)
    {
        for (var attempt = 0; ; attempt++)
        {
            var tasks = await BrowserHost.ApiAsync(page, "GET", "api/tasks");
            var task = tasks.EnumerateArray().FirstOrDefault(t => t.GetProperty("leerlingId").GetString() == pupil && t.GetProperty("elementId").GetString() == element);
            if (task.ValueKind != System.Text.Json.JsonValueKind.Undefined) return task.GetProperty("id").GetGuid();
            if (attempt == 50) throw new Xunit.Sdk.XunitException($"no open task {element} for {pupil}: {tasks}");
            await Task.Delay(200);
        }
    }
}
