using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Verzuim.Browser.Tests.Werkbak;

/// <summary>
/// A kernteam member finds a case from the menu by part of the pupil number — the inbox shows only cases with an open
/// task for them — and opens it; the filters say plainly when nothing matches.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CaseListTests(BrowserHost host, ITestOutputHelper output) : IAsyncLifetime
{
    private const string School = "S-APD-01";
    private readonly WerkbakSupport _support = new(host);
    private IPage? _page;

    public Task InitializeAsync()
    {
        SetDefaultExpectTimeout(30_000);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        output.WriteLine(host.DescribeBrowserLog());
        if (_page is { IsClosed: false }) await BrowserHost.ScreenshotAsync(_page, "werkbak-last-case-list", fullPage: true);
        await _support.DisposeAsync();
    }

    [Fact]
    public async Task A_kernteam_member_finds_a_case_by_part_of_the_pupil_number_and_opens_it()
    {
        var number = Guid.NewGuid().ToString("N")[..8];
        var pupil = $"L-ZOEK-{number}";
        // four sick reports in 12 school weeks open an Apeldoorn case (seed 003, MAZL)
        var days = _support.SchoolDaysBack(School, WerkbakSupport.Today, 8);
        await _support.PublishAbsencesAsync(pupil, School, Verzuim.Contracts.Verzuimsoort.Ziek, [days[7], days[5], days[3], days[1]], oneByOne: true);
        var caseId = await _support.CaseOfAsync(pupil);

        var page = _page = await host.NewPageAsync("kernteam-a", "/taken");
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
}
