using Microsoft.Extensions.DependencyInjection;
using Verzuim.Cases.Attendance;
using Verzuim.Cases.Audit;
using Verzuim.Cases.Calendars;
using Verzuim.Cases.Duo;
using Verzuim.Cases.ErrorMessages;
using Verzuim.Cases.Incidents;
using Verzuim.Cases.Mail;
using Verzuim.Cases.Notes;
using Verzuim.Cases.People;
using Verzuim.Cases.Retention;
using Verzuim.Cases.Sessions;
using Verzuim.Cases.Thuiszitters;
using Verzuim.Workflows.Management;
using Verzuim.Cases.Tasks;
using Verzuim.Persistence.Management;

namespace Verzuim.Cases;

public static class CasesRegistration
{
    /// <summary>The domain services the host calls, and the engine's query API they and the host read through.</summary>
    public static IServiceCollection AddVerzuimCases(this IServiceCollection services)
    {
        services.AddWorkflowManagement();
        services.AddSingleton<AuditTrail>();
        // the inbound pipeline's domain steps, on the WorkflowEngine the host registers
        services.AddSingleton<AttendanceLedger>();
        services.AddSingleton<DuoMeldingCorrelation>();
        services.AddSingleton<CalendarData>();
        services.AddSingleton<FirstAbsenceDays>();
        services.AddSingleton<MailOutbox>();
        services.AddSingleton<CaseNotes>();
        services.AddSingleton<ErrorMessageStore>();
        services.AddSingleton<PersonStore>();
        services.AddSingleton<RevokedSessions>();
        services.AddSingleton<RetentionPurge>();
        services.AddSingleton<ThuiszitterData>();
        services.AddSingleton<CaseSteps>();
        services.AddSingleton<TaskWork>();
        services.AddSingleton<IncidentWork>();
        return services;
    }
}
