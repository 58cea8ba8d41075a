using Microsoft.EntityFrameworkCore;
using Verzuim.Cases.Audit;
using Verzuim.Persistence;
using Verzuim.Workflows.Stores;

namespace Verzuim.Cases.Calendars;

/// <summary>What identifies the stored calendars: the latest holiday upload and the set of school days (uploads only add; days come and go).</summary>
public sealed record CalendarFingerprint(long HolidayId, string Days);

/// <summary>
/// The calendars in the store: the holiday open data (the tables' latest upload wins) and each school's study days,
/// free days and taught public holidays.
/// </summary>
public sealed class CalendarData(WorkflowStore store, AuditTrail audit)
{
    /// <summary>
    /// One round trip for both (this runs before every API call and every inbound message): the days' ids, and the
    /// latest upload's id as 'h' + id.
    /// </summary>
    public async Task<CalendarFingerprint> FingerprintAsync(CancellationToken ct)
    {
        await using var db = store.CreateContext();
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

    public static string Join(IEnumerable<Guid> ids) => string.Join(',', ids.Order());

    /// <summary>Stores <paramref name="json"/> as the first upload when there is none yet (an empty store gets the shipped file).</summary>
    public async Task SeedAsync(string json, DateTimeOffset at, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        if (await db.HolidayData.AnyAsync(ct)) return;
        db.HolidayData.Add(new HolidayDataRecord { Json = json, UploadedAt = at, UploadedBy = "meegeleverd" });
        await db.SaveChangesAsync(ct);
    }

    public async Task<HolidayUpload?> LatestAsync(CancellationToken ct)
    {
        await using var db = store.CreateContext();
        return await db.HolidayData.AsNoTracking().OrderByDescending(h => h.Id)
            .Select(h => new HolidayUpload(h.Id, h.Json, h.UploadedAt, h.UploadedBy)).FirstOrDefaultAsync(ct);
    }

    public async Task<IReadOnlyList<SchoolDay>> DaysAsync(CancellationToken ct)
    {
        await using var db = store.CreateContext();
        return (await db.SchoolDays.AsNoTracking().ToListAsync(ct)).Select(SchoolDay.From).ToList();
    }

    /// <summary>Stores an upload of holiday data; <paramref name="entry"/>, its audit entry, commits with it.</summary>
    public async Task AddHolidaysAsync(string json, DateTimeOffset at, string user, AuditEntry entry, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        db.HolidayData.Add(new HolidayDataRecord { Json = json, UploadedAt = at, UploadedBy = user });
        await audit.AddAsync(db, entry, ct);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Adds the day with its audit entry, in one transaction; false when the school has a day on that date already.</summary>
    public async Task<bool> AddDayAsync(SchoolDay day, AuditEntry entry, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        if (await db.SchoolDays.AnyAsync(x => x.SchoolId == day.SchoolId && x.Date == day.Date, ct)) return false;
        db.SchoolDays.Add(day.ToRecord());
        await audit.AddAsync(db, entry, ct);
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>
    /// Removes the school's day with its audit entry (made from the day), in one transaction; the removed day, or null
    /// when it has no such day.
    /// </summary>
    public async Task<SchoolDay?> RemoveDayAsync(string schoolId, Guid id, Func<SchoolDay, AuditEntry> entry, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        var day = await db.SchoolDays.FirstOrDefaultAsync(x => x.Id == id && x.SchoolId == schoolId, ct);
        if (day is null) return null;
        db.SchoolDays.Remove(day);
        await audit.AddAsync(db, entry(SchoolDay.From(day)), ct);
        await db.SaveChangesAsync(ct);
        return SchoolDay.From(day);
    }
}
