using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Verzuim.Browser.Tests.Werkbak;

/// <summary>
/// A kernteam member types into a task form while absences arrive over the API for this pupil and another: the live
/// update re-renders the inbox around the open form, which keeps its text and the focus; after completing, the focus
/// goes to the next task of the list rather than falling to the page.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LiveFormTests(BrowserHost host, ITestOutputHelper output) : WerkbakPageTests(host, output)
{
    private const string School = "S-APD-01";

    [Fact]
    public async Task Typing_in_a_task_form_survives_a_live_update_and_completing_moves_the_focus_to_the_next_task()
    {
        var id = Guid.NewGuid().ToString("N")[..6];
        var pupil = $"L-LIVE-{id}-A";
        var other = $"L-LIVE-{id}-B";
        var kernteam = await OpenAsync("kernteam-a", "/taken");
        await kernteam.SetViewportSizeAsync(1024, 800);
        await Expect(kernteam.Locator("#live[data-live='ja']")).ToBeVisibleAsync();

        var opened = await OpenCaseAsync(pupil);
        var task = kernteam.Locator("#rol-taken li.task[data-element-id='apd_stap1_interventies']", new() { HasText = pupil });
        await Expect(task).ToBeVisibleAsync();

        // keyboard: claim, open the form, type into its first field
        await task.GetByRole(AriaRole.Button, new() { Name = "Oppakken" }).FocusAsync();
        await kernteam.Keyboard.PressAsync("Enter");
        var mine = kernteam.Locator("#mijn-taken li.task[data-element-id='apd_stap1_interventies']", new() { HasText = pupil });
        await Expect(mine.GetByRole(AriaRole.Button, new() { Name = "Afronden…" })).ToBeFocusedAsync();
        await kernteam.Keyboard.PressAsync("Enter");
        var field = mine.GetByLabel("Ingezette interventies (kort, geen medische details) (verplicht)");
        await Expect(field).ToBeFocusedAsync();
        await kernteam.Keyboard.TypeAsync("Gesprek met ouders");
        await kernteam.EvaluateAsync("() => { window.__veld = document.activeElement; }");

        // another pupil's case opens over the API; its DUO task is claimed (it joins "Door mij opgepakt", sorted by
        // deadline around the open form), then a new absence of this pupil arrives: each a live update of the inbox
        await OpenCaseAsync(other);
        var otherTask = kernteam.Locator("#rol-taken li.task[data-element-id='duo_melden']", new() { HasText = other });
        await Expect(otherTask).ToBeVisibleAsync();
        var otherTaskId = await otherTask.GetAttributeAsync("data-task-id");
        await BrowserHost.ApiAsync(kernteam, "POST", $"api/tasks/{otherTaskId}/claim");
        await kernteam.RunAndWaitForResponseAsync(() => SendAbsenceAsync(pupil, opened, 1),
            response => response.Url.Contains("/api/tasks"), new() { Timeout = 30_000 });
        var claimedOther = kernteam.Locator($"#mijn-taken li.task[data-task-id='{otherTaskId}']");
        await Expect(claimedOther).ToBeVisibleAsync();
        await Expect(otherTask).ToHaveCountAsync(0);

        // the same field, with its text, still has the focus: typing goes on where it was
        await Expect(field).ToBeFocusedAsync();
        await Expect(field).ToHaveValueAsync("Gesprek met ouders");
        Assert.True(await kernteam.EvaluateAsync<bool>("() => window.__veld === document.activeElement"), "the form field was replaced");
        await kernteam.Keyboard.TypeAsync(" en leerling");
        await Expect(field).ToHaveValueAsync("Gesprek met ouders en leerling");
        await BrowserHost.ScreenshotAsync(kernteam, "werkbak-formulier-live");

        // complete with the keyboard: the focus goes to the next task I claimed, not to the page
        await mine.GetByRole(AriaRole.Group, new() { Name = "Ouders en leerling betrokken" }).GetByLabel("Ja", new() { Exact = true }).CheckAsync();
        await mine.GetByRole(AriaRole.Button, new() { Name = "Taak afronden" }).FocusAsync();
        await kernteam.Keyboard.PressAsync("Enter");
        await Expect(mine).ToHaveCountAsync(0);
        await Expect(kernteam.Locator("#status")).ToContainTextAsync("is afgerond");
        var focused = kernteam.Locator("#mijn-taken li.task button:focus");
        await Expect(focused).ToHaveTextAsync("Afronden…");

        // giving a task back moves the focus on as well (to the next claimed task, or the list's summary)
        var focusedTask = await kernteam.Locator("#mijn-taken li.task:has(button:focus)").GetAttributeAsync("data-task-id");
        await kernteam.Locator($"#mijn-taken li.task[data-task-id='{focusedTask}']").GetByRole(AriaRole.Button, new() { Name = "Teruggeven" }).ClickAsync();
        await Expect(kernteam.Locator($"#mijn-taken li.task[data-task-id='{focusedTask}']")).ToHaveCountAsync(0);
        Assert.NotEqual("BODY", await kernteam.EvaluateAsync<string>("() => document.activeElement.tagName"));
        await WerkbakSupport.AssertAccessibleAsync(kernteam, "the inbox after completing a task");
    }

    /// <summary>
    /// Opens an Apeldoorn case over the API: 16 unexcused hours on one school day reach the DUO threshold (seed 003)
    /// and open step 1 with the DUO report beside it.
    /// </summary>
    private async Task<DateOnly> OpenCaseAsync(string pupil)
    {
        for (var back = 0; back < 30; back++)
        {
            var day = WerkbakSupport.Today.AddDays(-back);
            if (!Host.Services.GetRequiredService<Verzuim.Host.Schools.SchoolDirectory>().CalendarFor(School).IsSchoolDay(day)) continue;
            var answer = await SendAbsenceAsync(pupil, day, 16);
            if (answer.GetProperty("zaken").GetArrayLength() > 0) return day;
        }
        throw new InvalidOperationException($"No case opened for {pupil}");
    }

    private Task<System.Text.Json.JsonElement> SendAbsenceAsync(string pupil, DateOnly day, decimal hours) =>
        Host.SendMessageAsync("AbsentieGeregistreerd", new
        {
            berichtId = Guid.NewGuid(), leerlingId = pupil, schoolId = School, tijdstip = DateTimeOffset.UtcNow,
            datum = day.ToString("yyyy-MM-dd"), soort = "Ongeoorloofd", uren = hours,
        });
}
