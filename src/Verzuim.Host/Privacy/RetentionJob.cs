using Microsoft.Extensions.Options;
using Verzuim.Cases.Retention;
using Verzuim.Host.Audit;
using Verzuim.Host.Engine;
using Verzuim.Workflows.Time;

namespace Verzuim.Host.Privacy;

/// <summary>
/// Deletes what has outlived its term (<see cref="RetentionOptions"/>): closed cases with everything about them,
/// attendance registrations, buffered messages past their time-to-live, processed message ids, handled error messages,
/// on a timer. The purge itself, one host at a time and in one transaction with its audit entries, is
/// <see cref="RetentionPurge"/>.
/// </summary>
public sealed class RetentionJob(RetentionPurge purge, StoreInitializer initializer, IClock clock, IOptions<RetentionOptions> options,
    ILogger<RetentionJob> logger) : BackgroundService
{
    public const string Actor = "systeem:bewaartermijnen";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Aan) return;
        try { await initializer.Ready.WaitAsync(stoppingToken); }
        catch (OperationCanceledException) { return; }
        while (!stoppingToken.IsCancellationRequested)
        {
            try { await PurgeAsync(stoppingToken); }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            catch (Exception e) { logger.LogError(e, "Retention purge failed; retrying after the interval"); }
            try { await Task.Delay(options.Value.Interval, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
    }

    /// <summary>One run; returns the number of rows deleted per kind (null when another host holds the lock).</summary>
    public async Task<IReadOnlyDictionary<string, int>?> PurgeAsync(CancellationToken ct)
    {
        var terms = options.Value;
        var counts = await purge.PurgeAsync(new RetentionTerms(terms.GeslotenZaken, terms.Absenties, terms.VerwerkteBerichten, terms.AfgehandeldeFoutberichten),
            clock.UtcNow, Actor, AuditLog.RetentionPurged, ct);
        if (counts is null) return null;
        if (counts.Values.Any(n => n > 0))
            logger.LogInformation("Retention purge: {Cases} closed cases, {Absences} absences, {Buffered} buffered and {Processed} processed messages, {Errors} handled error-queue messages",
                counts["geslotenZaken"], counts["absenties"], counts["gebufferdeBerichten"], counts["verwerkteBerichten"], counts["afgehandeldeFoutberichten"]);
        return counts;
    }
}
