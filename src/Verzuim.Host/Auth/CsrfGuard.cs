namespace Verzuim.Host.Auth;

/// <summary>
/// A change to /api made with the session cookie must carry the X-Verzuim-Csrf header. A form or image on another
/// site cannot set a custom header, so it cannot act with the user's session. Bearer calls carry no cookie risk.
/// </summary>
public sealed class CsrfGuard(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http)
    {
        var request = http.Request;
        if (request.Path.StartsWithSegments("/api")
            && !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !HttpMethods.IsOptions(request.Method)
            && request.Cookies.ContainsKey("verzuim.sessie")
            && !request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            && !request.Headers.ContainsKey(AuthRegistration.CsrfHeader))
        {
            await Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "CSRF-header ontbreekt",
                detail: $"Een wijziging met de sessiecookie moet de header {AuthRegistration.CsrfHeader} meesturen.").ExecuteAsync(http);
            return;
        }
        await next(http);
    }
}
