using System.Text.Json.Nodes;
using Verzuim.Cases.Audit;
using Verzuim.Workflows.Runtime;

namespace Verzuim.Cases.Incidents;

/// <summary>An operator's retry of a stopped token, with the correction of the case's data, in one transaction with its audit entry.</summary>
public sealed class IncidentWork(WorkflowEngine engine, AuditTrail audit)
{
    /// <summary>
    /// Sets the corrected variables, resolves the incident and runs the token again (a new failure makes a new incident,
    /// and the correction stays); the correction, the retry and the entry commit together or not at all.
    /// </summary>
    public Task RetryAsync(Guid incidentId, JsonObject? corrections, AuditEntry entry, CancellationToken ct) =>
        engine.RetryIncidentAsync(incidentId, corrections, audit.InUnitOfWork(entry), ct);
}
