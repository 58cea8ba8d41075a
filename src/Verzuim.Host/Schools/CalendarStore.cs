using Verzuim.Cases.Audit;
using Verzuim.Cases.Calendars;
using Verzuim.Workflows.Management;
using Verzuim.Workflows.Stores;
using Verzuim.Workflows.Runtime;
using Verzuim.Workflows.Time;

namespace Verzuim.Host.Schools;

/// <summary>
/// The calendars in the database: the holiday open data (latest upload wins; the shipped file seeds an empty store)
/// and each school's study days, free days and taught public holidays. Every change is applied to the
/// <see cref="SchoolDirectory"/> at once and then to the timers already waiting on it: each affected case is
/// recomputed in its own transaction, with the old and new due date on its timeline. Other hosts see the change the
/// next time they use a calendar (<see cref="EnsureCurrentAsync"/>).
/// </summary>
public sealed class CalendarStore(CalendarData store, ICaseQueries cases, SchoolDirectory schools, WorkflowEngine engine, IClock clock, ILogger<CalendarStore> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    // a reference, so a check on another thread never reads half of it
    private volatile CalendarFingerprint _loaded = new(-1, "");

    /// <summary>
    /// Before the calendars are used: another host may have changed them (hosts share only the database). Checks the
    /// latest upload's id and the ids of the school days (two small queries) and reloads when either differs.
    /// </summary>
    public async Task EnsureCurrentAsync(CancellationToken ct)
    {
        if (await store.FingerprintAsync(ct) != _loaded) await LoadAsync(ct);
    }

    /// <summary>Reads the calendars from the store (seeding it from the shipped file) and applies them when they changed.</summary>
    public async Task LoadAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (schools.ShippedHolidays is { } shipped) await store.SeedAsync(shipped, clock.UtcNow, ct);
            var fingerprint = await store.FingerprintAsync(ct);
            if (fingerprint == _loaded) return;
            var latest = await store.LatestAsync(ct);
            var days = await store.DaysAsync(ct);
            schools.Apply(latest?.Json ?? schools.ShippedHolidays, days);
            // the fingerprint of what was read: a change between the two reads makes the next check reload again
            _loaded = new CalendarFingerprint(latest?.Id ?? 0, CalendarData.Join(days.Select(d => d.Id)));
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task<HolidayUpload?> LatestAsync(CancellationToken ct) => store.LatestAsync(ct);

    /// <summary>
    /// Replaces the holiday data after checking format, regions in use and overlaps, committed with its audit entry;
    /// returns how many timers moved (each case's recompute is its own transaction, with the moves on its timeline).
    /// </summary>
    /// <exception cref="FormatException">The data is refused; the message names the offending entry.</exception>
    public async Task<int> ReplaceHolidaysAsync(string json, string user, AuditEntry entry, CancellationToken ct)
    {
        SchoolHolidaysOpenData.Validate(json, schools.RegionsInUse);
        await store.AddHolidaysAsync(json, clock.UtcNow, user, entry, ct);
        await LoadAsync(ct);
        return await RecomputeAsync(schools.SchoolIds, $"vakantiedata vervangen door {user}", ct);
    }

    /// <summary>Adds a study day, free day or taught public holiday to a school; returns the day and how many timers moved.</summary>
    /// <remarks>The day commits with its audit entry (<paramref name="entry"/>, made from the day).</remarks>
    public async Task<(SchoolDay Day, int Moved)> AddDayAsync(string schoolId, DateOnly date, SchoolDayKind kind, string? description, string user,
        Func<SchoolDay, AuditEntry> entry, CancellationToken ct)
    {
        var school = schools.SchoolIds.FirstOrDefault(id => string.Equals(id, schoolId, StringComparison.OrdinalIgnoreCase))
            ?? throw new KeyNotFoundException($"School '{schoolId}' is niet geconfigureerd.");
        var calendar = schools.CalendarFor(school);
        if (kind == SchoolDayKind.Lesdag && DutchPublicHolidays.Standard.NameOf(date) is null)
            throw new FormatException($"{date:yyyy-MM-dd} is geen feestdag; een lesdag markeert een feestdag waarop de school lesgeeft.");
        if (kind != SchoolDayKind.Lesdag && !calendar.IsSchoolDay(date))
            throw new FormatException($"{date:yyyy-MM-dd} is al geen schooldag voor {school} (weekend, vakantie, feestdag of al vrij).");
        var day = new SchoolDay(Guid.NewGuid(), school, date, kind, description?.Trim() is { Length: > 0 } d ? d : null, clock.UtcNow, user);
        if (!await store.AddDayAsync(day, entry(day), ct))
            throw new InvalidOperationException($"Voor {school} staat op {date:yyyy-MM-dd} al een dag; verwijder die eerst.");
        await LoadAsync(ct);
        var what = kind switch { SchoolDayKind.Studiedag => "studiedag", SchoolDayKind.VrijeDag => "vrije dag", _ => "lesdag op feestdag" };
        return (day, await RecomputeAsync([school], $"{what} {CalendarCoverageGap.DutchDate(date)} toegevoegd door {user}", ct));
    }

    public async Task<(SchoolDay Day, int Moved)> RemoveDayAsync(string schoolId, Guid id, string user, Func<SchoolDay, AuditEntry> entry, CancellationToken ct)
    {
        var day = await store.RemoveDayAsync(schoolId, id, entry, ct) ?? throw new KeyNotFoundException($"School '{schoolId}' heeft geen dag {id}.");
        await LoadAsync(ct);
        return (day, await RecomputeAsync([day.SchoolId], $"{CalendarCoverageGap.DutchDate(day.Date)} verwijderd uit de kalender door {user}", ct));
    }

    /// <summary>Every case of these schools with a waiting timer is recomputed, one transaction per case.</summary>
    private async Task<int> RecomputeAsync(IEnumerable<string> schoolIds, string reason, CancellationToken ct)
    {
        var waiting = (await cases.WaitingTimersAsync(new CaseScope(schoolIds.ToList()), ct)).Select(t => t.InstanceId).Distinct().ToList();
        var moved = 0;
        foreach (var id in waiting)
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
        if (moved > 0) logger.LogInformation("Calendar change ({Reason}) moved {Count} timer(s) in {Cases} case(s)", reason, moved, waiting.Count);
        return moved;
    }
}
