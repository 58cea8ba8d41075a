using Verzuim.Host.Engine;
using Verzuim.Workflows.Time;

namespace Verzuim.Host.Schools;

/// <summary>
/// Loads the calendars from the store once it is ready, picks up changes another replica made (every minute), and
/// says once a day in the log (and at once when it starts) when a school's holiday data covers less than the next 12 months.
/// </summary>
public sealed class CalendarMonitor(StoreInitializer initializer, CalendarStore calendars, SchoolDirectory schools, IClock clock,
    ILogger<CalendarMonitor> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);
    private readonly Lock _gate = new();
    private DateOnly? _warnedOn;
    private HashSet<string> _warned = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await initializer.Ready.WaitAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await CheckAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "School calendars not reloaded");
            }
            await Task.Delay(Interval, stoppingToken);
        }
    }

    /// <summary>One round of the monitor: reload changed calendars, then log each shortfall not yet logged today.</summary>
    public async Task CheckAsync(CancellationToken ct)
    {
        await calendars.LoadAsync(ct);
        WarnOncePerDay();
    }

    /// <summary>Each shortfall once a day; one that appears during the day (an upload cut the data back) at once.</summary>
    private void WarnOncePerDay()
    {
        var today = SchoolCalendar.WeekendsOnly.LocalDate(clock.UtcNow);
        foreach (var shortfall in CalendarCoverage.Shortfalls(schools, today))
        {
            lock (_gate) // a round of the loop and a direct call may meet
            {
                if (_warnedOn != today) (_warnedOn, _warned) = (today, []);
                if (!_warned.Add(shortfall.Bericht)) continue;
            }
            logger.LogWarning("School calendar too short: {Shortfall}; school-time deadlines after that are estimates (upload holiday data via PUT /api/kalender/vakanties)", shortfall.Bericht);
        }
    }
}
