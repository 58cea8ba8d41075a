using Microsoft.AspNetCore.Hosting;

namespace Verzuim.Host.Operations;

/// <summary>
/// http://localhost:5080 when nothing says otherwise. Whatever the deployment configures wins: ASPNETCORE_URLS
/// (the Dockerfile's port), --urls, Urls, HTTP_PORTS or Kestrel endpoints; that is why appsettings.json holds no Urls.
/// </summary>
public static class DefaultAddress
{
    public const string Url = "http://localhost:5080";

    public static void Apply(WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var configured = !string.IsNullOrWhiteSpace(config[WebHostDefaults.ServerUrlsKey])
                         || !string.IsNullOrWhiteSpace(config[WebHostDefaults.HttpPortsKey])
                         || !string.IsNullOrWhiteSpace(config[WebHostDefaults.HttpsPortsKey])
                         || config.GetSection("Kestrel:Endpoints").GetChildren().Any();
        if (!configured) builder.WebHost.UseUrls(Url);
    }
}
