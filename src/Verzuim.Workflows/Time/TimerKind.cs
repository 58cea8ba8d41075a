namespace Verzuim.Workflows.Time;

/// <summary>The three BPMN timer definitions: timeDate, timeDuration and timeCycle.</summary>
public enum TimerKind
{
    /// <summary>Fires once at a fixed moment (BPMN timeDate).</summary>
    Date,

    /// <summary>Fires once, a duration after the timer is activated (BPMN timeDuration).</summary>
    Duration,

    /// <summary>Fires repeatedly at an interval (BPMN timeCycle).</summary>
    Cycle,
}
