namespace Verzuim.Host.Auth;

/// <summary>Claim types as both providers issue them (Keycloak's "roles" is folded into "role" on sign-in).</summary>
public static class ClaimNames
{
    public const string Subject = "sub";
    public const string Name = "name";
    public const string UserName = "preferred_username";
    public const string Role = "role";
    public const string School = "school";
}
