using MassTransit;
using Microsoft.EntityFrameworkCore;
using Verzuim.Contracts;
using Verzuim.Persistence;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Verzuim.Browser.Tests.Werkbak;

/// <summary>
/// Three of the four sick reports that open an Apeldoorn case arrive; the fourth lost its pupil number on the way and
/// waits in the error queue. The beheerder finds it on the Foutberichten screen at 1024 px with the keyboard, reads the
/// reason, is told in the browser that a correction is no JSON and by the server that the berichtId cannot change, then
/// offers it again with the pupil number: the case opens, and the screen says so and names it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ErrorQueueScreenTests(BrowserHost host, ITestOutputHelper output) : WerkbakPageTests(host, output)
{
    private const string School = "S-APD-01";
    private IBusControl? _bus;

    public override async Task DisposeAsync()
    {
        if (_bus is not null) await _bus.StopAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task The_beheerder_offers_a_refused_absence_again_with_the_pupil_number_corrected_and_sees_the_case_open()
    {
        var pupil = $"L-FOUT-{Guid.NewGuid():N}"[..16];
        // four sick reports in 12 school weeks open an Apeldoorn case (seed 003, MAZL): three arrive as sent
        var days = Support.SchoolDaysBack(School, WerkbakSupport.Today, 8);
        await Support.PublishAbsencesAsync(pupil, School, Verzuimsoort.Ziek, [days[7], days[5], days[3]], oneByOne: true);
        var berichtId = Guid.NewGuid();
        _bus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(new Uri(Environment.GetEnvironmentVariable("VERZUIM_TEST_RABBITMQ")!)));
        await _bus.StartAsync();
        await _bus.Publish(new AbsentieGeregistreerd(berichtId, "", School, DateTimeOffset.UtcNow, days[1], Verzuimsoort.Ziek, 6m));
        var store = Host.Services.GetRequiredService<WorkflowStore>();
        var rowId = await WaitForRowAsync(store, berichtId);
        await using (var db = store.CreateContext())
            Assert.False(await db.Instances.AnyAsync(i => i.BusinessKey == pupil), "three sick reports opened a case already");

        var page = await OpenAsync();
        await page.SetViewportSizeAsync(1024, 768);
        await BrowserHost.LoginAsync(page, "beheerder", "/kalender");
        await page.GetByRole(AriaRole.Link, new() { Name = "Foutberichten", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Foutberichten", Exact = true })).ToBeVisibleAsync();
        var row = page.Locator($"#foutberichten-lijst tr[data-id='{rowId}']");
        await Expect(row).ToContainTextAsync("AbsentieGeregistreerd");
        await Expect(row).ToContainTextAsync("leerlingId");
        await Expect(row).ToContainTextAsync(School);
        await WerkbakSupport.AssertAccessibleAsync(page, "foutberichten");
        await WerkbakSupport.AssertFitsWidthAsync(page, "foutberichten at 1024 px");

        // with the keyboard: the row's button, Enter; focus moves to the detail's heading
        await row.GetByRole(AriaRole.Button).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#foutbericht-kop")).ToBeFocusedAsync();
        await Expect(page.Locator("#foutbericht-reden")).ToContainTextAsync("leerlingId");
        await Expect(page.Locator("#foutbericht-inhoud")).ToContainTextAsync(berichtId.ToString());
        await Expect(page.Locator("#foutbericht-inhoud")).ToContainTextAsync("Ziek");
        await WerkbakSupport.AssertAccessibleAsync(page, "foutberichten with a message opened");
        await WerkbakSupport.AssertFitsWidthAsync(page, "foutberichten with a message opened at 1024 px");

        var correction = page.GetByLabel("Correctie (optioneel)");
        var offer = page.Locator("#foutbericht").GetByRole(AriaRole.Button, new() { Name = "Opnieuw aanbieden" });
        await correction.FillAsync($"{{ \"leerlingId\": \"{pupil}\" }}");
        await BrowserHost.ScreenshotAsync(page, "werkbak-foutberichten", fullPage: true);

        // not JSON: the browser says so and sends nothing
        await correction.FillAsync("{ leerlingId: 12 }");
        await offer.ClickAsync();
        await Expect(page.Locator("#fb-opnieuw-fout")).ToContainTextAsync("geen geldige JSON");
        await Expect(page.Locator("#fb-opnieuw-fout")).ToBeFocusedAsync();

        // a new berichtId would let the engine apply the message twice: the server refuses it by name
        await correction.FillAsync($"{{ \"leerlingId\": \"{pupil}\", \"berichtId\": \"{Guid.NewGuid()}\" }}");
        await offer.ClickAsync();
        await Expect(page.Locator("#fb-opnieuw-fout")).ToContainTextAsync("'berichtId'");
        await Expect(row).ToBeVisibleAsync();

        await correction.FillAsync($"{{ \"leerlingId\": \"{pupil}\" }}");
        await offer.ClickAsync();
        await Expect(page.Locator("#uitkomst-tekst")).ToContainTextAsync("er is een zaak geopend");
        await Expect(page.Locator("#foutbericht-uitkomst")).ToBeFocusedAsync();
        var caseId = await Support.CaseOfAsync(pupil);
        await Expect(page.Locator($"#uitkomst-zaken li[data-case-id='{caseId}']")).ToContainTextAsync("apeldoorn");
        await Expect(page.Locator("#status")).ToContainTextAsync("opnieuw aangeboden en verwerkt");
        await Expect(row).ToHaveCountAsync(0);
        await WerkbakSupport.AssertAccessibleAsync(page, "foutberichten after an offer");

        // handled: who and what stay on the row
        await page.GetByLabel("Status").SelectOptionAsync("afgehandeld");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filteren" }).ClickAsync();
        var handled = page.Locator($"#foutberichten-lijst tr[data-id='{rowId}']");
        await Expect(handled).ToContainTextAsync("Opnieuw aangeboden");
        await Expect(handled).ToContainTextAsync("door beheerder");
        Assert.Contains("status=afgehandeld", page.Url);
        await WerkbakSupport.AssertFitsWidthAsync(page, "handled foutberichten at 1024 px");

        await using var check = store.CreateContext();
        Assert.Equal(4, await check.AttendanceEntries.CountAsync(e => e.LeerlingId == pupil));
        Assert.Equal(1, await check.Instances.CountAsync(i => i.BusinessKey == pupil && i.ParentInstanceId == null));
    }

    private static async Task<Guid> WaitForRowAsync(WorkflowStore store, Guid berichtId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            await using (var db = store.CreateContext())
                if (await db.ErrorMessages.Where(e => e.BerichtId == berichtId).Select(e => (Guid?)e.Id).FirstOrDefaultAsync() is { } id) return id;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the refused absence {berichtId} did not reach the error queue screen's store");
            await Task.Delay(200);
        }
    }
}
