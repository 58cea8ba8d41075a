namespace Verzuim.Host.Auth;

/// <summary>Section "Auth". Either the built-in development identity provider, or an external OIDC provider (Keycloak).</summary>
public sealed class AuthOptions
{
    /// <summary>
    /// The built-in identity provider with demo users and known secrets. On only in the Development environment
    /// (appsettings.Development.json, which `dotnet run` uses by launchSettings.json) or with <c>--dev</c>; never in production.
    /// </summary>
    public bool DevIdentityProvider { get; set; }
    /// <summary>Set by <c>--dev</c> only: the development provider outside the Development environment, on purpose.</summary>
    public bool DevIdentityProviderExplicit { get; set; }
    /// <summary>The external provider's issuer, e.g. https://keycloak.example/realms/verzuim.</summary>
    public string? Authority { get; set; }
    /// <summary>The provider's address as this host reaches it when it differs from what browsers use (compose networks).</summary>
    public string? MetadataAddress { get; set; }
    public string ClientId { get; set; } = "verzuim";
    public string? ClientSecret { get; set; }
    /// <summary>The audience every bearer token must carry (always checked; Keycloak adds it with an audience mapper).</summary>
    public string Audience { get; set; } = DefaultAudience;
    public const string DefaultAudience = "verzuim";
    public bool RequireHttpsMetadata { get; set; } = true;
}
