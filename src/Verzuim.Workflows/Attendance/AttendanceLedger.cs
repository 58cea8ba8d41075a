using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Verzuim.Workflows.Persistence;
using Verzuim.Workflows.Runtime;
using Verzuim.Workflows.Time;

namespace Verzuim.Workflows.Attendance;

/// <summary>
/// A pupil's registrations, and what they mean in school time. Recording an <c>AbsentieGeregistreerd</c> adds it
/// to the ledger (once per message id), computes the signals as of that day in the school's calendar, and hands
/// the message with its <c>signalen</c> to the engine: a model's start condition may open a case, an open case
/// may be waiting for it, and every open case of the pupil gets the fresh signals as variable <c>signalen</c>.
/// </summary>
public sealed class AttendanceLedger(WorkflowStore store, WorkflowEngine engine)
{
    public const string MessageName = "AbsentieGeregistreerd";
    /// <summary>The signals are computed here, so a waiting case may take them from the message (they are protected otherwise).</summary>
    private static readonly IReadOnlySet<string> SignalsOnly = new HashSet<string> { "signalen" };

    public async Task<CorrelationResult> RecordAsync(AbsenceRegistration registration, SchoolCalendar calendar,
        IReadOnlySet<string>? startableProcesses = null, CancellationToken ct = default)
    {
        var entries = await AppendAndReadAsync(registration, ct);
        var signals = AttendanceSignalCalculator.Compute(entries, registration.Datum, calendar).ToJson();
        var payload = registration.ToPayload();
        payload["signalen"] = signals;
        // an absence nobody waits for is not kept for later waits: the next registration brings fresher signals
        var result = await engine.CorrelateAsync(new IncomingMessage(registration.MessageId, MessageName, registration.LeerlingId, payload,
            TimeSpan.Zero, startableProcesses, TrustedVariables: SignalsOnly), ct);
        if (result.Outcome != CorrelationOutcome.Duplicate)
            await RefreshOpenCasesAsync(registration.LeerlingId, signals, ct);
        return result;
    }

    private async Task<List<AttendanceEntry>> AppendAndReadAsync(AbsenceRegistration r, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        if (!await db.AttendanceEntries.AnyAsync(e => e.MessageId == r.MessageId, ct))
        {
            db.AttendanceEntries.Add(new AttendanceEntryRecord
            {
                MessageId = r.MessageId, LeerlingId = r.LeerlingId, SchoolId = r.SchoolId, Datum = r.Datum,
                Soort = r.Soort.ToString(), Uren = r.Uren, Minuten = r.Minuten, RecordedAt = DateTimeOffset.UtcNow,
            });
            try { await db.SaveChangesAsync(ct); }
            catch (DbUpdateException)
            {
                // a redelivery of the same message raced us and won: the entry is there, which is all we need
                await using var check = store.CreateContext();
                if (!await check.AttendanceEntries.AnyAsync(e => e.MessageId == r.MessageId, ct)) throw;
            }
        }
        // the longest window is the school year plus three months before a September registration
        var from = r.Datum.AddMonths(-15);
        var rows = await db.AttendanceEntries.AsNoTracking()
            .Where(e => e.LeerlingId == r.LeerlingId && e.Datum >= from && e.Datum <= r.Datum).ToListAsync(ct);
        return rows.Select(e => new AttendanceEntry(e.Datum, AbsenceKinds.Parse(e.Soort), e.Uren, e.Minuten)).ToList();
    }

    private async Task RefreshOpenCasesAsync(string leerlingId, JsonObject signals, CancellationToken ct)
    {
        List<Guid> open;
        await using (var db = store.CreateContext())
            open = await db.Instances.AsNoTracking()
                .Where(i => i.BusinessKey == leerlingId && i.ParentInstanceId == null
                            && (i.Status == InstanceStatus.Running || i.Status == InstanceStatus.Incident))
                .Select(i => i.Id).ToListAsync(ct);
        foreach (var id in open)
            await engine.SetVariablesAsync(id, new JsonObject { ["signalen"] = signals.DeepClone() }, ct);
    }
}
