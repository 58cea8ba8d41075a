using System.Net;
using System.Text.RegularExpressions;
using Verzuim.Contracts;
using Verzuim.Workflows.Time;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Verzuim.Browser.Tests.Werkbak;

/// <summary>
/// The werkbak in headless Chromium against the real host (PostgreSQL, RabbitMQ, OIDC login): absences published to
/// RabbitMQ open an Apeldoorn case; the kernteam member works its tasks from the inbox; the chair follows the case on
/// the diagram without reloading; the overview and the register show it; a user of another school sees nothing.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class WerkbakTests(BrowserHost host, ITestOutputHelper output) : WerkbakPageTests(host, output)
{
    private const string School = "S-APD-01";

    // a value set in the page's JavaScript survives only as long as the page is not reloaded
    private static Task MarkPageAsync(IPage page) => page.EvaluateAsync("() => { window.__zelfdePagina = true; }");
    private static async Task AssertNotReloadedAsync(IPage page) =>
        Assert.True(await page.EvaluateAsync<bool>("() => window.__zelfdePagina === true"), "the page was reloaded; live updates should need none");

    private static ILocator Shape(IPage page, string elementId) => page.Locator($"#diagram .djs-element[data-element-id='{elementId}']");

    [Fact]
    public async Task Absences_on_RabbitMQ_open_a_case_the_kernteam_works_it_the_chair_follows_it_live_and_another_school_sees_nothing()
    {
        var pupil = $"L-WB-{Guid.NewGuid():N}"[..16];

        // the inbox is open before the case exists: the task must arrive without a reload
        var kernteam = await OpenAsync("kernteam-a", "/taken");
        await Expect(kernteam.Locator("#live[data-live='ja']")).ToBeVisibleAsync();
        await Expect(kernteam.Locator("#inbox-summary")).Not.ToBeEmptyAsync();
        await MarkPageAsync(kernteam);

        // four separate sick reports within 12 school weeks (a school day without sickness between each two): MAZL's
        // "4e ziekmelding in 12 weken" opens the Apeldoorn case (seed 003, stap 1); the third alone would not
        var days = Support.SchoolDaysBack(School, WerkbakSupport.Today, 8); // newest first
        await Support.PublishAbsencesAsync(pupil, School, Verzuimsoort.Ziek, [days[7], days[5], days[3], days[1]], oneByOne: true);
        var caseId = await Support.CaseOfAsync(pupil);

        // step 1 (zorgcoordinator) and the MAZL referral (verzuimcoordinator): task roles S-APD-01 assigns to kernteam-a
        // (Scholen:Lijst[].Rollen in the demo configuration)
        var interventies = kernteam.Locator("#rol-taken li.task[data-element-id='apd_stap1_interventies']", new() { HasText = pupil });
        await Expect(interventies).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(interventies.Locator("h3")).ToHaveTextAsync("Stap 1 De basis op orde: interventies inzetten");
        await Expect(kernteam.Locator("#rol-taken li.task[data-element-id='apd_mazl_verwijzen']", new() { HasText = pupil })).ToBeVisibleAsync();
        await AssertNotReloadedAsync(kernteam);
        await WerkbakSupport.AssertAccessibleAsync(kernteam, "the inbox");
        await BrowserHost.ScreenshotAsync(kernteam, "werkbak-inbox");

        // the chair has the case open before anything is done
        var chair = await OpenAsync("voorzitter", $"/zaken/{caseId}");
        await Expect(chair.Locator("h1")).ToHaveTextAsync($"Zaak leerling {pupil}");
        // the view opens in the collapsed ladder sub-process, where step 1's task is active
        await Expect(Shape(chair, "apd_stap1_interventies")).ToHaveClassAsync(new Regex(@"\bverzuim-actief\b"));
        // one level up, the sub-process is marked as holding the active step, beside the MAZL referral
        await chair.GetByRole(AriaRole.Button, new() { Name = "Naar het hoofdproces" }).ClickAsync();
        await Expect(Shape(chair, "apd_opschaling")).ToHaveClassAsync(new Regex(@"\bverzuim-bevat-actief\b"));
        await Expect(Shape(chair, "apd_mazl_verwijzen")).ToHaveClassAsync(new Regex(@"\bverzuim-actief\b"));
        await Expect(Shape(chair, "apd_start")).ToHaveClassAsync(new Regex(@"\bverzuim-afgerond\b"));
        await chair.GetByRole(AriaRole.Button, new() { Name = "Naar de actieve stap" }).ClickAsync();
        await Expect(Shape(chair, "apd_stap1_interventies")).ToHaveClassAsync(new Regex(@"\bverzuim-actief\b"));
        await Expect(chair.Locator("#ziekmeldingen")).ToHaveTextAsync("4");
        await Expect(chair.Locator("#actief-tekst")).ToContainTextAsync("Stap 1 De basis op orde: interventies inzetten");
        await MarkPageAsync(chair);
        await WerkbakSupport.AssertAccessibleAsync(chair, "the case view");
        var stepBefore = (await BrowserHost.ApiAsync(chair, "GET", $"api/cases/{caseId}")).GetProperty("zaak").GetProperty("stap").GetString();

        // claim: the task moves to "Door mij opgepakt"
        await interventies.GetByRole(AriaRole.Button, new() { Name = "Oppakken" }).ClickAsync();
        var mine = kernteam.Locator("#mijn-taken li.task[data-element-id='apd_stap1_interventies']", new() { HasText = pupil });
        await Expect(mine).ToBeVisibleAsync();
        await mine.GetByRole(AriaRole.Button, new() { Name = "Afronden…" }).ClickAsync();
        // the required text is checked before anything is sent
        await mine.GetByRole(AriaRole.Button, new() { Name = "Taak afronden" }).ClickAsync();
        await Expect(mine.Locator(".form-errors")).ToContainTextAsync("is verplicht");
        await WerkbakSupport.AssertAccessibleAsync(kernteam, "the inbox with an open task form");
        await mine.GetByLabel("Ingezette interventies (kort, geen medische details) (verplicht)").FillAsync("Gesprek met ouders en leerling; rooster aangepast");
        await mine.GetByRole(AriaRole.Group, new() { Name = "Ouders en leerling betrokken" }).GetByLabel("Ja", new() { Exact = true }).CheckAsync();
        await mine.GetByRole(AriaRole.Button, new() { Name = "Taak afronden" }).ClickAsync();
        await Expect(mine).ToHaveCountAsync(0);

        // the case resumed: the watch task of step 1 is next, with the kantelpunt 3 school weeks after the interventions
        var bewaken = kernteam.Locator("#rol-taken li.task[data-element-id='apd_stap1_bewaken']", new() { HasText = pupil });
        await Expect(bewaken).ToBeVisibleAsync();
        await Expect(Shape(chair, "apd_stap1_interventies")).ToHaveClassAsync(new Regex(@"\bverzuim-afgerond\b"));
        await Expect(Shape(chair, "apd_stap1_bewaken")).ToHaveClassAsync(new Regex(@"\bverzuim-actief\b"));
        await Expect(chair.Locator("#kantelpunt")).ToHaveTextAsync("Kantelpunt: 3 schoolweken na de interventies");
        var detail = await BrowserHost.ApiAsync(chair, "GET", $"api/cases/{caseId}");
        var completedAt = detail.GetProperty("taken").EnumerateArray().Single(t => t.GetProperty("elementId").GetString() == "apd_stap1_interventies")
            .GetProperty("afgerondOp").GetDateTimeOffset();
        var calendar = Support.CalendarOf(School);
        var kantelpunt = calendar.AddSchoolWeeks(completedAt, 3);
        var shown = DateTimeOffset.Parse(await chair.Locator("#kantelpunt-op time").GetAttributeAsync("datetime") ?? "");
        // the timer starts in the command that completed the task; stored instants may differ by the database's rounding
        Assert.InRange((shown - kantelpunt).Duration(), TimeSpan.Zero, TimeSpan.FromSeconds(1));
        await AssertNotReloadedAsync(chair);

        // keyboard only: Enter on "Oppakken" claims and moves focus to "Afronden…", Enter there opens the form with focus
        // in its first field, Enter on "Taak afronden" completes (the MAZL referral; its appointment date is optional)
        var mazl = kernteam.Locator("li.task[data-element-id='apd_mazl_verwijzen']", new() { HasText = pupil });
        await mazl.GetByRole(AriaRole.Button, new() { Name = "Oppakken" }).FocusAsync();
        await kernteam.Keyboard.PressAsync("Enter");
        var afronden = kernteam.Locator("#mijn-taken li.task[data-element-id='apd_mazl_verwijzen']").GetByRole(AriaRole.Button, new() { Name = "Afronden…" });
        await Expect(afronden).ToBeFocusedAsync();
        await kernteam.Keyboard.PressAsync("Enter");
        await Expect(afronden).ToHaveAttributeAsync("aria-expanded", "true");
        await Expect(kernteam.Locator("#mijn-taken li.task[data-element-id='apd_mazl_verwijzen']").GetByLabel("Datum afspraak jeugdarts")).ToBeFocusedAsync();
        await kernteam.Locator("#mijn-taken li.task[data-element-id='apd_mazl_verwijzen']").GetByRole(AriaRole.Button, new() { Name = "Taak afronden" }).FocusAsync();
        await kernteam.Keyboard.PressAsync("Enter");
        await Expect(mazl).ToHaveCountAsync(0);

        // escalate early ("uiterlijk drie schoolweken"): without parental consent the kernteam discusses the pupil anonymously (step 2)
        await bewaken.GetByRole(AriaRole.Button, new() { Name = "Oppakken" }).ClickAsync();
        var mineBewaken = kernteam.Locator("#mijn-taken li.task[data-element-id='apd_stap1_bewaken']", new() { HasText = pupil });
        await mineBewaken.GetByRole(AriaRole.Button, new() { Name = "Afronden…" }).ClickAsync();
        await mineBewaken.GetByLabel("Waarom nu al opschalen naar het kernteam").FillAsync("Geen herstel na twee weken");
        await mineBewaken.GetByRole(AriaRole.Button, new() { Name = "Taak afronden" }).ClickAsync();
        // the watch task asks first (verzuim:bevestiging): the escalation is meant, not a form sent by accident
        await mineBewaken.GetByRole(AriaRole.Button, new() { Name = "Ja, doorgaan" }).ClickAsync();
        var kernteamTask = kernteam.Locator("#rol-taken li.task[data-element-id='apd_stap2_kernteam_anoniem']", new() { HasText = pupil });
        await Expect(kernteamTask).ToBeVisibleAsync();
        await Expect(kernteamTask.Locator("dd").Nth(4)).ToHaveTextAsync("kernteamlid");

        // the chair sees the case move to step 2 on the diagram, without reloading
        await Expect(Shape(chair, "apd_stap2_kernteam_anoniem")).ToHaveClassAsync(new Regex(@"\bverzuim-actief\b"));
        await Expect(Shape(chair, "apd_stap1_bewaken")).ToHaveClassAsync(new Regex(@"\bverzuim-afgerond\b"));
        await Expect(Shape(chair, "apd_stap1_bewaken")).Not.ToHaveClassAsync(new Regex(@"\bverzuim-actief\b"));
        await Expect(chair.Locator("#actief-tekst")).ToContainTextAsync("Stap 2 Kernteam aan zet: anonieme bespreking");
        await Expect(chair.Locator("table.timeline tr[data-soort='TaskCompleted']", new() { HasText = "Stap 1: herstel schoolgang bewaken" })).ToHaveCountAsync(1);
        var stepAfter = (await BrowserHost.ApiAsync(chair, "GET", $"api/cases/{caseId}")).GetProperty("zaak").GetProperty("stap").GetString();
        if (stepBefore is not null && stepAfter is not null)
        {
            // the models mark their protocol steps (verzuim:stap): the step shown changes with the case
            Assert.NotEqual(stepBefore, stepAfter);
            await Expect(chair.Locator("#zaak-stap")).ToHaveTextAsync(stepAfter);
        }
        await AssertNotReloadedAsync(chair);

        // the kernteam names the regievoerder: the chair sees who has regie
        await kernteamTask.GetByRole(AriaRole.Button, new() { Name = "Oppakken" }).ClickAsync();
        var mineKernteam = kernteam.Locator("#mijn-taken li.task[data-element-id='apd_stap2_kernteam_anoniem']", new() { HasText = pupil });
        await mineKernteam.GetByRole(AriaRole.Button, new() { Name = "Afronden…" }).ClickAsync();
        await mineKernteam.GetByLabel("Regievoerder (expliciet genoemd in het plan van aanpak) (verplicht)").FillAsync("Mevr. De Vries (OCo)");
        await mineKernteam.GetByLabel("Datum terugkoppeling (verplicht)").FillAsync(WerkbakSupport.Today.AddDays(14).ToString("yyyy-MM-dd"));
        await mineKernteam.GetByRole(AriaRole.Button, new() { Name = "Taak afronden" }).ClickAsync();
        await Expect(mineKernteam).ToHaveCountAsync(0);
        await Expect(chair.Locator("#zaak-regie")).ToHaveTextAsync("Mevr. De Vries (OCo)");
        await AssertNotReloadedAsync(kernteam);
        await Expect(Shape(chair, "apd_stap2_interventie")).ToHaveClassAsync(new Regex(@"\bverzuim-actief\b"));
        await AssertNotReloadedAsync(chair);
        await WerkbakSupport.AssertAccessibleAsync(chair, "the case view in step 2");
        await BrowserHost.ScreenshotAsync(chair, "werkbak-zaak");

        // the overview: the case in its step, with its regie; filters by school and model
        await chair.GetByRole(AriaRole.Navigation, new() { Name = "Hoofdmenu" }).GetByRole(AriaRole.Link, new() { Name = "Overzicht" }).ClickAsync();
        var row = chair.Locator($"table.cases-zaken tr[data-case-id='{caseId}']");
        await Expect(row).ToBeVisibleAsync();
        await Expect(row).ToContainTextAsync("Mevr. De Vries (OCo)");
        await chair.GetByLabel("School").SelectOptionAsync(School);
        await chair.GetByRole(AriaRole.Button, new() { Name = "Filteren" }).ClickAsync();
        await Expect(chair).ToHaveURLAsync(new Regex("school=S-APD-01"));
        await Expect(row).ToBeVisibleAsync();
        await chair.GetByLabel("School").SelectOptionAsync("S-GRO-01");
        await chair.GetByRole(AriaRole.Button, new() { Name = "Filteren" }).ClickAsync();
        await Expect(row).ToHaveCountAsync(0);
        await chair.GetByRole(AriaRole.Button, new() { Name = "Alles tonen" }).ClickAsync();
        await Expect(row).ToBeVisibleAsync();
        // the register counts the chair's own schools only
        var register = await BrowserHost.ApiAsync(chair, "GET", "api/register?peildatum=2026-06-15");
        Assert.Equal(["S-APD-01", "S-GRO-01"], register.GetProperty("rijen").EnumerateArray().Select(r => r.GetProperty("schoolId").GetString()).Distinct().Order());
        Assert.DoesNotContain("S-TWE-01", await BrowserHost.ApiTextAsync(chair, "GET", "api/register.csv?peildatum=2026-06-15"));
        await WerkbakSupport.AssertAccessibleAsync(chair, "the overview");
        await BrowserHost.ScreenshotAsync(chair, "werkbak-overzicht-voorzitter", fullPage: true);

        // a tablet in portrait: the pages fit the width
        await chair.SetViewportSizeAsync(820, 1180);
        await WerkbakSupport.AssertFitsWidthAsync(chair, "the overview on a tablet");
        await chair.GetByRole(AriaRole.Link, new() { Name = pupil }).First.ClickAsync();
        await Expect(Shape(chair, "apd_stap2_interventie")).ToHaveClassAsync(new Regex(@"\bverzuim-actief\b"));
        await WerkbakSupport.AssertFitsWidthAsync(chair, "the case view on a tablet");

        // another school's kernteam member: no task, no case, not through the API either
        var other = await OpenAsync("kernteam-b", "/taken");
        await Expect(other.Locator("#inbox-summary")).Not.ToBeEmptyAsync();
        await Expect(other.Locator("li.task", new() { HasText = pupil })).ToHaveCountAsync(0);
        await other.GotoAsync($"zaken/{caseId}");
        await Expect(other.Locator("h1")).ToHaveTextAsync("Niet gevonden");
        Assert.DoesNotContain(pupil, await other.Locator("main").InnerTextAsync());
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => BrowserHost.ApiAsync(other, "GET", $"api/cases/{caseId}"));
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.DoesNotContain(pupil, await BrowserHost.ApiTextAsync(other, "GET", "api/tasks"));
        // and the overview is not theirs at all
        var overview = await Assert.ThrowsAsync<HttpRequestException>(() => BrowserHost.ApiAsync(other, "GET", "api/overview"));
        Assert.Equal(HttpStatusCode.Forbidden, overview.StatusCode);
    }

    [Fact]
    public async Task The_register_counts_thuiszitters_by_duration_on_the_inspectorates_reference_dates_and_exports_counts_only()
    {
        // Twente demo school, reference date Monday 15 June 2026; no other test registers absences there
        const string twente = "S-TWE-01";
        var peildatum = new DateOnly(2026, 6, 15);
        Assert.True(Support.CalendarOf(twente).IsSchoolDay(peildatum), "15 June 2026 is a Monday outside the holidays");
        var id = Guid.NewGuid().ToString("N")[..6];
        string Pupil(string letter) => $"L-REG-{id}-{letter}";

        // A: unexcused every school day since Monday 4 May: 43 days at home, before the 3-month target of 4 August
        await Support.PublishAbsencesAsync(Pupil("A"), twente, Verzuimsoort.Ongeoorloofd, Support.SchoolDays(twente, new(2026, 5, 4), peildatum));
        // B: three weeks only (from 26 May): not yet 4 weeks
        await Support.PublishAbsencesAsync(Pupil("B"), twente, Verzuimsoort.Ongeoorloofd, Support.SchoolDays(twente, new(2026, 5, 26), peildatum));
        // C: long absent but at school on the reference date itself: the run does not reach it
        await Support.PublishAbsencesAsync(Pupil("C"), twente, Verzuimsoort.Ongeoorloofd, Support.SchoolDays(twente, new(2026, 5, 4), peildatum.AddDays(-1)));
        // D: sick every school day since Monday 15 December 2025, across the Christmas, spring and May holidays: on
        // 15 June exactly 6 months, so "6 months or longer"
        await Support.PublishAbsencesAsync(Pupil("D"), twente, Verzuimsoort.Ziek, Support.SchoolDays(twente, new(2025, 12, 15), peildatum));

        var lpa = await OpenAsync("lpa", "/register");
        await Expect(lpa.Locator("h1")).ToHaveTextAsync("Thuiszittersregister");
        await lpa.GetByLabel("Peildatum van de inspectie").SelectOptionAsync("2026-06-15");
        await lpa.GetByRole(AriaRole.Button, new() { Name = "Tonen" }).ClickAsync();
        var row = lpa.Locator($"table.register tr[data-school='{twente}']");
        await Expect(lpa.Locator("table.register caption")).ToContainTextAsync("15 juni 2026");
        // columns: 4 weeks - 3 months, 3 - 6 months, 6 months or longer, total
        await Expect(row.Locator("td.number")).ToHaveTextAsync(["1", "0", "1", "2"]);
        await WerkbakSupport.AssertAccessibleAsync(lpa, "the register");
        await BrowserHost.ScreenshotAsync(lpa, "werkbak-register", fullPage: true);

        // the CSV holds the same counts and no pupil ids
        var download = await lpa.RunAndWaitForDownloadAsync(() => lpa.GetByRole(AriaRole.Link, new() { Name = "Download als CSV (geanonimiseerd)" }).ClickAsync());
        var csv = (await File.ReadAllTextAsync(await download.PathAsync())).TrimStart('\uFEFF');
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("peildatum;school;schoolnaam;model;duur;aantal", lines[0]);
        Assert.Contains("2026-06-15;S-TWE-01;Demo basisschool Twente;twente-verzuimkaart-po;4 weken tot 3 maanden;1", lines);
        Assert.Contains("2026-06-15;S-TWE-01;Demo basisschool Twente;twente-verzuimkaart-po;3 tot 6 maanden;0", lines);
        Assert.Contains("2026-06-15;S-TWE-01;Demo basisschool Twente;twente-verzuimkaart-po;6 maanden of langer;1", lines);
        Assert.DoesNotContain("L-", csv);

        // on 15 March 2026 (a Sunday: the run must reach Friday the 13th) only D was home, exactly 3 months: 3-6 months
        await lpa.GetByLabel("Peildatum van de inspectie").SelectOptionAsync("2026-03-15");
        await lpa.GetByRole(AriaRole.Button, new() { Name = "Tonen" }).ClickAsync();
        await Expect(lpa.Locator("table.register caption")).ToContainTextAsync("15 maart 2026");
        await Expect(row.Locator("td.number")).ToHaveTextAsync(["0", "1", "0", "1"]);

        // E: unexcused every school day of the last 10 weeks up to today: a thuiszitter now, in the overview against
        // the terms, and the Twente case opened at 16 hours carries the days at home
        var today = WerkbakSupport.Today;
        var eDays = Support.SchoolDays(twente, today.AddDays(-70), today);
        await Support.PublishAbsencesAsync(Pupil("E"), twente, Verzuimsoort.Ongeoorloofd, eDays);
        var home = today.DayNumber - eDays[0].DayNumber + 1; // first day at home to today, both counted
        Assert.True(home >= 28, "ten weeks back always leave 4 weeks at home, even across the summer holiday");
        await lpa.GetByRole(AriaRole.Navigation, new() { Name = "Hoofdmenu" }).GetByRole(AriaRole.Link, new() { Name = "Overzicht" }).ClickAsync();
        var thuiszitter = lpa.Locator($"tr[data-leerling='{Pupil("E")}']");
        await Expect(thuiszitter.Locator("td.number")).ToHaveTextAsync(home.ToString());
        // at most 71 days at home: before the target of 3 months after the first day
        await Expect(thuiszitter).ToContainTextAsync("binnen streeftermijn");
        var eCase = lpa.Locator("table.cases-zaken tr", new() { HasText = Pupil("E") });
        await lpa.GetByLabel("Minimaal dagen thuis").FillAsync(home.ToString());
        await lpa.GetByRole(AriaRole.Button, new() { Name = "Filteren" }).ClickAsync();
        await Expect(eCase).ToHaveCountAsync(1);
        await Expect(eCase.Locator("td.number")).ToHaveTextAsync(home.ToString());
        await lpa.GetByLabel("Minimaal dagen thuis").FillAsync((home + 1).ToString());
        await lpa.GetByRole(AriaRole.Button, new() { Name = "Filteren" }).ClickAsync();
        await Expect(eCase).ToHaveCountAsync(0);
        await lpa.GetByRole(AriaRole.Button, new() { Name = "Alles tonen" }).ClickAsync();
        await Expect(eCase).ToHaveCountAsync(1);
        await WerkbakSupport.AssertAccessibleAsync(lpa, "the overview with thuiszitters");
        await BrowserHost.ScreenshotAsync(lpa, "werkbak-overzicht", fullPage: true);
    }
}
