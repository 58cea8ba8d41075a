namespace Verzuim.Host.Auth.Dev;

/// <summary>One demo user per role for the built-in identity provider; password "demo". Mirrors the Keycloak realm in docker/.</summary>
public static class DemoUsers
{
    public const string Password = "demo";
    private static readonly string[] AllDemoSchools = ["S-APD-01", "S-GRO-01", "S-ICH-01", "S-TWE-01", "S-VO-01"];

    public sealed record DemoUser(string UserName, string Name, string[] Roles, string[] Schools)
    {
        /// <summary>Where notification mails go (the provider's "email" claim); example.org addresses never leave a test SMTP server.</summary>
        public string Email => $"{UserName}@verzuim-demo.example.org";
    }

    public static readonly IReadOnlyList<DemoUser> All =
    [
        new("eigenaar", "Eva Eigenaar (procesEigenaar)", [Auth.Roles.ProcesEigenaar], []),
        new("kernteam-a", "Karin Kernteam (Apeldoorn)", [Auth.Roles.Kernteamlid], ["S-APD-01"]),
        new("kernteam-a2", "Koen Kernteam (Apeldoorn)", [Auth.Roles.Kernteamlid], ["S-APD-01"]),
        new("kernteam-b", "Bram Kernteam (Groningen)", [Auth.Roles.Kernteamlid], ["S-GRO-01"]),
        new("school-ichthus", "Ilse Ichthus (Dronten)", [Auth.Roles.Kernteamlid], ["S-ICH-01"]),
        new("school-twente", "Tim Twente", [Auth.Roles.Kernteamlid], ["S-TWE-01"]),
        new("school-vo", "Vera VO-school", [Auth.Roles.Kernteamlid], ["S-VO-01"]),
        new("voorzitter", "Victor Voorzitter (actietafel)", [Auth.Roles.VoorzitterActietafel], ["S-APD-01", "S-GRO-01"]),
        new("lpa", "Lotte Leerplicht", [Auth.Roles.Leerplichtambtenaar], AllDemoSchools),
        new("jeugdarts", "Joost Jeugdarts", [Auth.Roles.Jeugdarts], ["S-APD-01"]),
        new("beheerder", "Bea Beheer", [Auth.Roles.Beheerder], []),
    ];

    public static DemoUser? Find(string? userName, string? password) =>
        password == Password ? All.FirstOrDefault(u => string.Equals(u.UserName, userName?.Trim(), StringComparison.OrdinalIgnoreCase)) : null;
}
