using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Verzuim.Host.Auth;
using Verzuim.Workflows.Management;

namespace Verzuim.Host.Cases;

/// <summary>Section "Privacy".</summary>
public sealed class PrivacyOptions
{
    /// <summary>Case variables with medical detail: shown only to roles in <see cref="Roles.Medical"/>. The advice's outcome is not among them.</summary>
    public List<string> MedischeVariabelen { get; set; } = ["jeugdartsToelichting"];
}

/// <summary>
/// The one place that decides which cases a caller sees: cases of their own schools only (another school's case
/// answers "not found", as if it did not exist), and medical detail only for roles that may see it.
/// </summary>
public sealed class CaseAccess(Caller caller, IOptions<PrivacyOptions> privacy)
{
    public Caller Caller => caller;

    /// <summary>The caller's schools, as the engine's queries take them.</summary>
    public CaseScope Scope => new(caller.Schools.ToList());

    /// <summary>A case of the caller's schools, or "not found" (another school's case does not exist for them).</summary>
    public async Task<CaseInstance> CaseAsync(ICaseQueries queries, Guid id, CancellationToken ct) =>
        await queries.CaseAsync(id, Scope, ct) ?? throw new KeyNotFoundException($"Zaak {id} bestaat niet.");

    public bool IsMedical(string variable) => privacy.Value.MedischeVariabelen.Contains(variable, StringComparer.OrdinalIgnoreCase);

    /// <summary>Engine-written text (an incident reason) as the caller may read it: without medical values unless their role may see them.</summary>
    public string? Readable(string? text, params JsonObject?[] variableSets) =>
        text is null || caller.MaySeeMedicalDetail ? text : MedicalRedaction.Redact(text, privacy.Value.MedischeVariabelen, variableSets);

    /// <summary>The variables the caller may see.</summary>
    public JsonObject Visible(JsonObject variables)
    {
        if (caller.MaySeeMedicalDetail) return variables;
        foreach (var name in variables.Select(v => v.Key).Where(IsMedical).ToList()) variables.Remove(name);
        return variables;
    }
}
