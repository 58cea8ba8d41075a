using Microsoft.Extensions.Options;
using Verzuim.Workflows.Runtime;

namespace Verzuim.Host.Engine;

/// <summary>
/// Fires due timers. Every host runs one; the engine claims each timer row with a row lock, so several hosts
/// never fire the same timer, and timers that came due while all hosts were down fire on the first poll.
/// </summary>
public sealed class TimerPoller(WorkflowEngine engine, IOptions<EngineOptions> options, ILogger<TimerPoller> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var fired = await engine.FireDueTimersAsync(100, stoppingToken);
                if (fired == 100) continue; // more are due: no pause
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            catch (Exception e) { logger.LogError(e, "Firing due timers failed; retrying after the poll interval"); }
            try { await Task.Delay(options.Value.TimerPollInterval, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
    }
}
