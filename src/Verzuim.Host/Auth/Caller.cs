using System.Security.Claims;
using Verzuim.Host.Schools;

namespace Verzuim.Host.Auth;

/// <summary>The signed-in person or system, as the API needs it: name, roles, schools, and the task roles their schools give them.</summary>
public sealed class Caller
{
    private readonly SchoolDirectory _schools;

    public Caller(ClaimsPrincipal principal, SchoolDirectory schools)
    {
        _schools = schools;
        Principal = principal;
        UserName = principal.FindFirst(ClaimNames.UserName)?.Value ?? principal.FindFirst(ClaimNames.Subject)?.Value
            ?? principal.Identity?.Name ?? "onbekend";
        DisplayName = principal.FindFirst(ClaimNames.Name)?.Value ?? UserName;
        Roles = principal.FindAll(ClaimNames.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        Schools = principal.FindAll(ClaimNames.School).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
    }

    public ClaimsPrincipal Principal { get; }
    public string UserName { get; }
    public string DisplayName { get; }
    public IReadOnlySet<string> Roles { get; }
    public IReadOnlySet<string> Schools { get; }

    public bool IsInRole(string role) => Roles.Contains(role);
    public bool MaySeeMedicalDetail => Verzuim.Host.Auth.Roles.Medical.Any(Roles.Contains);
    public bool HasSchool(string? schoolId) => schoolId is not null && Schools.Contains(schoolId);

    /// <summary>The task roles this caller holds at a school: their access roles plus what the school assigns to them by name.</summary>
    public IReadOnlySet<string> TaskRolesAt(string? schoolId)
    {
        var roles = new HashSet<string>(Roles, StringComparer.Ordinal);
        if (HasSchool(schoolId)) roles.UnionWith(_schools.TaskRolesOf(schoolId!, UserName));
        return roles;
    }
}
