using System.Text.Json.Nodes;
using Verzuim.Workflows.Expressions;
using Verzuim.Workflows.Time;

namespace Verzuim.Workflows.Runtime;

public sealed class WorkflowEngineOptions
{
    /// <summary>The school calendar a case's timers count in, chosen from its variables (e.g. by schoolId).</summary>
    public Func<JsonObject, SchoolCalendar> CalendarResolver { get; set; } = _ => SchoolCalendar.WeekendsOnly;
    /// <summary>How long an unmatched message waits for a subscription when it names no time-to-live itself; zero: not buffered.</summary>
    public TimeSpan DefaultMessageTimeToLive { get; set; } = TimeSpan.FromHours(1);
    /// <summary>
    /// Also write the case lifecycle (CaseGeopend, StapGewijzigd, TaakAangemaakt, CaseGesloten) to the outbox, for
    /// cases that carry leerlingId and schoolId. Off in simulations, which have nobody to tell.
    /// </summary>
    public bool PublishCaseEvents { get; set; }
    public int MaxAttempts { get; set; } = 8;
    /// <summary>
    /// Due timers fired in one transaction (claimed together, committed once; each with its own command budget).
    /// 1 fires each timer in its own transaction.
    /// </summary>
    public int TimerBatchSize { get; set; } = 50;
    public ExpressionLimits ExpressionLimits { get; set; } = ExpressionLimits.Default;
    public CommandLimits CommandLimits { get; set; } = CommandLimits.Default;

    /// <summary>
    /// Variables the engine and host own: the case's school and pupil (they decide who sees the case), the attendance
    /// signals (computed from the ledger) and the regie. Merged form or message data never writes them; only a start
    /// event's data, an explicit verzuim:output in the model, or an operator (SetVariables) does. The host adds the
    /// medical variables (Privacy:MedischeVariabelen).
    /// </summary>
    public ISet<string> ProtectedVariables { get; set; } = new HashSet<string>(DefaultProtectedVariables, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Variables whose every change the engine writes to the timeline (<see cref="Stores.TimelineKind.VariableChanged"/>),
    /// so who changed them and when can be read back after the value is overwritten (e.g. the regie). Empty by default.
    /// </summary>
    public ISet<string> HistoryVariables { get; set; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    public static IReadOnlyList<string> DefaultProtectedVariables { get; } = ["schoolId", "leerlingId", "signalen", "regievoerder"];
}
