using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Verzuim.Contracts;
using Verzuim.Host.Schools;
using Verzuim.Persistence;
using Verzuim.Workflows.Time;

namespace Verzuim.Browser.Tests.Werkbak;

/// <summary>
/// What the werkbak tests need beside the shared <see cref="BrowserHost"/>: absences published to RabbitMQ as a school's
/// administration system does, school days from the school's real calendar, and the axe-core check.
/// </summary>
public sealed class WerkbakSupport(BrowserHost host) : IAsyncDisposable
{
    private IBusControl? _bus;

    public SchoolCalendar CalendarOf(string schoolId) => host.Services.GetRequiredService<SchoolDirectory>().CalendarFor(schoolId);

    public static DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, SchoolCalendar.DutchTimeZone).DateTime);

    /// <summary>School days of <paramref name="schoolId"/> from <paramref name="from"/> to <paramref name="to"/>, both inclusive.</summary>
    public IReadOnlyList<DateOnly> SchoolDays(string schoolId, DateOnly from, DateOnly to)
    {
        var calendar = CalendarOf(schoolId);
        var days = new List<DateOnly>();
        for (var day = from; day <= to; day = day.AddDays(1))
            if (calendar.IsSchoolDay(day)) days.Add(day);
        return days;
    }

    /// <summary>The last <paramref name="count"/> school days up to and including <paramref name="until"/>, newest first.</summary>
    public IReadOnlyList<DateOnly> SchoolDaysBack(string schoolId, DateOnly until, int count)
    {
        var calendar = CalendarOf(schoolId);
        var days = new List<DateOnly>();
        for (var day = until; days.Count < count; day = day.AddDays(-1))
            if (calendar.IsSchoolDay(day)) days.Add(day);
        return days;
    }

    /// <summary>Publishes absences to RabbitMQ as a school system would, and waits until the host's ledger holds them all.</summary>
    public async Task PublishAbsencesAsync(string pupil, string schoolId, Verzuimsoort kind, IEnumerable<DateOnly> days, decimal hours = 6m, bool oneByOne = false)
    {
        var bus = await BusAsync();
        var list = days.Order().ToList();
        var before = await LedgerCountAsync(pupil);
        var published = 0;
        foreach (var day in list)
        {
            await bus.Publish(new AbsentieGeregistreerd(Guid.NewGuid(), pupil, schoolId, DateTimeOffset.UtcNow, day, kind, hours));
            published++;
            // a case opens on the registration whose signals reach a threshold: in date order, each after the one before
            if (oneByOne) await WaitForLedgerAsync(pupil, before + published);
        }
        await WaitForLedgerAsync(pupil, before + published);
    }

    public async Task<int> LedgerCountAsync(string pupil)
    {
        await using var db = host.Services.GetRequiredService<WorkflowStore>().CreateContext();
        return await db.AttendanceEntries.CountAsync(e => e.LeerlingId == pupil);
    }

    private async Task WaitForLedgerAsync(string pupil, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (await LedgerCountAsync(pupil) < count)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the host recorded {await LedgerCountAsync(pupil)} of {count} absences of {pupil}");
            await Task.Delay(100);
        }
    }

    /// <summary>The open case of a pupil, once the host opened it.</summary>
    public async Task<Guid> CaseOfAsync(string pupil)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            await using (var db = host.Services.GetRequiredService<WorkflowStore>().CreateContext())
            {
                var id = await db.Instances.Where(i => i.BusinessKey == pupil && i.ParentInstanceId == null).Select(i => (Guid?)i.Id).FirstOrDefaultAsync();
                if (id is { } found) return found;
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"no case opened for {pupil}");
            await Task.Delay(200);
        }
    }

    private async Task<IBusControl> BusAsync()
    {
        if (_bus is not null) return _bus;
        var uri = Environment.GetEnvironmentVariable("VERZUIM_TEST_RABBITMQ") is { Length: > 0 } rabbit ? rabbit
            : throw new InvalidOperationException("VERZUIM_TEST_RABBITMQ is not set. Run the tests with ./test.sh.");
        _bus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(new Uri(uri)));
        await _bus.StartAsync();
        return _bus;
    }

    public async ValueTask DisposeAsync()
    {
        if (_bus is not null) await _bus.StopAsync();
    }

    /// <summary>
    /// axe-core on the page as it is now, against WCAG 2.0/2.1 A and AA; fails on any serious or critical violation,
    /// naming rule, help and the offending elements.
    /// </summary>
    public static async Task AssertAccessibleAsync(IPage page, string what)
    {
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"axe-core on {what} ({page.Url}):{Environment.NewLine}" + string.Join(Environment.NewLine,
            serious.Select(v => $"- {v.Id} ({v.Impact}): {v.Help}{Environment.NewLine}    " +
                string.Join($"{Environment.NewLine}    ", v.Nodes.Take(5).Select(n => $"{n.Target} {n.Html}")))));
    }

    /// <summary>The page's content fits its width (no sideways scrolling of the page itself), as on a tablet.</summary>
    public static async Task AssertFitsWidthAsync(IPage page, string what)
    {
        var (scroll, width) = (await page.EvaluateAsync<int>("document.documentElement.scrollWidth"), await page.EvaluateAsync<int>("window.innerWidth"));
        Assert.True(scroll <= width, $"{what} is {scroll}px wide in a {width}px window");
    }
}
