using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Verzuim.Host.Operations;

public static class HealthEndpoints
{
    /// <summary>Liveness has no dependencies (restart only a hung process); readiness covers the store, the message bus and the school calendars' coverage.</summary>
    public static IServiceCollection AddVerzuimHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<StoreHealthCheck>("store", tags: ["ready"])
            .AddCheck<CalendarHealthCheck>("kalender", tags: ["ready"]); // degraded, not unhealthy: the service still works
        return services;
    }

    public static void MapVerzuimHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        // MassTransit registers its bus check with the "ready" tag
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = WriteAsync });
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), e.Value.Description }),
        }));
    }
}
