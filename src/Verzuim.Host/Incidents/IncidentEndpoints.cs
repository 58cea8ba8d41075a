using Microsoft.EntityFrameworkCore;
using Verzuim.Host.Audit;
using Verzuim.Host.Auth;
using Verzuim.Workflows.Persistence;
using Verzuim.Workflows.Runtime;

namespace Verzuim.Host.Incidents;

/// <summary>Tokens that could not go on, for the operator: the element, the reason, and a retry once the cause is fixed.</summary>
public static class IncidentEndpoints
{
    public static IEndpointRouteBuilder MapIncidents(this IEndpointRouteBuilder app)
    {
        var incidents = app.MapGroup("/api/incidents").RequireAuthorization(Policies.Incidents).WithTags("Incidenten");

        incidents.MapGet("/", async (bool? opgelost, WorkflowStore store, CancellationToken ct) =>
        {
            await using var db = store.CreateContext();
            var query = db.Incidents.AsNoTracking();
            query = opgelost == true ? query.Where(i => i.ResolvedAt != null) : query.Where(i => i.ResolvedAt == null);
            return await query.OrderBy(i => i.CreatedAt)
                .Join(db.Instances, i => i.InstanceId, c => c.Id, (i, c) => new
                {
                    id = i.Id, caseId = c.ParentInstanceId ?? c.Id, instanceId = c.Id, model = c.ProcessId, versie = c.DefinitionVersion,
                    schoolId = c.SchoolId, elementId = i.ElementId, reden = i.Reason, op = i.CreatedAt, opgelostOp = i.ResolvedAt,
                })
                .Take(1000).ToListAsync(ct);
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
}
