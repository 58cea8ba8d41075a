using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Verzuim.Persistence;
using Verzuim.Workflows.Runtime;
using Verzuim.Workflows.Time;

namespace Verzuim.Cases.Attendance;

/// <summary>
/// A pupil's registrations, and what they mean in school time. Recording an <c>AbsentieGeregistreerd</c> adds it
/// to the ledger (once per message id), computes the signals in the school's calendar, and hands the message with
/// its <c>signalen</c> to the engine: a model's start condition may open a case, an open case may be waiting for it,
/// and every open case of the pupil gets the fresh signals as variable <c>signalen</c>.
/// <para>All of it is one transaction under the engine's lock of the pupil's key (an advisory lock on PostgreSQL,
/// the single writer on SQLite), so registrations of one pupil that arrive at the same moment are applied one after
/// the other: each sees every earlier one, and a case opens exactly once when the threshold is crossed.</para>
/// <para>The peildatum is the latest registered day up to today (or the registration's own day if later): a
/// registration that arrives after a later day's (a correction, or a burst delivered out of order) is counted in
/// the pupil's state as it is now, instead of in a past state that did not yet hold the later days. Days after
/// today (leave registered in advance) do not move the peildatum.</para>
/// </summary>
public sealed class AttendanceLedger(WorkflowEngine engine)
{
    public const string MessageName = "AbsentieGeregistreerd";
    /// <summary>The signals are computed here, so a waiting case may take them from the message (they are protected otherwise).</summary>
    private static readonly IReadOnlySet<string> SignalsOnly = new HashSet<string> { "signalen" };

    public Task<CorrelationResult> RecordAsync(AbsenceRegistration registration, SchoolCalendar calendar,
        IReadOnlySet<string>? startableProcesses = null, CancellationToken ct = default)
    {
        var batched = Message(registration, calendar, startableProcesses);
        return engine.CorrelateAsync(batched.Message, batched.Prepare!, ct);
    }

    /// <summary>
    /// The registration as the engine correlates it, alone (<see cref="RecordAsync"/>) or with other messages in one
    /// transaction (<see cref="WorkflowEngine.CorrelateBatchAsync"/>): the ledger's entry and the signals are its
    /// preparation step, run under the pupil's lock in the correlation's unit of work.
    /// </summary>
    public BatchedMessage Message(AbsenceRegistration registration, SchoolCalendar calendar, IReadOnlySet<string>? startableProcesses = null)
    {
        // an absence nobody waits for is not kept for later waits: the next registration brings fresher signals
        var message = new IncomingMessage(registration.MessageId, MessageName, registration.LeerlingId, registration.ToPayload(),
            TimeSpan.Zero, startableProcesses, TrustedVariables: SignalsOnly);
        return new BatchedMessage(message, async (store, token) =>
        {
            // the ledger's rows go through the engine's own unit of work: one transaction for both
            var entries = await AppendAndReadAsync(((IEfUnitOfWork)store).Db, registration, token);
            var today = DateOnly.FromDateTime(ZonedTime.ToLocal(engine.Clock.UtcNow, ZonedTime.Amsterdam));
            var signals = AttendanceSignalCalculator.Compute(entries, Peildatum(entries, registration.Datum, today), calendar).ToJson();
            var payload = registration.ToPayload();
            payload["signalen"] = signals;
            return new PreparedMessage(payload, new JsonObject { ["signalen"] = signals.DeepClone() });
        });
    }

    /// <summary>The registration's day, or the latest registered day up to today when that is later.</summary>
    public static DateOnly Peildatum(IEnumerable<AttendanceEntry> entries, DateOnly registered, DateOnly today)
    {
        var latest = entries.Where(e => e.Datum <= today).Select(e => e.Datum).DefaultIfEmpty(registered).Max();
        return latest > registered ? latest : registered;
    }

    private static async Task<List<AttendanceEntry>> AppendAndReadAsync(WorkflowDbContext db, AbsenceRegistration r, CancellationToken ct)
    {
        if (!await db.AttendanceEntries.AnyAsync(e => e.MessageId == r.MessageId, ct))
        {
            db.AttendanceEntries.Add(new AttendanceEntryRecord
            {
                MessageId = r.MessageId, LeerlingId = r.LeerlingId, SchoolId = r.SchoolId, Datum = r.Datum,
                Soort = r.Soort.ToString(), Uren = r.Uren, Minuten = r.Minuten, RecordedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync(ct); // inside the correlation's transaction: the read below sees it
        }
        // the longest window is the school year plus three months before a September registration
        var from = r.Datum.AddMonths(-15);
        var rows = await db.AttendanceEntries.AsNoTracking()
            .Where(e => e.LeerlingId == r.LeerlingId && e.Datum >= from).ToListAsync(ct);
        return rows.Select(e => new AttendanceEntry(e.Datum, AbsenceKinds.Parse(e.Soort), e.Uren, e.Minuten)).ToList();
    }
}
