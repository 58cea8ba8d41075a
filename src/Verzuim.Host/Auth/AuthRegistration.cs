using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Verzuim.Host.Auth.Dev;
using Verzuim.Host.Schools;

namespace Verzuim.Host.Auth;

/// <summary>
/// People sign in with OpenID Connect into a cookie session; systems send a bearer token. One policy scheme picks
/// per request, so every endpoint accepts both. The provider is Keycloak (Auth:Authority) or, for the embedded
/// default, the built-in development provider.
/// </summary>
public static class AuthRegistration
{
    public const string Scheme = "verzuim";
    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;
    public const string OidcScheme = OpenIdConnectDefaults.AuthenticationScheme;
    public const string CsrfHeader = "X-Verzuim-Csrf";

    public static IServiceCollection AddVerzuimAuth(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var options = configuration.GetSection("Auth").Get<AuthOptions>() ?? new AuthOptions();
        if (options.DevIdentityProvider && !environment.IsDevelopment() && !options.DevIdentityProviderExplicit)
            throw new InvalidOperationException($"Auth:DevIdentityProvider=true in omgeving '{environment.EnvironmentName}': de ingebouwde identiteitsprovider " +
                "(demogebruikers, bekende geheimen) staat alleen aan in Development of met --dev. Stel Auth:Authority in voor uw OpenID Connect-provider.");
        if (string.IsNullOrWhiteSpace(options.Audience))
            throw new InvalidOperationException("Auth:Audience is leeg: bearer-tokens worden altijd op hun audience gecontroleerd (standaard 'verzuim').");
        if (!options.DevIdentityProvider && string.IsNullOrWhiteSpace(options.Authority))
            throw new InvalidOperationException("Auth:Authority ontbreekt: stel de OpenID Connect-provider in, of zet Auth:DevIdentityProvider=true voor de ontwikkelomgeving.");
        services.Configure<AuthOptions>(configuration.GetSection("Auth"));
        var bearerScheme = options.DevIdentityProvider ? DevIdentityProvider.BearerScheme : JwtBearerDefaults.AuthenticationScheme;

        var auth = services.AddAuthentication(o =>
            {
                o.DefaultScheme = Scheme;
                o.DefaultChallengeScheme = Scheme;
            })
            .AddPolicyScheme(Scheme, "Cookie of bearer-token", o => o.ForwardDefaultSelector = http =>
                http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? bearerScheme : CookieScheme)
            .AddCookie(CookieScheme, o =>
            {
                o.Cookie.Name = "verzuim.sessie";
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.HttpOnly = true;
                o.LoginPath = "/account/login";
                o.AccessDeniedPath = "/account/geen-toegang";
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                // the API answers with a status, pages with a redirect to the login
                o.Events.OnRedirectToLogin = ctx => ApiOr(ctx, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = ctx => ApiOr(ctx, StatusCodes.Status403Forbidden);
                SessionRevocation.Configure(o);
            })
            .AddOpenIdConnect(OidcScheme, o =>
            {
                o.SignInScheme = CookieScheme;
                o.ClientId = options.DevIdentityProvider ? DevIdentityProvider.WebClientId : options.ClientId;
                o.ClientSecret = options.DevIdentityProvider ? DevIdentityProvider.WebClientSecret : options.ClientSecret;
                o.ResponseType = OpenIdConnectResponseType.Code;
                o.ResponseMode = OpenIdConnectResponseMode.Query;
                o.UsePkce = true;
                o.Scope.Clear();
                foreach (var scope in new[] { "openid", "profile", "email", "roles", "school" }) o.Scope.Add(scope);
                if (!options.DevIdentityProvider)
                {
                    o.Scope.Remove("school"); // Keycloak adds the school claim by a mapper on the client
                    o.Authority = options.Authority;
                    if (options.MetadataAddress is { Length: > 0 } metadata) o.MetadataAddress = metadata;
                }
                o.RequireHttpsMetadata = !options.DevIdentityProvider && options.RequireHttpsMetadata;
                o.MapInboundClaims = false;
                o.GetClaimsFromUserInfoEndpoint = false;
                o.SaveTokens = false;
                o.TokenValidationParameters.NameClaimType = ClaimNames.Name;
                o.TokenValidationParameters.RoleClaimType = ClaimNames.Role;
                o.CorrelationCookie.SameSite = SameSiteMode.Lax;
                o.NonceCookie.SameSite = SameSiteMode.Lax;
                o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.Events.OnTokenValidated = ctx =>
                {
                    ctx.Principal = Normalize(ctx.Principal!);
                    return Task.CompletedTask;
                };
            });

        if (options.DevIdentityProvider)
        {
            services.AddDevIdentityProvider(options.Audience);
            // the provider lives in this host: its address is only known once the server listens
            services.AddSingleton<IPostConfigureOptions<OpenIdConnectOptions>, DevOidcAuthority>();
        }
        else
        {
            auth.AddJwtBearer(JwtBearerDefaults.AuthenticationScheme, o =>
            {
                o.Authority = options.Authority;
                if (options.MetadataAddress is { Length: > 0 } metadata) o.MetadataAddress = metadata;
                o.Audience = options.Audience;
                o.TokenValidationParameters.ValidateAudience = true;
                o.RequireHttpsMetadata = options.RequireHttpsMetadata;
                o.MapInboundClaims = false;
                o.TokenValidationParameters.NameClaimType = ClaimNames.Name;
                o.TokenValidationParameters.RoleClaimType = ClaimNames.Role;
                o.Events = new JwtBearerEvents
                {
                    OnTokenValidated = ctx =>
                    {
                        ctx.Principal = Normalize(ctx.Principal!);
                        return Task.CompletedTask;
                    },
                };
            });
        }

        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Definitions, p => p.RequireRole(Roles.ProcesEigenaar))
            .AddPolicy(Policies.Migrations, p => p.RequireRole(Roles.ProcesEigenaar, Roles.Beheerder))
            .AddPolicy(Policies.Cases, p => p.RequireRole(Roles.CaseReaders))
            .AddPolicy(Policies.Overview, p => p.RequireRole(Roles.Overseers))
            .AddPolicy(Policies.Incidents, p => p.RequireRole(Roles.Beheerder))
            .AddPolicy(Policies.Messages, p => p.RequireRole(Roles.Koppeling, Roles.Beheerder))
            .AddPolicy(Policies.Audit, p => p.RequireRole(Roles.Beheerder))
            .AddPolicy(Policies.ErrorQueue, p => p.RequireRole(Roles.Beheerder));
        services.AddHttpContextAccessor();
        services.AddScoped(sp => new Caller(
            sp.GetRequiredService<IHttpContextAccessor>().HttpContext?.User ?? new ClaimsPrincipal(),
            sp.GetRequiredService<SchoolDirectory>()));
        return services;
    }

