using Microsoft.EntityFrameworkCore;
using Verzuim.Host.Auth;
using Verzuim.Workflows.Persistence;

namespace Verzuim.Host.Audit;

public static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/audit", async (Guid? caseId, string? gebruiker, string? leerlingId, int? max, WorkflowStore store, CancellationToken ct) =>
        {
            await using var db = store.CreateContext();
            var query = db.AuditLog.AsNoTracking();
            if (caseId is { } id) query = query.Where(a => a.CaseId == id);
            if (!string.IsNullOrWhiteSpace(gebruiker)) query = query.Where(a => a.User == gebruiker);
            if (!string.IsNullOrWhiteSpace(leerlingId)) query = query.Where(a => a.LeerlingId == leerlingId);
            var rows = await query.OrderByDescending(a => a.Id).Take(Math.Clamp(max ?? 500, 1, 5000)).ToListAsync(ct);
            return rows.Select(a => new { op = a.At, gebruiker = a.User, actie = a.Action, caseId = a.CaseId, schoolId = a.SchoolId, leerlingId = a.LeerlingId, resultaat = a.Result, detail = a.Detail });
        }).RequireAuthorization(Policies.Audit).WithTags("Audit").WithSummary("Wie las of wijzigde welke zaak of leerling, met het resultaat (nieuwste eerst)");
        return app;
    }
}
