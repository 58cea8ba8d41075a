using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using OpenIddict.Validation.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Verzuim.Host.Auth.Dev;

/// <summary>
/// A real OpenID Connect provider (OpenIddict) inside the host, with the demo users, so the embedded default logs
/// people in through the same code flow as production does against Keycloak. Only registered when
/// Auth:DevIdentityProvider is true, which only the Development environment or --dev allow.
/// </summary>
public static class DevIdentityProvider
{
    public const string LoginScheme = "DevIdentity";
    public const string WebClientId = "verzuim";
    public const string WebClientSecret = "verzuim-dev-geheim";
    public const string SystemClientId = "verzuim-koppeling";
    public const string SystemClientSecret = "koppeling-geheim";
    public const string BearerScheme = OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme;

    public static IServiceCollection AddDevIdentityProvider(this IServiceCollection services, string audience)
    {
        // one open connection keeps the in-memory database alive for the host's lifetime
        var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        services.AddDbContext<DevIdentityDbContext>(o => o.UseSqlite(connection).UseOpenIddict());

        services.AddAuthentication().AddCookie(LoginScheme, o =>
        {
            o.Cookie.Name = "verzuim.dev-idp";
            o.LoginPath = "/dev/login";
        });

        services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<DevIdentityDbContext>())
            .AddServer(o =>
            {
                o.SetAuthorizationEndpointUris("connect/authorize")
                    .SetTokenEndpointUris("connect/token")
                    .SetEndSessionEndpointUris("connect/logout");
                o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                o.AllowClientCredentialsFlow();
                // development only: tests and scripts get a person's token without a browser
                o.AllowPasswordFlow();
                o.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.Email, Scopes.Roles, "school");
                o.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
                o.DisableAccessTokenEncryption();
                o.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough()
                    .DisableTransportSecurityRequirement();
            })
            .AddValidation(o =>
            {
                o.UseLocalServer();
                o.AddAudiences(audience); // as with an external provider: a token for another audience is refused
                o.UseAspNetCore();
            });

        services.AddSingleton<DevClientRegistration>();
        services.AddHostedService(sp => sp.GetRequiredService<DevClientRegistration>());
        return services;
    }

    public static IEndpointRouteBuilder MapDevIdentityProvider(this IEndpointRouteBuilder app)
    {
        app.MapGet("/dev/login", (string? returnUrl) => Results.Content(DevLoginPage.Render(returnUrl, null), "text/html; charset=utf-8")).ExcludeFromDescription();
        app.MapPost("/dev/login", async (HttpContext http) =>
        {
            var form = await http.Request.ReadFormAsync();
            var returnUrl = form["returnUrl"].ToString();
            var user = DemoUsers.Find(form["username"], form["password"]);
            if (user is null)
                return Results.Content(DevLoginPage.Render(returnUrl, "Onbekende gebruiker of verkeerd wachtwoord."), "text/html; charset=utf-8", statusCode: 401);
            var identity = new ClaimsIdentity(LoginScheme, ClaimNames.Name, ClaimNames.Role);
            identity.AddClaim(new Claim(ClaimNames.Subject, user.UserName));
            await http.SignInAsync(LoginScheme, new ClaimsPrincipal(identity));
            return Results.LocalRedirect(LocalReturnUrl.OrRoot(returnUrl));
        }).DisableAntiforgery().ExcludeFromDescription();

        app.MapMethods("/connect/authorize", ["GET", "POST"], async (HttpContext http) =>
        {
            var login = await http.AuthenticateAsync(LoginScheme);
            var user = login.Succeeded ? DemoUsers.All.FirstOrDefault(u => u.UserName == login.Principal!.FindFirst(ClaimNames.Subject)?.Value) : null;
            if (user is null)
                return Results.Challenge(new AuthenticationProperties { RedirectUri = http.Request.PathBase + http.Request.Path + http.Request.QueryString }, [LoginScheme]);
            var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Geen OpenID Connect-verzoek.");
            return Results.SignIn(UserPrincipal(http, user, request.GetScopes()), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }).DisableAntiforgery().ExcludeFromDescription();

        app.MapPost("/connect/token", async (HttpContext http) =>
        {
            var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Geen OpenID Connect-verzoek.");
            if (request.IsClientCredentialsGrantType())
            {
                var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, ClaimNames.Name, ClaimNames.Role);
                identity.AddClaim(new Claim(ClaimNames.Subject, request.ClientId!));
                identity.AddClaim(new Claim(ClaimNames.Name, request.ClientId!));
                identity.AddClaim(new Claim(ClaimNames.UserName, request.ClientId!));
                identity.AddClaim(new Claim(ClaimNames.Role, Roles.Koppeling));
                return SignIn(http, identity, request.GetScopes());
            }
            if (request.IsPasswordGrantType())
            {
                var user = DemoUsers.Find(request.Username, request.Password);
                if (user is null) return Forbid(Errors.InvalidGrant, "Onbekende gebruiker of verkeerd wachtwoord.");
                return Results.SignIn(UserPrincipal(http, user, request.GetScopes()), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            }
            if (request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType())
            {
                var result = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
                var user = DemoUsers.All.FirstOrDefault(u => u.UserName == result.Principal?.FindFirst(ClaimNames.Subject)?.Value);
                if (user is null) return Forbid(Errors.InvalidGrant, "De gebruiker bestaat niet meer.");
                return Results.SignIn(UserPrincipal(http, user, result.Principal!.GetScopes()), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            }
            return Forbid(Errors.UnsupportedGrantType, "Deze grant wordt niet ondersteund.");
        }).DisableAntiforgery().ExcludeFromDescription();

        app.MapMethods("/connect/logout", ["GET", "POST"], async (HttpContext http) =>
        {
            await http.SignOutAsync(LoginScheme);
            return Results.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }).DisableAntiforgery().ExcludeFromDescription();
        return app;
    }

    private static IResult SignIn(HttpContext http, ClaimsIdentity identity, IEnumerable<string> scopes)
    {
        identity.SetScopes(scopes);
        identity.SetResources(Audience(http));
        identity.SetDestinations(_ => [Destinations.AccessToken, Destinations.IdentityToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static string Audience(HttpContext http) =>
        http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<AuthOptions>>().Value.Audience;

    private static ClaimsPrincipal UserPrincipal(HttpContext http, DemoUsers.DemoUser user, IEnumerable<string> scopes)
    {
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, ClaimNames.Name, ClaimNames.Role);
        identity.AddClaim(new Claim(ClaimNames.Subject, user.UserName));
        identity.AddClaim(new Claim(ClaimNames.UserName, user.UserName));
        identity.AddClaim(new Claim(ClaimNames.Name, user.Name));
        identity.AddClaim(new Claim(Notifications.PersonDirectory.EmailClaim, user.Email));
        foreach (var role in user.Roles) identity.AddClaim(new Claim(ClaimNames.Role, role));
        foreach (var school in user.Schools) identity.AddClaim(new Claim(ClaimNames.School, school));
        identity.SetScopes(scopes);
        identity.SetResources(Audience(http));
        identity.SetDestinations(_ => [Destinations.AccessToken, Destinations.IdentityToken]);
        return new ClaimsPrincipal(identity);
    }

    private static IResult Forbid(string error, string description) => Results.Forbid(
        new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
