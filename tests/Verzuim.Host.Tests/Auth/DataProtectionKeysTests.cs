using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Verzuim.Host.Auth;

namespace Verzuim.Host.Tests.Auth;

/// <summary>
/// Two replicas configured with the same DataProtection:KeysPath read each other's protected data (cookies): the
/// key ring lives in that directory, not in each host's home.
/// </summary>
public sealed class DataProtectionKeysTests
{
    private static IDataProtector Replica(string? keysPath)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["DataProtection:KeysPath"] = keysPath }).Build();
        var services = new ServiceCollection().AddVerzuimDataProtection(configuration).BuildServiceProvider();
        return services.GetRequiredService<IDataProtectionProvider>().CreateProtector("Microsoft.AspNetCore.Authentication.Cookies");
    }

    [Fact]
    public void Replicas_sharing_the_keys_directory_read_each_others_cookies()
    {
        var keys = Directory.CreateTempSubdirectory("verzuim-keys-").FullName;
        try
        {
            var cookie = Replica(keys).Protect("sessie van kernteam-a");

            Assert.NotEmpty(Directory.GetFiles(keys, "key-*.xml")); // the ring is in the shared directory
            Assert.Equal("sessie van kernteam-a", Replica(keys).Unprotect(cookie));
            var elsewhere = Directory.CreateTempSubdirectory("verzuim-keys-").FullName;
            Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => Replica(elsewhere).Unprotect(cookie));
            Directory.Delete(elsewhere, recursive: true);
        }
        finally { Directory.Delete(keys, recursive: true); }
    }
}
