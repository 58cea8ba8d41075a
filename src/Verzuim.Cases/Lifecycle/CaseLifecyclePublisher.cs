using System.Text.Json.Nodes;
using Verzuim.Contracts;
using Verzuim.Workflows.Model;
using Verzuim.Workflows.Runtime;
using Verzuim.Workflows.Stores;

namespace Verzuim.Cases.Lifecycle;

/// <summary>
/// The case lifecycle other systems receive (CaseGeopend, StapGewijzigd, TaakAangemaakt, CaseGesloten), written to the
/// outbox in the engine's unit of work; only for pupil cases (leerlingId and schoolId known), keyed by the case's
/// business key. Opening, step and closing are said for cases only, tasks also for called fragments.
/// </summary>
public sealed class CaseLifecyclePublisher : IExecutionObserver
{
    public void InstanceStarted(ObservedInstance instance)
    {
        if (instance.ParentInstanceId is null)
            Publish(instance, nameof(CaseGeopend), new JsonObject { ["model"] = instance.ProcessId, ["versie"] = instance.DefinitionVersion });
    }

    public void StepEntered(ObservedInstance instance, FlowNode node)
    {
        if (instance.ParentInstanceId is null)
            Publish(instance, nameof(StapGewijzigd), new JsonObject { ["model"] = instance.ProcessId, ["stap"] = node.Step });
    }

    public void UserTaskCreated(ObservedInstance instance, UserTask node, TaskRecord task) =>
        Publish(instance, nameof(TaakAangemaakt), new JsonObject
        {
            ["taakId"] = task.Id, ["taak"] = node.DisplayName, ["rol"] = task.CandidateRole, ["vervaldatum"] = task.DueAt,
        });

    public void InstanceEnded(ObservedInstance instance, InstanceStatus status, EndEvent? lastEnd)
    {
        if (instance.ParentInstanceId is null)
            Publish(instance, nameof(CaseGesloten), new JsonObject
            {
                ["model"] = instance.ProcessId, ["uitkomst"] = status == InstanceStatus.Terminated && lastEnd is null ? "beëindigd" : lastEnd?.Name,
            });
    }

    private static void Publish(ObservedInstance instance, string name, JsonObject payload)
    {
        if (instance.Variable(CaseVariables.LeerlingId) is not JsonValue leerling || instance.Variable(CaseVariables.SchoolId) is not JsonValue school) return;
        payload["leerlingId"] = leerling.DeepClone();
        payload["schoolId"] = school.DeepClone();
        instance.AddOutbox(name, instance.BusinessKey, payload);
    }
}
