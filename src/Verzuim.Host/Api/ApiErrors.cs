using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Verzuim.Host.Audit;
using Verzuim.Host.Tasks;
using Verzuim.Host.Messaging;
using Verzuim.Host.Privacy;
using Verzuim.Workflows.Parsing;
using Verzuim.Workflows.Runtime;
using Verzuim.Workflows.Simulation;

namespace Verzuim.Host.Api;

/// <summary>
/// What an exception means to the caller: the status, a Dutch title, and a detail that names the field. One place
/// for the mapping, used by the handler below and by the problem-details customisation.
/// </summary>
public static class ApiErrors
{
    public static int StatusFor(Exception error) => error switch
    {
        BpmnValidationException or TaskValidationException or InvalidPupilEventException or JsonException or FormatException
            or StartConditionException or MessageIdReusedException or ScenarioException or FreeTextRefusedException => StatusCodes.Status422UnprocessableEntity,
        KeyNotFoundException => StatusCodes.Status404NotFound,
        ForbiddenException => StatusCodes.Status403Forbidden,
        InvalidOperationException => StatusCodes.Status409Conflict,
        BadHttpRequestException b => b.StatusCode,
        _ => StatusCodes.Status500InternalServerError,
    };

    public static string? TitleFor(Exception error) => error switch
    {
        BpmnValidationException => "Het BPMN-model is ongeldig",
        TaskValidationException => "De formuliergegevens kloppen niet",
        InvalidPupilEventException or JsonException or FormatException or MessageIdReusedException => "Het bericht is ongeldig",
        ScenarioException => "De simulatie kan niet draaien",
        FreeTextRefusedException => "Deze tekst mag niet in Verzuim worden opgeslagen",
        BadHttpRequestException => "Het verzoek is ongeldig",
        KeyNotFoundException => "Niet gevonden",
        ForbiddenException => "Geen toegang",
        _ => null,
    };

    public static string DetailFor(Exception error) => error switch
    {
        // a body that is no JSON, or JSON of the wrong shape: say where, not the framework's English
        BadHttpRequestException { InnerException: JsonException json } => $"De body is geen geldige JSON of heeft niet de verwachte vorm{Where(json)}.",
        _ => error.Message,
    };

    public static string Where(JsonException json) =>
        (json.Path is { Length: > 1 } path ? $" bij veld '{path.TrimStart('$', '.')}'" : "")
        + (json.LineNumber is { } line ? $" (regel {line + 1}, positie {json.BytePositionInLine + 1})" : "");
}

/// <summary>
/// An expected refusal (4xx) is the caller's mistake, not ours: one warning line without a stack trace and a problem
/// details body. Anything else falls through to the framework's handler, which logs it as an error and answers 500.
/// </summary>
public sealed class ExpectedErrorHandler(IProblemDetailsService problemDetails, ILogger<ExpectedErrorHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception error, CancellationToken ct)
    {
        var status = ApiErrors.StatusFor(error);
        if (status >= StatusCodes.Status500InternalServerError) return false;
        logger.LogWarning("{Method} {Path} refused with {Status}: {Reason}", http.Request.Method, http.Request.Path, status, ApiErrors.DetailFor(error));
        // a signed-in user refused a case or task (not theirs, or not there) is a processing attempt the audit log keeps
        if (status is StatusCodes.Status403Forbidden or StatusCodes.Status404NotFound && http.User.Identity?.IsAuthenticated == true
            && (http.Request.Path.StartsWithSegments("/api/cases") || http.Request.Path.StartsWithSegments("/api/tasks")))
            await http.RequestServices.GetRequiredService<AuditLog>().WriteAsync(AuditLog.AccessRefused, AuditedEndpoints.CaseIdOf(http),
                detail: $"{status}: {http.Request.Method} {http.Request.Path}: {error.Message}", ct: ct, result: AuditLog.Refused);
        http.Response.StatusCode = status;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http, Exception = error, ProblemDetails = { Status = status },
        });
    }
}
