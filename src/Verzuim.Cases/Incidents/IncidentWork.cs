using Verzuim.Cases.Audit;
using Verzuim.Workflows.Runtime;

namespace Verzuim.Cases.Incidents;

/// <summary>An operator's retry of a stopped token, in one transaction with its audit entry.</summary>
public sealed class IncidentWork(WorkflowEngine engine, AuditTrail audit)
{
    /// <summary>Resolves the incident and runs the token again (a new failure makes a new incident); the entry commits with it.</summary>
    public Task RetryAsync(Guid incidentId, AuditEntry entry, CancellationToken ct) =>
        engine.RetryIncidentAsync(incidentId, audit.InUnitOfWork(entry), ct);
}
