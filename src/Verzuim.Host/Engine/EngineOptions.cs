namespace Verzuim.Host.Engine;

/// <summary>Configuration section "Engine".</summary>
public sealed class EngineOptions
{
    /// <summary>Where the BPMN models are loaded from when the store has none (relative to the content root or absolute).</summary>
    public string WorkflowsPath { get; set; } = "workflows";
    public TimeSpan TimerPollInterval { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>Due timers fired in one transaction (the engine's WorkflowEngineOptions.TimerBatchSize); unset: the engine's default.</summary>
    public int? TimerBatchSize { get; set; }
}
