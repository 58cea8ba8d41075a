using System.Text.RegularExpressions;
using MimeKit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Verzuim.Browser.Tests.Werkbak;

/// <summary>
/// A kernteam member gives a task to a colleague with the keyboard (1024 px, axe-core); the colleague receives the
/// mail on the real SMTP server ./test.sh started (Exim's maildir), follows its link, signs in and finds the task as theirs.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TaskAssignmentTests(BrowserHost host, ITestOutputHelper output) : WerkbakPageTests(host, output)
{
    private const string School = "S-APD-01";

    [Fact]
    public async Task A_kernteam_member_assigns_a_task_and_the_colleague_follows_the_mail_to_it()
    {
        var maildir = Environment.GetEnvironmentVariable("VERZUIM_TEST_MAILDIR")
            ?? throw new InvalidOperationException("VERZUIM_TEST_MAILDIR is not set; run the tests with ./test.sh (it starts Exim).");
        var pupil = $"L-TOEW-{Guid.NewGuid().ToString("N")[..8].ToUpperInvariant()}";

        // Koen has used the werkbak before: the service knows his schools and address from that sign-in
        var koenBefore = await OpenAsync("kernteam-a2", "/taken");
        await Expect(koenBefore.Locator("h1")).ToHaveTextAsync("Mijn taken");
        await koenBefore.Context.CloseAsync();

        // four sick reports in 12 school weeks open an Apeldoorn case (seed 003, MAZL); step 1 is for the zorgcoördinator
        var days = Support.SchoolDaysBack(School, WerkbakSupport.Today, 8);
        await Support.PublishAbsencesAsync(pupil, School, Verzuim.Contracts.Verzuimsoort.Ziek, [days[7], days[5], days[3], days[1]], oneByOne: true);
        var caseId = await Support.CaseOfAsync(pupil);

        var page = await OpenAsync("kernteam-a", "/taken");
        await page.SetViewportSizeAsync(1024, 768);
        var task = page.Locator("#rol-taken li.task").Filter(new() { HasText = pupil }).Filter(new() { HasText = "De basis op orde" });
        await Expect(task).ToHaveCountAsync(1);
        var taskId = await task.GetAttributeAsync("data-task-id");

        // keyboard only: the button opens the form with the focus on the colleague list
        var assign = task.GetByRole(AriaRole.Button, new() { Name = "Toewijzen…" });
        await assign.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(assign).ToHaveAttributeAsync("aria-expanded", "true");
        var colleague = task.GetByLabel("Collega met de rol");
        await Expect(colleague).ToBeFocusedAsync();
        await Expect(colleague.Locator("option")).ToHaveTextAsync(["Kies een collega", "Koen Kernteam (Apeldoorn)"]);
        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(colleague).ToHaveValueAsync("kernteam-a2");
        await WerkbakSupport.AssertAccessibleAsync(page, "the inbox with the assignment form open");
        await WerkbakSupport.AssertFitsWidthAsync(page, "the inbox at 1024 px");
        await BrowserHost.ScreenshotAsync(page, "werkbak-toewijzen");
        await page.Keyboard.PressAsync("Tab");
        await Expect(task.GetByRole(AriaRole.Button, new() { Name = "Toewijzen", Exact = true })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#status")).ToContainTextAsync("is toegewezen aan Koen Kernteam (Apeldoorn)");
        // it left Karin's open tasks (it is Koen's now) and the focus is on the page, not lost
        await Expect(page.Locator($"li[data-task-id='{taskId}']")).ToHaveCountAsync(0);
        Assert.NotEqual("BODY", await page.EvaluateAsync<string>("document.activeElement.tagName"));

        // the mail, as Exim delivered it
        var mail = await WaitForMailAsync(maildir, "kernteam-a2@verzuim-demo.example.org", pupil);
        Assert.StartsWith("Taak aan u toegewezen: Stap 1 De basis op orde", mail.Subject);
        var link = Regex.Match(mail.TextBody, @"https?://\S+/taken\?taak=[0-9a-f-]{36}").Value;
        Assert.EndsWith($"/taken?taak={taskId}", link);
        Assert.Contains($"/zaken/{caseId}", mail.TextBody);

        // Koen follows the link, not signed in: the login brings him back to the task, shown as his
        var koen = await OpenAsync();
        await koen.SetViewportSizeAsync(1024, 768);
        await koen.GotoAsync(link);
        await koen.Locator("input[name=username]").FillAsync("kernteam-a2");
        await koen.Locator("input[name=password]").FillAsync(BrowserHost.Password);
        await koen.GetByRole(AriaRole.Button, new() { Name = "Inloggen" }).ClickAsync();
        await koen.WaitForURLAsync(url => url.Contains($"/taken?taak={taskId}"));
        var mine = koen.Locator($"#mijn-taken li.task.linked[data-task-id='{taskId}']");
        await Expect(mine).ToContainTextAsync(pupil);
        await Expect(mine.GetByRole(AriaRole.Heading, new() { Level = 3 })).ToBeFocusedAsync();
        await Expect(mine.GetByRole(AriaRole.Button, new() { Name = "Afronden…" })).ToBeVisibleAsync();

        // his notification settings below the inbox: the address the mail went to
        await koen.GetByText("Meldingen", new() { Exact = true }).ClickAsync();
        await Expect(koen.Locator("#meldingen-adres")).ToContainTextAsync("kernteam-a2@verzuim-demo.example.org");
        await Expect(koen.GetByLabel("Dagoverzicht van mijn open taken, elke schooldag")).ToBeCheckedAsync();
        await WerkbakSupport.AssertAccessibleAsync(koen, "the colleague's inbox opened from the mail, with Meldingen");
        await BrowserHost.ScreenshotAsync(koen, "werkbak-toegewezen-uit-mail", fullPage: true);
    }

    private static async Task<MimeMessage> WaitForMailAsync(string maildir, string to, string marker)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            foreach (var file in Directory.Exists(Path.Combine(maildir, "new")) ? Directory.GetFiles(Path.Combine(maildir, "new")) : [])
            {
                var message = MimeMessage.Load(file);
                if (string.Equals(message.Headers["Envelope-to"]?.Trim(), to, StringComparison.OrdinalIgnoreCase)
                    && message.Subject.Contains(marker) && message.Subject.StartsWith("Taak aan u toegewezen")) return message;
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"no assignment mail for {to} about {marker} in {maildir}");
            await Task.Delay(250);
        }
    }
}
