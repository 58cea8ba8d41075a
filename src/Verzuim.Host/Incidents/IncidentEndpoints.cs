using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Verzuim.Host.Audit;
using Verzuim.Host.Auth;
using Verzuim.Host.Cases;
using Verzuim.Workflows.Persistence;
using Verzuim.Workflows.Runtime;

namespace Verzuim.Host.Incidents;

/// <summary>Tokens that could not go on, for the operator: the element, the reason, and a retry once the cause is fixed.</summary>
public static class IncidentEndpoints
{
    public static IEndpointRouteBuilder MapIncidents(this IEndpointRouteBuilder app)
    {
        var incidents = app.MapGroup("/api/incidents").RequireAuthorization(Policies.Incidents).WithTags("Incidenten");

        incidents.MapGet("/", async (bool? opgelost, WorkflowStore store, CaseAccess access, CancellationToken ct) =>
        {
            await using var db = store.CreateContext();
            var query = db.Incidents.AsNoTracking();
            query = opgelost == true ? query.Where(i => i.ResolvedAt != null) : query.Where(i => i.ResolvedAt == null);
            var rows = await query.OrderBy(i => i.CreatedAt)
                .Join(db.Instances, i => i.InstanceId, c => c.Id, (i, c) => new { Incident = i, Instance = c })
                .Take(1000).ToListAsync(ct);
            // the reason may quote a medical value of the case (a failing condition over it): redacted for this role
            var parentIds = rows.Select(r => r.Instance.ParentInstanceId).OfType<Guid>().Distinct().ToList();
            var parents = await db.Instances.AsNoTracking().Where(c => parentIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Variables, ct);
            return rows.Select(r => new
            {
                id = r.Incident.Id, caseId = r.Instance.ParentInstanceId ?? r.Instance.Id, instanceId = r.Instance.Id, model = r.Instance.ProcessId,
                versie = r.Instance.DefinitionVersion, schoolId = r.Instance.SchoolId, elementId = r.Incident.ElementId,
                reden = access.Readable(r.Incident.Reason, Variables(r.Instance.Variables),
                    r.Instance.ParentInstanceId is { } parent ? Variables(parents.GetValueOrDefault(parent)) : null),
                op = r.Incident.CreatedAt, opgelostOp = r.Incident.ResolvedAt,
            }).ToList();
        }).WithSummary("Incidenten (standaard de open)");

        incidents.MapPost("/{id:guid}/retry", async (Guid id, WorkflowEngine engine, WorkflowStore store, AuditLog audit, CancellationToken ct) =>
        {
            await using var db = store.CreateContext();
            var incident = await db.Incidents.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct) ?? throw new KeyNotFoundException($"Incident {id} bestaat niet.");
            await engine.RetryIncidentAsync(id, ct);
            await audit.WriteAsync(AuditLog.IncidentRetried, incident.InstanceId, detail: incident.ElementId, ct: ct);
            return Results.NoContent();
        }).WithSummary("Het token opnieuw proberen; een nieuwe fout wordt een nieuw incident");
        return app;
    }

    private static JsonObject? Variables(string? json) => json is null ? null : JsonNode.Parse(json) as JsonObject;
}
