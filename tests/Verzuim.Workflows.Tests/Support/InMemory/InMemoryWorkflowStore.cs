using System.Reflection;
using Verzuim.Workflows.Stores;

namespace Verzuim.Workflows.Tests.Support.InMemory;

/// <summary>
/// The engine's store in process memory, for the unit tier: token semantics without a database server.
/// Committed rows are kept as private copies; a unit of work works on its own copies (it sees its own writes) and
/// commit applies them at once. A row changed or removed by another commit since this unit of work read it (the
/// instance's version check, a timer fired twice), a duplicate key or a second open case per business key fails the
/// commit with <see cref="InMemoryConflictException"/>, which is transient like a database's conflicts: the engine
/// runs the command again. Due timers are claimed (skipped by other units of work until the claimer ends), and the
/// publishing and correlation locks are one writer lock (SQLite's single writer), held until the unit of work ends.
/// </summary>
public sealed class InMemoryWorkflowStore : IWorkflowStore
{
    internal readonly object Gate = new();
    internal readonly Dictionary<Type, Dictionary<object, Row>> Tables = [];
    internal readonly HashSet<Guid> ClaimedTimers = [];
    internal readonly SemaphoreSlim WriterLock = new(1, 1);
    internal long Identity;

    internal sealed class Row(object value, long stamp)
    {
        public object Value { get; } = value;
        public long Stamp { get; } = stamp;
    }

    public Task<IWorkflowUnitOfWork> BeginAsync(CancellationToken ct = default) => Task.FromResult<IWorkflowUnitOfWork>(new InMemoryUnitOfWork(this));

    public bool IsTransient(Exception e) => e is InMemoryConflictException || e.InnerException is not null && IsTransient(e.InnerException);

    public Task<DateTimeOffset?> NextTimerDueAsync(CancellationToken ct = default) =>
        Task.FromResult(Rows<SubscriptionRecord>().Where(s => s.Kind is SubscriptionKind.Timer or SubscriptionKind.TimerStart && s.DueAt is not null)
            .Select(s => s.DueAt).Min());

    public Task<DefinitionRecord?> FindDefinitionAsync(Guid id, CancellationToken ct = default) =>
        Task.FromResult(Rows<DefinitionRecord>().FirstOrDefault(d => d.Id == id));

    /// <summary>Copies of the committed rows of one kind, in insertion order (for assertions).</summary>
    public List<T> Rows<T>() where T : class
    {
        lock (Gate)
            return Tables.TryGetValue(typeof(T), out var table) ? table.Values.Select(r => Copy((T)r.Value)).ToList() : [];
    }

    // ---- rows --------------------------------------------------------------------------------------------

    private static readonly MethodInfo MemberwiseCloneMethod = typeof(object).GetMethod("MemberwiseClone", BindingFlags.Instance | BindingFlags.NonPublic)!;

    /// <summary>The records hold only values and strings, so a shallow copy is a full one.</summary>
    internal static T Copy<T>(T row) where T : class => (T)MemberwiseCloneMethod.Invoke(row, null)!;

    internal static bool SameValues(object a, object b) =>
        a.GetType().GetProperties().Where(p => p.CanRead && p.GetIndexParameters().Length == 0).All(p => Equals(p.GetValue(a), p.GetValue(b)));

    /// <summary>The primary key of each kind of row, as the relational store has it.</summary>
    internal static object KeyOf(object row) => row switch
    {
        DefinitionRecord d => d.Id,
        InstanceRecord i => i.Id,
        SubscriptionRecord s => s.Id,
        TaskRecord t => t.Id,
        TimelineRecord t => t.Id,
        OutboxRecord o => o.Position,
        IncidentRecord i => i.Id,
        ProcessedMessageRecord p => p.MessageId,
        BufferedMessageRecord b => b.MessageId,
        _ => throw new NotSupportedException($"Geen sleutel bekend voor {row.GetType().Name}."),
    };

    /// <summary>Store-generated keys (identity columns), assigned at commit in insertion order.</summary>
    internal void AssignIdentity(object row)
    {
        switch (row)
        {
            case TimelineRecord { Id: 0 } t: t.Id = ++Identity; break;
            case OutboxRecord { Position: 0 } o: o.Position = ++Identity; break;
        }
    }

    /// <summary>The unique indexes the relational store enforces, over the rows as they would be after a commit.</summary>
    internal static string? UniqueViolation(Type type, IEnumerable<object> rows) => type switch
    {
        _ when type == typeof(InstanceRecord) => Duplicate(rows.Cast<InstanceRecord>()
            .Where(i => i.BusinessKey is not null && i.ParentInstanceId is null && i.Status is InstanceStatus.Running or InstanceStatus.Incident)
            .Select(i => (i.ProcessId, i.BusinessKey)), "ux_instances_open_case"),
        _ when type == typeof(DefinitionRecord) => Duplicate(rows.Cast<DefinitionRecord>().Select(d => (d.ProcessId, d.Version)), "definitions (ProcessId, Version)"),
        _ when type == typeof(TimelineRecord) => Duplicate(rows.Cast<TimelineRecord>().Select(t => (t.InstanceId, t.Sequence)), "timeline (InstanceId, Sequence)"),
        _ when type == typeof(OutboxRecord) => Duplicate(rows.Cast<OutboxRecord>().Select(o => o.Id), "outbox (Id)"),
        _ => null,
    };

    private static string? Duplicate<TKey>(IEnumerable<TKey> keys, string index)
    {
        var seen = new HashSet<TKey>();
        foreach (var key in keys)
            if (!seen.Add(key)) return $"dubbele sleutel {key} in {index}";
        return null;
    }
}

/// <summary>Another unit of work committed a conflicting change first: the command is safe to run again.</summary>
public sealed class InMemoryConflictException(string message) : Exception(message);
