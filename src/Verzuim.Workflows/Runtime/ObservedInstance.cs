using System.Text.Json.Nodes;
using Verzuim.Workflows.Stores;

namespace Verzuim.Workflows.Runtime;

/// <summary>What an <see cref="IExecutionObserver"/> sees of an instance: its identity, its variables read-only, and the outbox.</summary>
public sealed class ObservedInstance
{
    private readonly InstanceExecution _execution;

    internal ObservedInstance(InstanceExecution execution) => _execution = execution;

    public Guid InstanceId => _execution.Record.Id;
    public string ProcessId => _execution.Model.Id;
    public int DefinitionVersion => _execution.Record.DefinitionVersion;
    public string? BusinessKey => _execution.Record.BusinessKey;
    /// <summary>The calling instance, for a called one; null for a case.</summary>
    public Guid? ParentInstanceId => _execution.Record.ParentInstanceId;
    public DateTimeOffset Now => _execution.Now;

    /// <summary>A variable's current value, or null; the node belongs to the instance: clone it (DeepClone) to keep or send it.</summary>
    public JsonNode? Variable(string name) => _execution.Variables[name];

    /// <summary>A message for other systems, written to the outbox in this unit of work (as a model's message end or throw event is).</summary>
    public void AddOutbox(string messageName, string? correlationKey, JsonObject payload) => _execution.AddOutbox(messageName, correlationKey, payload);
}
