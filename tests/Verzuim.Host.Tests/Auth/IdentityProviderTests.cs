using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Verzuim.Host.Tests.Auth;

/// <summary>
/// The built-in development identity provider (demo users, known secrets, password grant) is on only in the
/// Development environment or with --dev; bearer tokens always carry the right audience.
/// </summary>
public sealed class IdentityProviderTests
{
    private const string Issuer = "https://idp.test/realms/verzuim";
    private static readonly SymmetricSecurityKey SigningKey = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    /// <summary>What a production deployment configures: an external provider, environment Production.</summary>
    private static Dictionary<string, string?> Production(IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["environment"] = "Production",
            ["Auth:Authority"] = Issuer,
            ["Auth:RequireHttpsMetadata"] = "false",
        };
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>()) settings[k] = v;
        return settings;
    }

    [Fact]
    public async Task In_production_the_development_provider_is_off_its_token_endpoint_and_login_page_do_not_exist()
    {
        await using var host = await VerzuimHost.StartAsync(settings: Production());
        var client = host.CreateClient();
        var token = await client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["username"] = "beheerder", ["password"] = "demo",
            ["client_id"] = "verzuim", ["client_secret"] = "verzuim-dev-geheim",
        }));
        Assert.Equal(HttpStatusCode.NotFound, token.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/dev/login")).StatusCode);
    }

    [Fact]
    public async Task In_production_the_setting_alone_does_not_turn_the_development_provider_on_the_host_refuses_to_start()
    {
        await using var host = VerzuimHost.Create(await Verzuim.Workflows.Tests.Support.TestDatabase.CreateEmptyAsync("auth"),
            settings: Production(new Dictionary<string, string?> { ["Auth:DevIdentityProvider"] = "true" }));
        var error = Record.Exception(() => host.Services);
        Assert.NotNull(error);
        var messages = string.Join(" | ", Chain(error));
        Assert.Contains("Auth:DevIdentityProvider", messages);
        Assert.Contains("--dev", messages);
    }

    [Fact]
    public async Task A_bearer_token_without_the_verzuim_audience_is_refused_even_when_no_audience_is_configured()
    {
        await using var host = await VerzuimHost.StartAsync(settings: Production(), services: s =>
            s.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o =>
            {
                // the test is the provider: its issuer and key, no metadata over the network
                var configuration = new OpenIdConnectConfiguration { Issuer = Issuer };
                configuration.SigningKeys.Add(SigningKey);
                o.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(configuration);
            }));

        async Task<HttpStatusCode> MeWith(string? audience)
        {
            var client = host.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(audience));
            return (await client.GetAsync("/api/me")).StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await MeWith("verzuim")); // the default audience: the token is otherwise good
        Assert.Equal(HttpStatusCode.Unauthorized, await MeWith("een-andere-dienst"));
        Assert.Equal(HttpStatusCode.Unauthorized, await MeWith(null));
    }

    private static string Token(string? audience) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = Issuer,
        Audience = audience,
        Subject = new ClaimsIdentity([new Claim("sub", "beheerder"), new Claim("preferred_username", "beheerder"), new Claim("roles", "beheerder")]),
        Expires = DateTime.UtcNow.AddMinutes(10),
        SigningCredentials = new SigningCredentials(SigningKey, SecurityAlgorithms.HmacSha256),
    });

    private static IEnumerable<string> Chain(Exception? e)
    {
        for (; e is not null; e = e.InnerException) yield return e.Message;
    }
}
