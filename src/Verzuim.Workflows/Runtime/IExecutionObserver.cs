using Verzuim.Workflows.Model;
using Verzuim.Workflows.Stores;

namespace Verzuim.Workflows.Runtime;

/// <summary>
/// A hook the host plugs into the engine (<see cref="WorkflowEngineOptions.Observers"/>), called for every instance,
/// called ones included (<see cref="ObservedInstance.ParentInstanceId"/>), inside the command's unit of work: what
/// it writes (<see cref="ObservedInstance.AddOutbox"/>) commits or rolls back with the change it observes, after the
/// outbox rows the model wrote before it. It must not change the instance.
/// </summary>
public interface IExecutionObserver
{
    /// <summary>The instance started; its start event's data is in the variables.</summary>
    void InstanceStarted(ObservedInstance instance) { }

    /// <summary>A node with a step mark (<see cref="FlowNode.Step"/>) was entered and the instance's step changed to it.</summary>
    void StepEntered(ObservedInstance instance, FlowNode node) { }

    void UserTaskCreated(ObservedInstance instance, UserTask node, TaskRecord task) { }

    /// <summary>The instance completed or was terminated; <paramref name="lastEnd"/> is the end event reached last, if any.</summary>
    void InstanceEnded(ObservedInstance instance, InstanceStatus status, EndEvent? lastEnd) { }
}
