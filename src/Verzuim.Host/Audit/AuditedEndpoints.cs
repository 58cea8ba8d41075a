namespace Verzuim.Host.Audit;

/// <summary>
/// Every read of personal data leaves a line in the audit log, in the shape of VNG's Verwerkingenlogging: who
/// (the user), when, which verwerkingsactiviteit (the action), about which case (the route's case id) and with
/// which result ("gelukt" here; refusals are written by the error handler as <see cref="AuditLog.AccessRefused"/>).
/// Result and pupil have their own columns; the detail is the request.
/// </summary>
public static class AuditedEndpoints
{
    /// <summary>Writes <paramref name="action"/> after the endpoint answered without an error.</summary>
    public static RouteHandlerBuilder Audited(this RouteHandlerBuilder endpoint, string action) =>
        endpoint.AddEndpointFilter(async (context, next) =>
        {
            var result = await next(context);
            var http = context.HttpContext;
            var audit = http.RequestServices.GetRequiredService<AuditLog>();
            await audit.WriteAsync(action, CaseIdOf(http), detail: $"{http.Request.Path}{http.Request.QueryString}", ct: http.RequestAborted);
            return result;
        });

    /// <summary>
    /// The case a /api/cases/{id} route is about; other routes name their object in the detail. Read from the path,
    /// not the route values: the error handler that audits refusals runs after routing cleared them.
    /// </summary>
    public static Guid? CaseIdOf(HttpContext http) =>
        http.Request.Path.StartsWithSegments("/api/cases", out var rest)
        && Guid.TryParse(rest.Value?.TrimStart('/').Split('/')[0], out var caseId)
            ? caseId : null;
}
