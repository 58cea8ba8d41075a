using Verzuim.Workflows.Migration;

namespace Verzuim.Host.Migrations;

/// <summary>
/// Runs the running migration batches in the background, a few cases per batch per round so batches share the host;
/// woken when a batch starts or resumes, and every few seconds to pick up batches another host started or one that
/// was running when this host stopped.
/// </summary>
public sealed class MigrationBatchService(MigrationBatchRunner runner, Engine.StoreInitializer store, Schools.CalendarStore calendars,
    ILogger<MigrationBatchService> logger) : BackgroundService
{
    private const int CasesPerRound = 25;
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(5);
    private readonly SemaphoreSlim _wake = new(0);

    public void Wake()
    {
        if (_wake.CurrentCount == 0) _wake.Release();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try { await store.Ready.WaitAsync(stoppingToken); } // no batch tables before the store is migrated
        catch (OperationCanceledException) { return; }
        while (!stoppingToken.IsCancellationRequested)
        {
            var handled = 0;
            try
            {
                // due dates are counted on the schools' calendars as they are now, also when another host changed them
                await calendars.EnsureCurrentAsync(stoppingToken);
                foreach (var batchId in await runner.Batches.RunningAsync(stoppingToken))
                    handled += await runner.RunAsync(batchId, CasesPerRound, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception e)
            {
                logger.LogError(e, "Migration batch round failed; the next round tries again");
            }
            if (handled > 0) continue;
            try { await _wake.WaitAsync(Poll, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }
}
