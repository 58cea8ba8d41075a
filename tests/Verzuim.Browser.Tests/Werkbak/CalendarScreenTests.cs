using System.Text.Json.Nodes;
using Verzuim.Host.Schools;
using Verzuim.Workflows.Runtime;
using Verzuim.Workflows.Time;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Verzuim.Browser.Tests.Werkbak;

/// <summary>
/// The beheerder adds a study day on the calendar screen (keyboard only, 1024 px wide) inside a running kantelpunt of
/// "3 schoolweken"; the kernteam member's case view then shows the kantelpunt one school day later, still "nog 15
/// schooldagen" away, and the timeline says the deadline moved because of the study day.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CalendarScreenTests(BrowserHost host, ITestOutputHelper output) : WerkbakPageTests(host, output)
{
    private const string School = "S-APD-01";

    private const string Model = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:verzuim="urn:verzuim:bpmn:1" id="Defs" targetNamespace="http://verzuim/test">
          <bpmn:process id="kalender-scherm" name="Kantelpunt (kalendertest)" isExecutable="true">
            <bpmn:startEvent id="start"/>
            <bpmn:userTask id="stap1" name="Interventies stap 1" verzuim:candidateRole="kernteamlid"/>
            <bpmn:boundaryEvent id="drieWeken" name="Kantelpunt 3 schoolweken" attachedToRef="stap1">
              <bpmn:timerEventDefinition><bpmn:timeDuration>3 schoolweken</bpmn:timeDuration></bpmn:timerEventDefinition>
            </bpmn:boundaryEvent>
            <bpmn:endEvent id="klaar"/>
            <bpmn:endEvent id="kantelpunt"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="stap1"/>
            <bpmn:sequenceFlow id="f2" sourceRef="stap1" targetRef="klaar"/>
            <bpmn:sequenceFlow id="f3" sourceRef="drieWeken" targetRef="kantelpunt"/>
          </bpmn:process>
        </bpmn:definitions>
        """;

    [Fact]
    public async Task A_study_day_added_on_the_calendar_screen_moves_the_kantelpunt_by_one_school_day_in_the_case_view()
    {
        var engine = Host.Services.GetRequiredService<WorkflowEngine>();
        await engine.DeployAsync(Model);
        var calendar = Host.Services.GetRequiredService<SchoolDirectory>().CalendarFor(School);
        var pupil = $"L-KAL-{Guid.NewGuid():N}"[..16];
        var now = DateTimeOffset.UtcNow;
        var caseId = await engine.StartAsync("kalender-scherm", new JsonObject { ["leerlingId"] = pupil, ["schoolId"] = School }, pupil);

        // the kantelpunt is the 15th school day after today; a study day on the 2nd school day after today lies inside
        // it, so the count reaches 15 one school day later: the school day after the old kantelpunt
        var before = calendar.LocalDate(calendar.AddSchoolWeeks(now, 3));
        var studyDay = calendar.LocalDate(calendar.AddSchoolDays(now, 2));
        var after = calendar.LocalDate(calendar.AddSchoolDays(calendar.AddSchoolWeeks(now, 3), 1));
        var today = calendar.LocalDate(now);
        var left = calendar.CountSchoolDays(today.AddDays(1), before); // 15 on a school day; the study day takes one, the extra day gives it back

        var kernteam = await OpenAsync();
        await BrowserHost.LoginAsync(kernteam, "kernteam-a", $"/zaken/{caseId}");
        await Expect(kernteam.Locator("#kantelpunt-op")).ToContainTextAsync($"nog {left} schooldagen, {Short(before)}");
        await Expect(kernteam.Locator("#zaak-kalender")).ToContainTextAsync("regio midden");

        var beheerder = await OpenAsync();
        await beheerder.SetViewportSizeAsync(1024, 768);
        await BrowserHost.LoginAsync(beheerder, "beheerder", "/kalender");
        await Expect(beheerder.GetByRole(AriaRole.Heading, new() { Name = "Schoolkalenders" })).ToBeVisibleAsync();
        await BrowserHost.ScreenshotAsync(beheerder, "werkbak-kalender", fullPage: true);
        try
        {
            // keyboard: from the school, Tab to the date (filled: the date field's typing order follows the browser's
            // locale), the kind left at Studiedag (the first), Tab to the description, Enter submits
            await beheerder.GetByLabel("School", new() { Exact = true }).FocusAsync();
            await beheerder.Keyboard.PressAsync("Tab");
            await Expect(beheerder.GetByLabel("Datum", new() { Exact = true })).ToBeFocusedAsync();
            await beheerder.GetByLabel("Datum", new() { Exact = true }).FillAsync(studyDay.ToString("yyyy-MM-dd"));
            // Tab inside a date input walks its day/month/year parts in Chromium; the kind is the next field after it
            await beheerder.GetByLabel("Soort", new() { Exact = true }).FocusAsync();
            await beheerder.Keyboard.PressAsync("Tab");
            await beheerder.Keyboard.TypeAsync("teamscholing");
            await beheerder.Keyboard.PressAsync("Enter");
            // the host is shared: other tests' cases at this school wait on timers too, so the count varies; each case is
            // recomputed in its own transaction, which takes a while in a full run
            await Expect(beheerder.Locator("#status")).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"\d+ termijnen? verschoven"), new() { Timeout = 90_000 });
            await Expect(beheerder.Locator($"[data-school='{School}']")).ToContainTextAsync("teamscholing");
            Assert.True(await beheerder.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 1024"), "the calendar screen scrolls sideways at 1024 px");

            await kernteam.ReloadAsync();
            await Expect(kernteam.Locator("#kantelpunt-op")).ToContainTextAsync($"nog {left} schooldagen, {Short(after)}");
            await Expect(kernteam.Locator("#zaak-kalender")).ToContainTextAsync("studiedagen");
            var moved = kernteam.Locator("tr[data-soort='TimerRescheduled']");
            await Expect(moved).ToContainTextAsync("Termijn verschoven");
            await Expect(moved).ToContainTextAsync("studiedag");
            await BrowserHost.ScreenshotAsync(kernteam, "werkbak-zaak-kalender", fullPage: true);
        }
        finally
        {
            // the host is shared by the collection: leave the school's calendar as it was
            var kalender = await BrowserHost.ApiAsync(beheerder, "GET", "api/kalender");
            foreach (var school in kalender.GetProperty("scholen").EnumerateArray().Where(s => s.GetProperty("schoolId").GetString() == School))
                foreach (var day in school.GetProperty("beheerdeDagen").EnumerateArray())
                    await BrowserHost.ApiTextAsync(beheerder, "DELETE", $"api/kalender/scholen/{School}/dagen/{day.GetProperty("id").GetString()}");
        }
    }

    // "do 28 jan", as the werkbak writes a deadline's day (nl-NL short weekday and month, without dots)
    private static string Short(DateOnly day)
    {
        string[] weekdays = ["zo", "ma", "di", "wo", "do", "vr", "za"];
        string[] months = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"];
        return $"{weekdays[(int)day.DayOfWeek]} {day.Day} {months[day.Month - 1]}";
    }
}
