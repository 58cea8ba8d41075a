using Microsoft.Extensions.Diagnostics.HealthChecks;
using Verzuim.Host.Schools;
using Verzuim.Workflows.Time;

namespace Verzuim.Host.Operations;

/// <summary>Degraded when any configured school's holiday data covers less than the next 12 months (naming region and date).</summary>
public sealed class CalendarHealthCheck(SchoolDirectory schools, IClock clock) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var shortfalls = CalendarCoverage.Shortfalls(schools, SchoolCalendar.WeekendsOnly.LocalDate(clock.UtcNow));
        return Task.FromResult(shortfalls.Count == 0
            ? HealthCheckResult.Healthy($"vakantiedata voor alle scholen minstens {CalendarCoverage.MonthsAhead} maanden vooruit")
            : HealthCheckResult.Degraded(string.Join("; ", shortfalls.Select(s => s.Bericht))));
    }
}
