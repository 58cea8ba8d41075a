using Verzuim.Host.Engine;
using Verzuim.Workflows.Time;

namespace Verzuim.Host.Schools;

/// <summary>
/// Loads the calendars from the store once it is ready, picks up changes another replica made (every minute), and
/// says once a day in the log when a school's holiday data covers less than the next 12 months.
/// </summary>
public sealed class CalendarMonitor(StoreInitializer initializer, CalendarStore calendars, SchoolDirectory schools, IClock clock,
    ILogger<CalendarMonitor> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);
    private DateOnly? _warnedOn;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await initializer.Ready.WaitAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await calendars.LoadAsync(stoppingToken);
                WarnOncePerDay();
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "School calendars not reloaded");
            }
            await Task.Delay(Interval, stoppingToken);
        }
    }

    private void WarnOncePerDay()
    {
        var today = SchoolCalendar.WeekendsOnly.LocalDate(clock.UtcNow);
        if (_warnedOn == today) return;
        _warnedOn = today;
        foreach (var shortfall in CalendarCoverage.Shortfalls(schools, today))
            logger.LogWarning("School calendar too short: {Shortfall}; school-time deadlines after that are estimates (upload holiday data via PUT /api/kalender/vakanties)", shortfall.Bericht);
    }
}
