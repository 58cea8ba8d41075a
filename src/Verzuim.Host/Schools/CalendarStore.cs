using Microsoft.EntityFrameworkCore;
using Verzuim.Persistence;
using Verzuim.Workflows.Runtime;
using Verzuim.Workflows.Stores;
using Verzuim.Workflows.Time;

namespace Verzuim.Host.Schools;

/// <summary>
/// The calendars in the database: the holiday open data (latest upload wins; the shipped file seeds an empty store)
/// and each school's study days, free days and taught public holidays. Every change is applied to the
/// <see cref="SchoolDirectory"/> at once and then to the timers already waiting on it: each affected case is
/// recomputed in its own transaction, with the old and new due date on its timeline. Other hosts see the change the
/// next time they use a calendar (<see cref="EnsureCurrentAsync"/>).
/// </summary>
public sealed class CalendarStore(WorkflowStore store, SchoolDirectory schools, WorkflowEngine engine, IClock clock, ILogger<CalendarStore> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    // a reference, so a check on another thread never reads half of it
    private volatile Fingerprint _loaded = new(-1, "");

    private sealed record Fingerprint(long HolidayId, string Days);

    /// <summary>
    /// Before the calendars are used: another host may have changed them (hosts share only the database). Checks the
    /// latest upload's id and the ids of the school days (two small queries) and reloads when either differs.
    /// </summary>
    public async Task EnsureCurrentAsync(CancellationToken ct)
    {
        await using var db = store.CreateContext();
        if (await FingerprintAsync(db, ct) != _loaded) await LoadAsync(ct);
    }

    /// <summary>Reads the calendars from the store (seeding it from the shipped file) and applies them when they changed.</summary>
    public async Task LoadAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            await using var db = store.CreateContext();
            if (!await db.HolidayData.AnyAsync(ct) && schools.ShippedHolidays is { } shipped)
            {
                db.HolidayData.Add(new HolidayDataRecord { Json = shipped, UploadedAt = clock.UtcNow, UploadedBy = "meegeleverd" });
                await db.SaveChangesAsync(ct);
            }
            var fingerprint = await FingerprintAsync(db, ct);
            if (fingerprint == _loaded) return;
            var latest = await db.HolidayData.AsNoTracking().OrderByDescending(h => h.Id).FirstOrDefaultAsync(ct);
            var days = await db.SchoolDays.AsNoTracking().ToListAsync(ct);
            schools.Apply(latest?.Json ?? schools.ShippedHolidays, days);
            // the fingerprint of what was read: a change between the two reads makes the next check reload again
            _loaded = new Fingerprint(latest?.Id ?? 0, Join(days.Select(d => d.Id)));
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Uploads only ever add a row (latest wins); school days are added and removed, so their set of ids says it all.
    /// One round trip for both (this runs before every API call and every inbound message): the days' ids, and the
    /// latest upload's id as 'h' + id.
    /// </summary>
    private static async Task<Fingerprint> FingerprintAsync(WorkflowDbContext db, CancellationToken ct)
    {
        var rows = await db.Database.SqlQueryRaw<string>("""
            SELECT CAST("Id" AS TEXT) AS "Value" FROM school_days
            UNION ALL SELECT 'h' || CAST(COALESCE(MAX("Id"), 0) AS TEXT) FROM holiday_data
            """).ToListAsync(ct);
        long holidayId = 0;
        var days = new List<Guid>(rows.Count);
        foreach (var row in rows)
            if (row.StartsWith('h')) holidayId = long.Parse(row.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);
            else days.Add(Guid.Parse(row));
        return new(holidayId, Join(days));
    }

    private static string Join(IEnumerable<Guid> ids) => string.Join(',', ids.Order());

    public async Task<HolidayDataRecord?> LatestAsync(CancellationToken ct)
    {
        await using var db = store.CreateContext();
        return await db.HolidayData.AsNoTracking().OrderByDescending(h => h.Id).FirstOrDefaultAsync(ct);
    }

    /// <summary>Replaces the holiday data after checking format, regions in use and overlaps; returns how many timers moved.</summary>
    /// <exception cref="FormatException">The data is refused; the message names the offending entry.</exception>
    public async Task<int> ReplaceHolidaysAsync(string json, string user, CancellationToken ct)
    {
        SchoolHolidaysOpenData.Validate(json, schools.RegionsInUse);
        await using (var db = store.CreateContext())
        {
            db.HolidayData.Add(new HolidayDataRecord { Json = json, UploadedAt = clock.UtcNow, UploadedBy = user });
            await db.SaveChangesAsync(ct);
        }
        await LoadAsync(ct);
        return await RecomputeAsync(schools.SchoolIds, $"vakantiedata vervangen door {user}", ct);
    }

    /// <summary>Adds a study day, free day or taught public holiday to a school; returns the day and how many timers moved.</summary>
    public async Task<(SchoolDayRecord Day, int Moved)> AddDayAsync(string schoolId, DateOnly date, SchoolDayKind kind, string? description, string user, CancellationToken ct)
    {
        var school = schools.SchoolIds.FirstOrDefault(id => string.Equals(id, schoolId, StringComparison.OrdinalIgnoreCase))
            ?? throw new KeyNotFoundException($"School '{schoolId}' is niet geconfigureerd.");
        var calendar = schools.CalendarFor(school);
        if (kind == SchoolDayKind.Lesdag && DutchPublicHolidays.Standard.NameOf(date) is null)
            throw new FormatException($"{date:yyyy-MM-dd} is geen feestdag; een lesdag markeert een feestdag waarop de school lesgeeft.");
        if (kind != SchoolDayKind.Lesdag && !calendar.IsSchoolDay(date))
            throw new FormatException($"{date:yyyy-MM-dd} is al geen schooldag voor {school} (weekend, vakantie, feestdag of al vrij).");
        var day = new SchoolDayRecord
        {
            Id = Guid.NewGuid(), SchoolId = school, Date = date, Kind = kind, Description = description?.Trim() is { Length: > 0 } d ? d : null,
            CreatedAt = clock.UtcNow, CreatedBy = user,
        };
        await using (var db = store.CreateContext())
        {
            if (await db.SchoolDays.AnyAsync(x => x.SchoolId == school && x.Date == date, ct))
                throw new InvalidOperationException($"Voor {school} staat op {date:yyyy-MM-dd} al een dag; verwijder die eerst.");
            db.SchoolDays.Add(day);
            await db.SaveChangesAsync(ct);
        }
        await LoadAsync(ct);
        var what = kind switch { SchoolDayKind.Studiedag => "studiedag", SchoolDayKind.VrijeDag => "vrije dag", _ => "lesdag op feestdag" };
        return (day, await RecomputeAsync([school], $"{what} {CalendarCoverageGap.DutchDate(date)} toegevoegd door {user}", ct));
    }

    public async Task<(SchoolDayRecord Day, int Moved)> RemoveDayAsync(string schoolId, Guid id, string user, CancellationToken ct)
    {
        SchoolDayRecord day;
        await using (var db = store.CreateContext())
        {
            day = await db.SchoolDays.FirstOrDefaultAsync(x => x.Id == id && x.SchoolId == schoolId, ct)
                ?? throw new KeyNotFoundException($"School '{schoolId}' heeft geen dag {id}.");
            db.SchoolDays.Remove(day);
            await db.SaveChangesAsync(ct);
        }
        await LoadAsync(ct);
        return (day, await RecomputeAsync([day.SchoolId], $"{CalendarCoverageGap.DutchDate(day.Date)} verwijderd uit de kalender door {user}", ct));
    }

    /// <summary>Every case of these schools with a waiting timer is recomputed, one transaction per case.</summary>
    private async Task<int> RecomputeAsync(IEnumerable<string> schoolIds, string reason, CancellationToken ct)
    {
        var ids = schoolIds.ToList();
        List<Guid> cases;
        await using (var db = store.CreateContext())
        {
            cases = await db.Instances.AsNoTracking()
                .Where(i => i.SchoolId != null && ids.Contains(i.SchoolId) && (i.Status == InstanceStatus.Running || i.Status == InstanceStatus.Incident))
                .Where(i => db.Subscriptions.Any(s => s.InstanceId == i.Id && s.Kind == SubscriptionKind.Timer))
                .Select(i => i.Id).ToListAsync(ct);
        }
        var moved = 0;
        foreach (var id in cases)
        {
            try
            {
                moved += await engine.RecomputeTimersAsync(id, reason, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // one case that cannot be recomputed must not stop the others; its timer keeps its old due date
                logger.LogError(e, "Timers of case {Case} not recomputed after a calendar change", id);
            }
        }
        if (moved > 0) logger.LogInformation("Calendar change ({Reason}) moved {Count} timer(s) in {Cases} case(s)", reason, moved, cases.Count);
        return moved;
    }
}
