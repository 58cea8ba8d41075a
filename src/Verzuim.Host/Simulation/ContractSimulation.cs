using Verzuim.Contracts;
using Verzuim.Workflows.Simulation;

namespace Verzuim.Host.Simulation;

/// <summary>Simulations accept every message other systems may send, as the service does.</summary>
public static class ContractSimulation
{
    public static readonly SimulationOptions Options = new() { KnownMessages = MessageNames.Inbound, ProtectedVariables = CaseVariables.Protected };
}
