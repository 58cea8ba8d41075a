using System.Globalization;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Verzuim.Browser.Tests.Werkbak;

/// <summary>
/// The compulsory-education officer's overview shows its charts, each drawn and each with the same figures as a table
/// that a keyboard user opens: open cases this week agree with the case count above them, the thuiszitter chart with the
/// thuiszitter list, the kantelpunt weeks start at this week. The exact counting is HostTests' OverviewChartTests.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class OverviewChartScreenTests(BrowserHost host, ITestOutputHelper output) : WerkbakPageTests(host, output)
{
    private const string School = "S-APD-01";

    [Fact]
    public async Task The_charts_are_drawn_and_their_tables_agree_with_the_lists_of_the_overview()
    {
        // four sick reports in 12 school weeks open an Apeldoorn case (seed 003, MAZL), so there is at least one
        var pupil = $"L-GRAF-{Guid.NewGuid():N}"[..16];
        var days = Support.SchoolDaysBack(School, WerkbakSupport.Today, 8);
        await Support.PublishAbsencesAsync(pupil, School, Verzuim.Contracts.Verzuimsoort.Ziek, [days[7], days[5], days[3], days[1]], oneByOne: true);
        await Support.CaseOfAsync(pupil);

        var page = await OpenAsync("lpa", "/overzicht");
        await page.SetViewportSizeAsync(1024, 800);
        await page.GetByLabel("Model", new() { Exact = true }).SelectOptionAsync("apeldoorn-opschalingsmodel");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filteren" }).ClickAsync();
        await Expect(page.Locator("#grafiek-open h3")).ToHaveTextAsync("Open zaken per stap, laatste 12 weken");

        // each chart is an image with a text alternative and is actually drawn
        foreach (var id in new[] { "grafiek-open", "grafiek-kantelpunten" })
        {
            var canvas = page.Locator($"#{id} canvas[role='img']");
            await Expect(canvas).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex("De cijfers staan in de tabel"));
            // Chart.js draws once the canvas is laid out (a resize observer), so wait for the first pixels; the canvas is
            // looked up on every poll, because the filter's answer may replace the chart drawn from the first one
            await page.WaitForFunctionAsync(
                "id => { const c = document.querySelector(`#${id} canvas[role='img']`); if (!c || !c.width || !c.height) return false; " +
                "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) return true; return false; }",
                id, new() { Timeout = 10_000 });
        }

        // the table opens from the keyboard; this week's row (the last) adds up to the open cases the page counts
        var summary = page.Locator("#grafiek-open summary");
        await summary.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var lastRow = page.Locator("#grafiek-open table tbody tr").Last;
        await Expect(lastRow).ToBeVisibleAsync();
        var openCount = int.Parse((await page.Locator("#overzicht-samenvatting").TextContentAsync())!.Split(' ')[0], CultureInfo.InvariantCulture);
        Assert.True(openCount >= 1);
        var cells = await lastRow.Locator("td.number").AllTextContentsAsync();
        var thisWeek = cells.Count == 1 ? int.Parse(cells[0], CultureInfo.InvariantCulture) : int.Parse(cells[^1], CultureInfo.InvariantCulture); // the total column when stacked
        Assert.Equal(openCount, thisWeek);
        var isoWeek = ISOWeek.GetWeekOfYear(WerkbakSupport.Today.ToDateTime(TimeOnly.MinValue));
        await Expect(lastRow.Locator("th")).ToContainTextAsync($"wk {isoWeek} (");

        // kantelpunten start at this week, eight weeks
        await page.Locator("#grafiek-kantelpunten summary").ClickAsync();
        var kantelpuntWeeks = page.Locator("#grafiek-kantelpunten table tbody tr th");
        await Expect(kantelpuntWeeks).ToHaveCountAsync(8);
        await Expect(kantelpuntWeeks.First).ToContainTextAsync($"wk {isoWeek} (");

        // the thuiszitter chart counts the thuiszitters listed below it (or says there are none, as the list does)
        var listed = await page.Locator("section[aria-labelledby='thuiszitters-kop'] tbody tr").CountAsync();
        if (listed == 0) await Expect(page.Locator("#grafiek-thuiszitters")).ToContainTextAsync("Er zijn geen thuiszitters.");
        else
        {
            await page.Locator("#grafiek-thuiszitters summary").ClickAsync();
            var counts = await page.Locator("#grafiek-thuiszitters tbody td.number").AllTextContentsAsync();
            Assert.Equal(listed, counts.Sum(c => int.Parse(c, CultureInfo.InvariantCulture)));
        }

        await WerkbakSupport.AssertAccessibleAsync(page, "the overview with its charts and tables open");
        await WerkbakSupport.AssertFitsWidthAsync(page, "the overview with charts");
        await BrowserHost.ScreenshotAsync(page, "werkbak-overzicht-grafieken", fullPage: true);
    }
}
