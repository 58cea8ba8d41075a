using System.Text.Json;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Xunit.Abstractions;

namespace Verzuim.Browser.Tests.Studio;

/// <summary>A host of its own: this test publishes a new Apeldoorn version, which the studio tests count on not happening.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MigrationBrowserCollection : ICollectionFixture<BrowserHost>
{
    public const string Name = "browser-migratie";
}

/// <summary>
/// The process owner changes the Apeldoorn step-2 kantelpunt from 4 to 5 school weeks in the studio, publishes,
/// previews and migrates the running case at 1024 px with the keyboard, and the case view shows the new kantelpunt.
/// </summary>
[Collection(MigrationBrowserCollection.Name)]
public sealed class MigrationPanelTests(BrowserHost host, ITestOutputHelper output) : IAsyncLifetime
{
    private const string Apeldoorn = "apeldoorn-opschalingsmodel";
    private const string ApeldoornName = "Apeldoorn thuiszittersprotocol: opschalingsmodel stap 1-4";
    private const string School = "S-APD-01";
    private static readonly TimeZoneInfo Amsterdam = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");
    private readonly List<(IPage Page, string Name)> _pages = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        output.WriteLine(host.DescribeBrowserLog());
        foreach (var (page, name) in _pages)
            if (!page.IsClosed) await BrowserHost.ScreenshotAsync(page, $"{name}-last", fullPage: true);
    }

    private async Task<IPage> OpenAsync(string user, string returnUrl, string name)
    {
        var page = await host.NewPageAsync(user, returnUrl);
        await page.SetViewportSizeAsync(1024, 768);
        _pages.Add((page, $"migratie-{name}"));
        return page;
    }

    [Fact]
    public async Task The_owner_changes_the_step2_kantelpunt_publishes_previews_and_migrates_and_the_case_view_shows_the_new_date()
    {
        // a running case in step 2: the kernteam met today, so its four-week kantelpunt runs from now
        var kernteam = await OpenAsync("kernteam-a", "/", "kernteam");
        var caseId = await OpenCaseAsync($"L-MIGR-{Guid.NewGuid():N}"[..16]);
        await CompleteAsync(kernteam, caseId, "apd_stap1_interventies", new { interventies = "Gesprek met ouders en mentor." });
        await CompleteAsync(kernteam, caseId, "apd_stap1_bewaken", new { });
        await CompleteAsync(kernteam, caseId, "apd_stap2_kernteam_anoniem", new { regievoerder = "Mentor De Vries", terugkoppelingsdatum = Today().ToString("yyyy-MM-dd") });
        var before = await KantelpuntAsync(kernteam, caseId);
        // Today is 3 December 2026: four school weeks (20 school days, the Christmas holiday 19 Dec - 3 Jan not
        // counted) end in the week of 11 January 2027. Five end one school week later, the same weekday and time: the
        // week after contains no holiday (region midden's spring holiday starts 20 February 2027).
        var local = TimeZoneInfo.ConvertTime(before, Amsterdam);
        Assert.InRange(DateOnly.FromDateTime(local.DateTime), new DateOnly(2027, 1, 4), new DateOnly(2027, 2, 12));
        var expected = before.AddDays(7);

        // the studio: change the kantelpunt and the task's due date, publish with a note
        var page = await OpenAsync("eigenaar", "/studio/", "eigenaar");
        await page.Locator($"li.model[data-process-id='{Apeldoorn}']").GetByRole(AriaRole.Link, new() { Name = ApeldoornName }).ClickAsync();
        await Assertions.Expect(page.Locator("#problem-summary")).ToContainTextAsync("Geen fouten", new() { Timeout = 30_000 });
        await page.Locator("#element-jump").SelectOptionAsync("apd_stap2_kantelpunt");
        await page.GetByLabel("Tijd", new() { Exact = true }).FillAsync("5 schoolweken");
        await page.GetByLabel("Naam", new() { Exact = true }).FillAsync("Kantelpunt: 5 schoolweken na de kernteambespreking");
        await page.Locator("#element-jump").SelectOptionAsync("apd_stap2_interventie");
        await page.GetByLabel("Vervaldatum", new() { Exact = true }).FillAsync("5 schoolweken");
        await Assertions.Expect(page.Locator("#problem-summary")).ToContainTextAsync("Geen fouten");
        await page.Locator("#publish").ClickAsync();
        await Assertions.Expect(page.Locator("#publish-note")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("Kantelpunt stap 2 naar 5 schoolweken");
        await page.GetByRole(AriaRole.Button, new() { Name = "Nieuwe versie publiceren" }).ClickAsync();
        await Assertions.Expect(page.Locator("#publish-result")).ToContainTextAsync($"{Apeldoorn} v2");

        // the model list offers the migration of version 1, which the case still runs on
        await page.GetByRole(AriaRole.Link, new() { Name = "← Alle modellen" }).ClickAsync();
        var v1 = page.Locator($"li.model[data-process-id='{Apeldoorn}'] tr[data-versie='1']");
        await Assertions.Expect(v1).ToContainTextAsync("Vervangen");
        var migrate = v1.GetByRole(AriaRole.Link, new() { Name = "Zaken migreren van versie 1" });
        await migrate.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#migration-versions")).ToContainTextAsync("van v1 naar v2");
        await Assertions.Expect(page.Locator("#migration-problems")).ToContainTextAsync("Het plan is in orde.");
        var rule = page.Locator("#migration-timers select[data-element-id='apd_stap2_kantelpunt']");
        await Assertions.Expect(rule).ToHaveValueAsync("verstrekenSchooltijd");
        await Assertions.Expect(page.Locator("#migration-timers tr[data-element-id='apd_stap2_kantelpunt']")).ToContainTextAsync("5 schoolweken");
        await BrowserHost.ScreenshotAsync(page, "studio-migratie-plan", fullPage: true);

        // keyboard: only this school's step-2 cases, then the preview
        await page.Locator("#selectie-filter").FocusAsync();
        await page.Keyboard.PressAsync("Space");
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.Locator("#selectie-school")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(School);
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.Locator("#selectie-stap")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("Stap 2");
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.Locator("#migration-preview-button")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        var row = page.Locator($"#migration-preview-table tr[data-case-id='{caseId}']");
        await Assertions.Expect(row).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        var previewed = row.Locator("li[data-element-id='apd_stap2_kantelpunt']");
        AssertSameInstant(expected, DateTimeOffset.Parse((await previewed.GetAttributeAsync("data-due"))!));
        await Assertions.Expect(previewed).ToContainTextAsync("verstreken schooltijd telt mee");
        // the new dates on the target version's diagram, the ladder sub-process opened
        await Assertions.Expect(page.Locator(".djs-overlays[data-container-id='apd_stap2_kantelpunt'] .migration-badge")).ToContainTextAsync("2027");
        await Assertions.Expect(page.Locator(".djs-overlays[data-container-id='apd_stap2_interventie'] .migration-badge")).ToContainTextAsync("2027");
        Assert.Equal(await KantelpuntAsync(kernteam, caseId), before); // a preview changes nothing
        await BrowserHost.ScreenshotAsync(page, "studio-migratie-voorvertoning", fullPage: true);
        var axe = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
        var serious = axe.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, "axe-core on the migration panel:" + Environment.NewLine + string.Join(Environment.NewLine,
            serious.Select(v => $"- {v.Id} ({v.Impact}): {v.Help} {string.Join(" | ", v.Nodes.Take(4).Select(n => n.Html))}")));

        // migrate: the batch runs and reports the case done
        await page.Locator("#migration-start").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var status = page.Locator("#migration-status");
        await Assertions.Expect(status).ToHaveAttributeAsync("data-status", "Afgerond", new() { Timeout = 30_000 });
        await Assertions.Expect(status).ToContainTextAsync("1 van 1 gemigreerd");
        await Assertions.Expect(page.Locator("#migration-progress")).ToBeFocusedAsync();
        await BrowserHost.ScreenshotAsync(page, "studio-migratie-klaar", fullPage: true);

        // the case view: the new kantelpunt, on version 2, and the migration in the history
        await kernteam.GotoAsync(new Uri(host.BaseAddress, $"zaken/{caseId}").ToString());
        var kantelpunt = kernteam.Locator("#kantelpunt-op time");
        await Assertions.Expect(kantelpunt).ToHaveAttributeAsync("datetime", new System.Text.RegularExpressions.Regex(".+"), new() { Timeout = 30_000 });
        AssertSameInstant(expected, DateTimeOffset.Parse((await kantelpunt.GetAttributeAsync("datetime"))!));
        await Assertions.Expect(kernteam.GetByText("Zaak gemigreerd").First).ToBeVisibleAsync();
        await Assertions.Expect(kernteam.GetByText("van versie 1 naar versie 2").First).ToBeVisibleAsync();
        await BrowserHost.ScreenshotAsync(kernteam, "werkbak-zaak-na-migratie", fullPage: true);
    }

    /// <summary>
    /// To the millisecond: on the real clock the engine reads the time twice when it opens a timer (once for the due date,
    /// once for its start), microseconds apart, and the migration counts from the start.
    /// </summary>
    private static void AssertSameInstant(DateTimeOffset expected, DateTimeOffset actual) =>
        Assert.True(Math.Abs((actual - expected).TotalMilliseconds) < 1, $"expected {expected:O}, got {actual:O}");

    private static DateOnly Today() => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Amsterdam).DateTime);

    private async Task<Guid> OpenCaseAsync(string pupil)
    {
        for (var back = 0; back < 30; back++)
        {
            var answer = await host.SendMessageAsync("AbsentieGeregistreerd", new
            {
                berichtId = Guid.NewGuid(), leerlingId = pupil, schoolId = School, tijdstip = DateTimeOffset.UtcNow,
                datum = Today().AddDays(-back).ToString("yyyy-MM-dd"), soort = "Ongeoorloofd", uren = 16,
            });
            if (answer.GetProperty("zaken").GetArrayLength() > 0) return answer.GetProperty("zaken")[0].GetGuid();
        }
        throw new InvalidOperationException($"No case opened for {pupil}.");
    }

    private static async Task CompleteAsync(IPage page, Guid caseId, string elementId, object data)
    {
        JsonElement? task = null;
        for (var i = 0; i < 100 && task is null; i++)
        {
            foreach (var t in (await BrowserHost.ApiAsync(page, "GET", "api/tasks")).EnumerateArray())
                if (t.GetProperty("caseId").GetGuid() == caseId && t.GetProperty("elementId").GetString() == elementId) task = t;
            if (task is null) await Task.Delay(100);
        }
        Assert.True(task is not null, $"no open task {elementId}");
        var id = task!.Value.GetProperty("id").GetString();
        await BrowserHost.ApiTextAsync(page, "POST", $"api/tasks/{id}/claim");
        await BrowserHost.ApiTextAsync(page, "POST", $"api/tasks/{id}/complete", data);
    }

    private static async Task<DateTimeOffset> KantelpuntAsync(IPage page, Guid caseId)
    {
        var detail = await BrowserHost.ApiAsync(page, "GET", $"api/cases/{caseId}");
        foreach (var d in detail.GetProperty("deadlines").EnumerateArray())
            if (d.GetProperty("elementId").GetString() == "apd_stap2_kantelpunt") return d.GetProperty("op").GetDateTimeOffset();
        throw new InvalidOperationException($"no step-2 kantelpunt on case {caseId}: {detail}");
    }
}
