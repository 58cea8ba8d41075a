using Microsoft.AspNetCore.DataProtection;

namespace Verzuim.Host.Auth;

/// <summary>
/// Cookies (and the login's state) are encrypted with ASP.NET Core's data-protection keys. Replicas behind one
/// address must share them, or a cookie from one replica is unreadable on the other: <c>DataProtection:KeysPath</c>
/// names a directory all replicas mount (compose: a shared volume). Without it, each host keeps its own keys in its
/// home directory, which is right for one host and wrong for replicas in containers.
/// </summary>
public static class DataProtectionRegistration
{
    public const string ApplicationName = "verzuim";

    public static IServiceCollection AddVerzuimDataProtection(this IServiceCollection services, IConfiguration configuration)
    {
        var builder = services.AddDataProtection().SetApplicationName(ApplicationName);
        if (configuration["DataProtection:KeysPath"] is { Length: > 0 } path)
            builder.PersistKeysToFileSystem(Directory.CreateDirectory(path));
        return services;
    }
}
