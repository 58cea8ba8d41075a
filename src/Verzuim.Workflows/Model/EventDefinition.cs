namespace Verzuim.Workflows.Model;

using Verzuim.Workflows.Time;

public abstract record EventDefinition;

/// <summary>
/// A message by name (the contract name, e.g. "GesprekGehouden") with the expression that yields its
/// correlation key from the case variables (verzuim:correlationKey on bpmn:message). No key: matches any message of the name.
/// </summary>
public sealed record MessageEventDefinition(string MessageName, string? CorrelationKey) : EventDefinition;

/// <summary>Timer text is a literal (ISO 8601 or school time such as "3 schoolweken") or "=expression".</summary>
public sealed record TimerEventDefinition(TimerKind Kind, string Text) : EventDefinition
{
    public bool IsExpression => Text.StartsWith('=');
}

public sealed record TerminateEventDefinition : EventDefinition;
