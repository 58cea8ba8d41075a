using Verzuim.Cases;
using Verzuim.Cases.Lifecycle;
using Verzuim.Host.Schools;
using Verzuim.Persistence;
using Verzuim.Workflows.Runtime;
using Verzuim.Workflows.Time;

namespace Verzuim.Host.Engine;

public static class EngineRegistration
{
    /// <summary>
    /// The engine on the store named by ConnectionStrings:Workflows: PostgreSQL ("Host=...") in production,
    /// SQLite ("Data Source=...") as the embedded default.
    /// </summary>
    public static IServiceCollection AddWorkflowEngine(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("Workflows")
            ?? throw new InvalidOperationException("ConnectionStrings:Workflows ontbreekt.");
        services.Configure<EngineOptions>(configuration.GetSection("Engine"));
        services.AddSingleton(new WorkflowStore(connectionString));
        services.AddVerzuimCases();
        services.AddSingleton<IClock>(SystemClock.Instance);
        services.Configure<SchoolOptions>(configuration.GetSection("Scholen"));
        services.AddSingleton<SchoolDirectory>();
        services.AddSingleton(sp =>
        {
            var schools = sp.GetRequiredService<SchoolDirectory>();
            var medical = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Cases.PrivacyOptions>>().Value.MedischeVariabelen;
            var engine = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<EngineOptions>>().Value;
            var options = new WorkflowEngineOptions
            {
                // regie and feedback date are overwritten by later steps; the case page shows each value they had
                HistoryVariables = new HashSet<string>(Cases.History.CaseHistory.Variables, StringComparer.OrdinalIgnoreCase),
                // school weeks count in the calendar of the case's school
                CalendarResolver = variables => schools.CalendarFor(variables["schoolId"] is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var id) ? id : null),
            };
            CaseEngineOptions.ForCases(options, medical);
            if (engine.TimerBatchSize is { } batch) options.TimerBatchSize = batch;
            return new WorkflowEngine(sp.GetRequiredService<WorkflowStore>(), sp.GetRequiredService<IClock>(), options);
        });
        services.AddSingleton<StoreInitializer>();
        services.AddHostedService(sp => sp.GetRequiredService<StoreInitializer>());
        services.AddHostedService<TimerPoller>();
        services.AddSingleton<CalendarStore>();
        services.AddHostedService<CalendarMonitor>();
        return services;
    }
}
