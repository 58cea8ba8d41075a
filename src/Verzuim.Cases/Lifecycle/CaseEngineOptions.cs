using Verzuim.Contracts;
using Verzuim.Workflows.Runtime;

namespace Verzuim.Cases.Lifecycle;

/// <summary>What the engine is told of Verzuim's cases, wherever an engine runs them (the service, its tests, the bench).</summary>
public static class CaseEngineOptions
{
    /// <summary>
    /// Forms and messages never write the school, pupil, signals, regie or the medical detail except by an explicit
    /// mapping; the school is the indexed scope of every case; the case lifecycle goes to the outbox.
    /// </summary>
    public static WorkflowEngineOptions ForCases(WorkflowEngineOptions options, IEnumerable<string>? medical = null)
    {
        options.ProtectedVariables.UnionWith([.. CaseVariables.Protected, .. medical ?? []]);
        options.ScopeVariable = CaseVariables.SchoolId;
        options.Observers.Add(new CaseLifecyclePublisher());
        return options;
    }
}
