using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Verzuim.Host.Auth;
using Verzuim.Persistence;
using Verzuim.Workflows.Stores;

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

    /// <summary>Cases (top-level instances) of the caller's schools.</summary>
    public IQueryable<InstanceRecord> Cases(WorkflowDbContext db)
    {
        var schools = caller.Schools.ToList();
        return db.Instances.AsNoTracking().Where(i => i.ParentInstanceId == null && i.SchoolId != null && schools.Contains(i.SchoolId));
    }

    /// <summary>Instances (cases and the sub-cases they called) of the caller's schools: tasks may sit in either.</summary>
    public IQueryable<InstanceRecord> Instances(WorkflowDbContext db)
    {
        var schools = caller.Schools.ToList();
        return db.Instances.AsNoTracking().Where(i => i.SchoolId != null && schools.Contains(i.SchoolId));
    }

    public async Task<InstanceRecord> CaseAsync(WorkflowDbContext db, Guid id, CancellationToken ct) =>
        await Cases(db).FirstOrDefaultAsync(i => i.Id == id, ct) ?? throw new KeyNotFoundException($"Zaak {id} bestaat niet.");

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
