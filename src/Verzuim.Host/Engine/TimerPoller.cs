using Microsoft.Extensions.Options;
using Verzuim.Host.Operations;
using Verzuim.Workflows.Runtime;

namespace Verzuim.Host.Engine;

/// <summary>
/// Fires due timers. Every host runs one; the engine claims each timer row with a row lock, so several hosts
/// never fire the same timer, and timers that came due while all hosts were down fire on the first poll.
/// </summary>
public sealed class TimerPoller(WorkflowEngine engine, StoreInitializer store, Schools.CalendarStore calendars, IOptions<EngineOptions> options,
    VerzuimTelemetry telemetry, ILogger<TimerPoller> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try { await store.Ready.WaitAsync(stoppingToken); } // no polling of tables that are not migrated yet
        catch (OperationCanceledException) { return; }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // a timer that fires may schedule the next in school time: in the calendars as another host may have changed them
                await calendars.EnsureCurrentAsync(stoppingToken);
                // not cancelled by shutdown: a batch that started finishes (each timer is its own short transaction)
                var fired = await engine.FireDueTimersAsync(100, CancellationToken.None);
                telemetry.TimersFired(fired);
                if (fired == 100) continue; // more are due: no pause
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            catch (Exception e) { logger.LogError(e, "Firing due timers failed; retrying after the poll interval"); }
            try { await Task.Delay(options.Value.TimerPollInterval, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
    }
}
