using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Verzuim.Host.Auth.Dev;

/// <summary>
/// Registers the web client and the system client once the server listens: the redirect addresses depend on
/// the port the host got (tests start it on a free one).
/// </summary>
public sealed class DevClientRegistration(IServiceProvider services, IHostApplicationLifetime lifetime, ILogger<DevClientRegistration> logger) : IHostedService
{
    private readonly TaskCompletionSource _registered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Registered => _registered.Task;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => _ = RegisterAsync());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task RegisterAsync()
    {
        try
        {
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DevIdentityDbContext>().Database.EnsureCreatedAsync();
            var manager = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
            var web = new OpenIddictApplicationDescriptor
            {
                ClientId = DevIdentityProvider.WebClientId, ClientSecret = DevIdentityProvider.WebClientSecret,
                ClientType = ClientTypes.Confidential, DisplayName = "Verzuim (web)",
                Permissions =
                {
                    Permissions.Endpoints.Authorization, Permissions.Endpoints.Token, Permissions.Endpoints.EndSession,
                    Permissions.GrantTypes.AuthorizationCode, Permissions.GrantTypes.Password, Permissions.ResponseTypes.Code,
                    Permissions.Scopes.Profile, Permissions.Scopes.Email, Permissions.Scopes.Roles, Permissions.Prefixes.Scope + "school",
                },
                Requirements = { Requirements.Features.ProofKeyForCodeExchange },
            };
            foreach (var origin in SelfAddresses.All(scope.ServiceProvider))
            {
                web.RedirectUris.Add(new Uri(origin + "/signin-oidc"));
                web.PostLogoutRedirectUris.Add(new Uri(origin + "/signout-callback-oidc"));
            }
            await manager.CreateAsync(web);
            await manager.CreateAsync(new OpenIddictApplicationDescriptor
            {
                ClientId = DevIdentityProvider.SystemClientId, ClientSecret = DevIdentityProvider.SystemClientSecret,
                ClientType = ClientTypes.Confidential, DisplayName = "Koppeling (demo)",
                Permissions = { Permissions.Endpoints.Token, Permissions.GrantTypes.ClientCredentials },
            });
            _registered.TrySetResult();
        }
        catch (Exception e)
        {
            logger.LogError(e, "Development identity provider: registering the clients failed");
            _registered.TrySetException(e);
        }
    }
}

/// <summary>The origins this host answers on, as browsers write them (a wildcard address becomes localhost and 127.0.0.1).</summary>
public static class SelfAddresses
{
    public static IReadOnlyList<string> All(IServiceProvider services)
    {
        var addresses = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var origins = new List<string>();
        foreach (var address in addresses)
        {
            var uri = new Uri(address.Replace("://+", "://localhost").Replace("://*", "://localhost").Replace("://0.0.0.0", "://localhost").Replace("://[::]", "://localhost"));
            foreach (var host in new[] { uri.Host, "localhost", "127.0.0.1" }.Distinct())
                origins.Add($"{uri.Scheme}://{host}:{uri.Port}");
        }
        return origins.Count > 0 ? origins.Distinct().ToList() : ["http://localhost"];
    }
}
