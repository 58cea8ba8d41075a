using System.Globalization;
using System.Text.RegularExpressions;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Verzuim.Browser.Tests.Werkbak;

/// <summary>
/// Facts against plans on the case page: the Apeldoorn model marks "MAZL-verwijzing in gang gezet" (mazlVerwezen) as
/// soon as the threshold is reached, but the referral is done only when its task is completed. The summary says
/// "gepland" until then, and afterwards who did it and when; what the task's form recorded is on the case too.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CaseFactsTests(BrowserHost host, ITestOutputHelper output) : WerkbakPageTests(host, output)
{
    private const string School = "S-APD-01";

    [Fact]
    public async Task The_MAZL_referral_is_planned_while_its_task_is_open_and_done_with_who_and_when_after()
    {
        var pupil = $"L-FEIT-{Guid.NewGuid():N}"[..16];
        // four separate sick reports in 12 school weeks (seed 003: MAZL, "4e ziekmelding in 12 weken"), over the API
        var days = Support.SchoolDaysBack(School, WerkbakSupport.Today, 8);
        foreach (var day in new[] { days[7], days[5], days[3], days[1] })
            await Host.SendMessageAsync("AbsentieGeregistreerd", new
            {
                berichtId = Guid.NewGuid(), leerlingId = pupil, schoolId = School, tijdstip = DateTimeOffset.UtcNow,
                datum = day.ToString("yyyy-MM-dd"), soort = "Ziek", uren = 6,
            });
        var caseId = await Support.CaseOfAsync(pupil);

        var chair = await OpenAsync("voorzitter", $"/zaken/{caseId}");
        await chair.SetViewportSizeAsync(1024, 800);
        await Expect(chair.Locator("h1")).ToHaveTextAsync($"Zaak leerling {pupil}");
        // the case counts from the first of the four sick reports, apart from when the service opened it (today)
        await Expect(chair.Locator("#eerste-verzuimdag")).ToHaveTextAsync(days[7].ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("nl-NL")));
        await Expect(chair.Locator("#zaak-geopend time")).ToHaveAttributeAsync("datetime", new Regex($"^{DateTime.UtcNow:yyyy-MM-dd}"));
        var mazl = chair.Locator("#feit-mazlVerwezen");
        await Expect(mazl).ToHaveTextAsync(new Regex("^gepland"));
        await Expect(mazl).ToContainTextAsync("Doorverwijzen naar jeugdarts (MAZL)");
        await Expect(mazl).Not.ToHaveTextAsync(new Regex("^ja"));
        await Expect(chair.Locator("#vastgelegd tr[data-element-id='apd_mazl_verwijzen']")).ToHaveCountAsync(0);
        await BrowserHost.ScreenshotAsync(chair, "werkbak-zaak-gepland", fullPage: true);

        // the verzuimcoordinator (kernteam-a at this school) does the referral, with the appointment's date
        var kernteam = await OpenAsync("kernteam-a", "/taken");
        var tasks = await BrowserHost.ApiAsync(kernteam, "GET", "api/tasks");
        var task = tasks.EnumerateArray().Single(t => t.GetProperty("leerlingId").GetString() == pupil && t.GetProperty("elementId").GetString() == "apd_mazl_verwijzen");
        var taskId = task.GetProperty("id").GetGuid();
        var appointment = WerkbakSupport.Today.AddDays(7);
        await BrowserHost.ApiAsync(kernteam, "POST", $"api/tasks/{taskId}/claim");
        await BrowserHost.ApiAsync(kernteam, "POST", $"api/tasks/{taskId}/complete", new { jeugdartsAfspraak = appointment.ToString("yyyy-MM-dd") });

        // the chair's page follows live: done, by whom and when; the recorded date on the case; the timeline says who
        await Expect(mazl).ToHaveTextAsync(new Regex(@"^ja, door kernteam-a op \d{1,2} \w+\.? \d{4}"));
        var row = chair.Locator("#vastgelegd tr[data-element-id='apd_mazl_verwijzen']");
        await Expect(row).ToContainTextAsync("kernteam-a");
        await Expect(row).ToContainTextAsync("Datum afspraak jeugdarts");
        await Expect(row).ToContainTextAsync(appointment.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("nl-NL")));
        await Expect(chair.Locator("table.timeline tr[data-soort='TaskCompleted']", new() { HasText = "Doorverwijzen naar jeugdarts (MAZL)" }))
            .ToContainTextAsync("door kernteam-a");
        var completedAt = (await BrowserHost.ApiAsync(chair, "GET", $"api/cases/{caseId}")).GetProperty("taken").EnumerateArray()
            .Single(t => t.GetProperty("id").GetGuid() == taskId).GetProperty("afgerondOp").GetDateTimeOffset();
        var amsterdam = TimeZoneInfo.ConvertTime(completedAt, TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam"));
        await Expect(mazl).ToContainTextAsync(amsterdam.ToString("HH:mm"));

        // at 1024 px (a laptop, a tablet in landscape) the page does not scroll sideways
        var (scrollWidth, clientWidth) = (await chair.EvaluateAsync<int>("document.scrollingElement.scrollWidth"),
            await chair.EvaluateAsync<int>("document.scrollingElement.clientWidth"));
        Assert.True(scrollWidth <= clientWidth, $"the case page is {scrollWidth}px wide in {clientWidth}px");
        await WerkbakSupport.AssertAccessibleAsync(chair, "the case view with recorded task values");
        await BrowserHost.ScreenshotAsync(chair, "werkbak-zaak-vastgelegd", fullPage: true);
    }

    [Fact]
    public async Task A_case_or_page_that_does_not_exist_answers_in_Dutch_inside_the_werkbak()
    {
        var page = await OpenAsync("kernteam-a", "/taken");
        await page.GotoAsync($"zaken/{Guid.NewGuid()}");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Niet gevonden");
        await Expect(page.Locator("main [role='alert']")).ToContainTextAsync("bestaat niet");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Naar mijn taken" })).ToBeVisibleAsync();
        Assert.DoesNotMatch(new Regex(@"HTTP \d|Not Found|\b404\b"), await page.Locator("body").InnerTextAsync());

        await page.GotoAsync("zaken/geen-zaak");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Pagina niet gevonden");
        Assert.DoesNotMatch(new Regex(@"HTTP \d|Not Found|\b404\b"), await page.Locator("body").InnerTextAsync());
        await WerkbakSupport.AssertAccessibleAsync(page, "the not-found page");
        await BrowserHost.ScreenshotAsync(page, "werkbak-niet-gevonden");
    }
}