    public static WebApplication UseVerzuimAuth(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseMiddleware<CsrfGuard>();
        app.UseAuthorization();
        return app;
    }

    public static IEndpointRouteBuilder MapAccount(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<IOptions<AuthOptions>>().Value;
        if (options.DevIdentityProvider)
        {
            app.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Verzuim.Host.Auth").LogWarning(
                "DEVELOPMENT IDENTITY PROVIDER IS ON ({Reason}): demo users with password 'demo', known client secrets, password grant. " +
                "Anyone who reaches this host can sign in as any role. Never run it like this with real data; set Auth:Authority instead.",
                options.DevIdentityProviderExplicit ? "--dev" : "Development environment");
            app.MapDevIdentityProvider();
        }

        app.MapGet("/account/login", (string? returnUrl) => Results.Challenge(
            new AuthenticationProperties { RedirectUri = LocalReturnUrl.OrRoot(returnUrl) },
            [OidcScheme])).ExcludeFromDescription();
        app.MapPost("/account/logout", () => Results.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [CookieScheme, OidcScheme]))
            .ExcludeFromDescription();
        app.MapGet("/account/geen-toegang", () => Results.Content(
            "<!doctype html><html lang=\"nl\"><head><meta charset=\"utf-8\"><title>Geen toegang</title></head><body><main><h1>Geen toegang</h1>" +
            "<p>U bent ingelogd, maar uw rol geeft geen toegang tot deze pagina.</p><p><a href=\"/\">Naar de startpagina</a></p></main></body></html>",
            "text/html; charset=utf-8", statusCode: StatusCodes.Status403Forbidden)).ExcludeFromDescription();

        app.MapGet("/api/me", (Caller caller, SchoolDirectory schools) => new
        {
            gebruiker = caller.UserName,
            naam = caller.DisplayName,
            rollen = caller.Roles.Order(),
            scholen = caller.Schools.Order().Select(id => new { id, naam = schools.NameOf(id) }),
            taakrollen = caller.Schools.ToDictionary(id => id, id => caller.TaskRolesAt(id).Order()),
        }).RequireAuthorization().WithTags("Account").WithSummary("Wie ben ik: rollen, scholen en taakrollen per school");
        return app;
    }

    /// <summary>Keycloak writes roles as "roles"; the rest of the host reads "role".</summary>
    public static ClaimsPrincipal Normalize(ClaimsPrincipal principal)
    {
        if (principal.Identity is not ClaimsIdentity identity) return principal;
        foreach (var claim in identity.FindAll("roles").ToList())
            if (!identity.HasClaim(ClaimNames.Role, claim.Value)) identity.AddClaim(new Claim(ClaimNames.Role, claim.Value));
        return principal;
    }

    private static Task ApiOr(RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api"))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>The development provider's address is this host's own, known once the server listens.</summary>
    private sealed class DevOidcAuthority(IServiceProvider services) : IPostConfigureOptions<OpenIdConnectOptions>
    {
        public void PostConfigure(string? name, OpenIdConnectOptions options)
        {
            if (name != OidcScheme || options.Authority is not null) return;
            options.Authority = SelfAddresses.All(services)[0] + "/";
            options.ConfigurationManager = null;
            // post-configure of the handler itself already ran; build the configuration manager for this authority
            new OpenIdConnectPostConfigureOptions(services.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>())
                .PostConfigure(name, options);
        }
    }
}
