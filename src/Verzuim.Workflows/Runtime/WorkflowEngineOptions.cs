using System.Text.Json.Nodes;
using Verzuim.Workflows.Expressions;
using Verzuim.Workflows.Time;

namespace Verzuim.Workflows.Runtime;

public sealed class WorkflowEngineOptions
{
    /// <summary>The calendar a case's timers count in, chosen from its variables.</summary>
    public Func<JsonObject, SchoolCalendar> CalendarResolver { get; set; } = _ => SchoolCalendar.WeekendsOnly;
    /// <summary>How long an unmatched message waits for a subscription when it names no time-to-live itself; zero: not buffered.</summary>
    public TimeSpan DefaultMessageTimeToLive { get; set; } = TimeSpan.FromHours(1);
    /// <summary>
    /// Hooks called inside each command's unit of work as instances start, enter a marked step, create user tasks and
    /// end (e.g. the host's case lifecycle messages). None by default: simulations have nobody to tell.
    /// </summary>
    public IList<IExecutionObserver> Observers { get; set; } = new List<IExecutionObserver>();

    /// <summary>
    /// The variable whose text value the engine keeps in the instance's indexed scope column
    /// (<see cref="Stores.InstanceRecord.SchoolId"/>), so queries can filter cases by it. None by default.
    /// </summary>
    public string? ScopeVariable { get; set; }
    public int MaxAttempts { get; set; } = 8;
    /// <summary>
    /// Due timers fired in one transaction (claimed together, committed once; each with its own command budget).
    /// 1 fires each timer in its own transaction.
    /// </summary>
    public int TimerBatchSize { get; set; } = 50;
    public ExpressionLimits ExpressionLimits { get; set; } = ExpressionLimits.Default;
    public CommandLimits CommandLimits { get; set; } = CommandLimits.Default;

    /// <summary>
    /// Variables the host owns (e.g. who the case is about, values it computes). Merged form or message data never
    /// writes them; only a start event's data, an explicit verzuim:output in the model, or an operator (SetVariables)
    /// does. Empty by default; the host sets its own.
    /// </summary>
    public ISet<string> ProtectedVariables { get; set; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Variables whose every change the engine writes to the timeline (<see cref="Stores.TimelineKind.VariableChanged"/>),
    /// so who changed them and when can be read back after the value is overwritten (e.g. the regie). Empty by default.
    /// </summary>
    public ISet<string> HistoryVariables { get; set; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
}
