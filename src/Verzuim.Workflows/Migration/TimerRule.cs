namespace Verzuim.Workflows.Migration;

/// <summary>How a mapped timer (or a task's due date) gets its due date in the target version.</summary>
public enum TimerRule
{
    /// <summary>
    /// The target's school-time duration counted from when the timer started, on the case's own school calendar: the
    /// school time already elapsed counts, holidays in between do not (the automatic rule for "4 schoolweken").
    /// </summary>
    ElapsedSchoolTime,

    /// <summary>The target's clock-time duration (P2W, PT12H) counted from when the timer started.</summary>
    ElapsedClockTime,

    /// <summary>The target's timer is a date: that date (unchanged when the date is the same).</summary>
    FixedDate,

    /// <summary>The due date stays as it was, whatever the target says (chosen by hand).</summary>
    KeepDueDate,
}
