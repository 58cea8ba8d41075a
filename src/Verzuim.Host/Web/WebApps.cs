using Microsoft.Extensions.FileProviders;
using Verzuim.Host.Auth;

namespace Verzuim.Host.Web;

/// <summary>
/// The browser apps built from src/Verzuim.Web into the output's web/ folder. Assets are public (they hold no
/// data); each app's page is only served to someone signed in with a role that may use it.
/// </summary>
public static class WebApps
{
    public static WebApplication UseWebAssets(this WebApplication app)
    {
        var root = Path.Combine(app.Environment.ContentRootPath, "web");
        Directory.CreateDirectory(root);
        app.UseWhen(http => !(http.Request.Path.Value ?? "").EndsWith(".html", StringComparison.OrdinalIgnoreCase),
            branch => branch.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(root) }));
        return app;
    }

    public static IEndpointRouteBuilder MapWebApps(this IEndpointRouteBuilder app)
    {
        var root = Path.Combine(app.ServiceProvider.GetRequiredService<IHostEnvironment>().ContentRootPath, "web");
        app.MapGet("/studio/{**rest}", () => Page(root, "studio")).RequireAuthorization(Policies.Definitions).ExcludeFromDescription();
        foreach (var route in new[] { "/", "/taken", "/zaken/{**rest}", "/overzicht", "/register", "/kalender", "/storingen", "/foutberichten", "/audit" })
            app.MapGet(route, () => Page(root, "werkbak")).RequireAuthorization().ExcludeFromDescription();
        return app;
    }

    private static IResult Page(string root, string name)
    {
        var file = Path.Combine(root, name, "index.html");
        return File.Exists(file)
            ? Results.File(file, "text/html; charset=utf-8")
            : Results.Problem(statusCode: 404, title: "Front-end niet gebouwd", detail: $"{name}/index.html ontbreekt in {root}; bouw met `dotnet build`.");
    }
}
