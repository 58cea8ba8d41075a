namespace Verzuim.Host.Auth;

/// <summary>Section "Auth". Either the built-in development identity provider, or an external OIDC provider (Keycloak).</summary>
public sealed class AuthOptions
{
    /// <summary>The built-in identity provider with demo users. Only for the embedded default; never in production.</summary>
    public bool DevIdentityProvider { get; set; }
    /// <summary>The external provider's issuer, e.g. https://keycloak.example/realms/verzuim.</summary>
    public string? Authority { get; set; }
    /// <summary>The provider's address as this host reaches it when it differs from what browsers use (compose networks).</summary>
    public string? MetadataAddress { get; set; }
    public string ClientId { get; set; } = "verzuim";
    public string? ClientSecret { get; set; }
    /// <summary>The audience API tokens must carry; empty: not checked (Keycloak only adds one with an audience mapper).</summary>
    public string? Audience { get; set; }
    public bool RequireHttpsMetadata { get; set; } = true;
}
