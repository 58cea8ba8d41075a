using Microsoft.EntityFrameworkCore;
using Verzuim.Workflows.Management;
using Verzuim.Persistence;
using Verzuim.Workflows.Stores;
using Verzuim.Workflows.Time;

namespace Verzuim.Cases.Attendance;

/// <summary>
/// The first day of absence a case grew from, which the seeds count from ("langer dan vier weken"), as opposed to
/// the moment the service opened the case: the earliest school day with a registration of the pupil at this school
/// in the 12 school weeks up to the opening day, and after an earlier case of the same model closed.
/// </summary>
public sealed class FirstAbsenceDays(WorkflowStore store)
{
    /// <summary>Registrations an opening signal can look back over: 12 school weeks ("4e ziekmelding in 12 weken").</summary>
    private const int OpeningWindowSchoolDays = 60;

    public async Task<DateOnly?> OfAsync(CaseInstance record, string? pupil, SchoolCalendar calendar, CancellationToken ct)
    {
        if (pupil is null || record.SchoolId is null) return null;
        var opened = calendar.LocalDate(record.StartedAt);
        var from = calendar.SchoolDaysBack(opened, OpeningWindowSchoolDays);
        await using var db = store.CreateContext();
        var previousEnd = await db.Instances.AsNoTracking()
            .Where(i => i.BusinessKey == record.BusinessKey && i.ProcessId == record.ProcessId && i.Id != record.Id && i.EndedAt != null && i.EndedAt <= record.StartedAt)
            .Select(i => i.EndedAt).ToListAsync(ct);
        if (previousEnd.Max() is { } ended && calendar.LocalDate(ended) >= from) from = calendar.LocalDate(ended).AddDays(1);
        var days = await db.AttendanceEntries.AsNoTracking()
            .Where(e => e.LeerlingId == pupil && e.SchoolId == record.SchoolId && e.Datum >= from && e.Datum <= opened)
            .Select(e => e.Datum).Distinct().ToListAsync(ct);
        return days.Where(calendar.IsSchoolDay).Order().Select(d => (DateOnly?)d).FirstOrDefault();
    }
}
