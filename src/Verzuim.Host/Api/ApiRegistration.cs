using Microsoft.AspNetCore.Diagnostics;
using Verzuim.Host.Audit;
using Verzuim.Host.Cases;
using Verzuim.Host.Definitions;
using Verzuim.Host.ErrorQueue;
using Verzuim.Host.Incidents;
using Verzuim.Host.Messaging;
using Verzuim.Host.Migrations;
using Verzuim.Host.Overview;
using Verzuim.Host.Privacy;
using Verzuim.Host.Schools;
using Verzuim.Host.Tasks;
using Verzuim.Workflows.Parsing;
using Verzuim.Workflows.Runtime;

namespace Verzuim.Host.Api;

/// <summary>The HTTP API under /api: minimal API groups per feature, OpenAPI at /openapi/v1.json, errors as RFC 9457 problem details.</summary>
public static class ApiRegistration
{
    public static IServiceCollection AddVerzuimApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            var error = ctx.Exception ?? ctx.HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error;
            if (error is null) return;
            var status = ctx.ProblemDetails.Status ?? 500;
            if (status == StatusCodes.Status500InternalServerError) return; // no internals leave the host
            ctx.ProblemDetails.Title = ApiErrors.TitleFor(error) ?? ctx.ProblemDetails.Title;
            ctx.ProblemDetails.Detail = ApiErrors.DetailFor(error);
            if (error is BpmnValidationException bpmn) ctx.ProblemDetails.Extensions["problemen"] = bpmn.Problems.Select(ProblemDto.From).ToList();
            if (error is TaskValidationException form) ctx.ProblemDetails.Extensions["fouten"] = form.Errors;
        });
        services.AddExceptionHandler<ExpectedErrorHandler>();
        // a body that does not bind (malformed JSON) is an exception the handler turns into problem details, not an empty 400
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddOpenApi("v1", o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Verzuim API";
            document.Info.Description = "Escalatieprotocollen bij schoolverzuim: modellen, zaken, taken, incidenten en berichten.";
            return Task.CompletedTask;
        }));
        services.ConfigureHttpJsonOptions(o => ContractJson.Configure(o.SerializerOptions));
        services.AddScoped<AuditLog>();
        services.AddMigrations();
        services.AddScoped<CaseAccess>();
        services.AddSingleton<CaseReader>();
        services.AddSingleton<Overview.OverviewCharts>();
        services.Configure<PrivacyOptions>(configuration.GetSection("Privacy"));
        services.Configure<RetentionOptions>(configuration.GetSection("Bewaartermijnen"));
        services.AddSingleton<RetentionJob>();
        services.AddHostedService(sp => sp.GetRequiredService<RetentionJob>());
        return services;
    }

    public static WebApplication UseVerzuimProblemDetails(this WebApplication app)
    {
        // domain exceptions become problem details that name the problem; anything else is a 500 without internals
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = ApiErrors.StatusFor,
            // a refusal is logged once, as a warning, by ExpectedErrorHandler; only real failures get the error with its stack
            SuppressDiagnosticsCallback = c => ApiErrors.StatusFor(c.Exception) < StatusCodes.Status500InternalServerError,
        });
        return app;
    }

    public static IEndpointRouteBuilder MapVerzuimApi(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapDefinitions();
        app.MapMigrations();
        app.MapCases();
        app.MapTasks();
        app.MapIncidents();
        app.MapMessages();
        app.MapAudit();
        app.MapErrorQueue();
        app.MapOverview();
        app.MapCalendar();
        return app;
    }
}

/// <summary>A BPMN problem as the API and the studio show it: the element, the rule it breaks, the message.</summary>
public sealed record ProblemDto(string ElementId, string? ElementNaam, string Regel, string Melding)
{
    public static ProblemDto From(BpmnProblem p) => new(p.ElementId, p.ElementName, p.Rule, p.Message);
}
