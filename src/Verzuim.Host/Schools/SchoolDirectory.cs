using Microsoft.Extensions.Options;
using Verzuim.Cases.Calendars;
using Verzuim.Workflows.Time;

namespace Verzuim.Host.Schools;

/// <summary>
/// Per school: the model it follows, the calendar its school weeks count in (region holidays, study days and free
/// days, public holidays), and who holds which task role. The calendars are rebuilt when the beheerder uploads holiday
/// data or changes a school's days (<see cref="Apply"/>); readers always see one consistent set.
/// </summary>
public sealed class SchoolDirectory
{
    private readonly Dictionary<string, SchoolSettings> _settings;
    private volatile Snapshot _current;

    public SchoolDirectory(IOptions<SchoolOptions> options, IHostEnvironment environment)
    {
        var path = Path.Combine(environment.ContentRootPath, options.Value.VakantieBestand);
        ShippedHolidays = File.Exists(path) ? File.ReadAllText(path) : null;
        _settings = options.Value.Lijst.ToDictionary(s => s.Id, StringComparer.OrdinalIgnoreCase);
        _current = Build(ShippedHolidays, []);
    }

    /// <summary>The holiday data shipped with the service (seeds an empty store).</summary>
    public string? ShippedHolidays { get; }

    /// <summary>The open data the calendars count with now.</summary>
    public string? Holidays => _current.OpenData;

    public IEnumerable<string> SchoolIds => _settings.Keys;

    /// <summary>The regions some configured school counts in (and so must be in uploaded holiday data).</summary>
    public IReadOnlySet<string> RegionsInUse =>
        _settings.Values.Where(s => s.Vakanties is null).Select(s => s.Regio).ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Replaces the calendars: new holiday data and the beheerder's days per school.</summary>
    public void Apply(string? openData, IReadOnlyList<SchoolDay> days) => _current = Build(openData, days);

    /// <summary>An unknown school counts weekends only, so timers still run; the school should be configured.</summary>
    public SchoolCalendar CalendarFor(string? schoolId) =>
        schoolId is not null && _current.Calendars.TryGetValue(schoolId, out var calendar) ? calendar : SchoolCalendar.WeekendsOnly;

    /// <summary>What the case view shows about the calendar a school counts in.</summary>
    public SchoolCalendarView? CalendarViewOf(string? schoolId)
    {
        if (schoolId is null || !_settings.TryGetValue(schoolId, out var school)) return null;
        var calendar = CalendarFor(schoolId);
        var days = _current.Days.Where(d => string.Equals(d.SchoolId, schoolId, StringComparison.OrdinalIgnoreCase)).ToList();
        List<DateOnly> Of(SchoolDayKind kind, IEnumerable<DateOnly> configured) =>
            configured.Concat(days.Where(d => d.Kind == kind).Select(d => d.Date)).Distinct().Order().ToList();
        return new SchoolCalendarView(school.Id, school.Naam, school.Regio, school.Vakanties is not null,
            calendar.CoveredUntil == DateOnly.MinValue ? null : calendar.CoveredUntil,
            Of(SchoolDayKind.Studiedag, school.Studiedagen), Of(SchoolDayKind.VrijeDag, school.VrijeDagen), Of(SchoolDayKind.Lesdag, school.Lesdagen),
            school.Bevrijdingsdag.ToString(), days.Select(d => new SchoolDayView(d.Id, d.Date, d.Kind.ToString(), d.Description)).OrderBy(d => d.Datum).ToList());
    }

    /// <summary>The processes that may open a case for this school's pupils; empty for a school that is not configured.</summary>
    public IReadOnlySet<string> ModelsFor(string? schoolId) =>
        schoolId is not null && _settings.TryGetValue(schoolId, out var school)
            ? new HashSet<string>(school.Modellen.Prepend(school.Model), StringComparer.Ordinal)
            : new HashSet<string>();

    public string? NameOf(string? schoolId) =>
        schoolId is not null && _settings.TryGetValue(schoolId, out var school) ? school.Naam : null;

    /// <summary>The task roles a school assigns to a user (its configured role assignments).</summary>
    public IEnumerable<string> TaskRolesOf(string schoolId, string userName) =>
        _settings.TryGetValue(schoolId, out var school)
            ? school.Rollen.Where(r => r.Value.Contains(userName, StringComparer.OrdinalIgnoreCase)).Select(r => r.Key)
            : [];

    private Snapshot Build(string? openData, IReadOnlyList<SchoolDay> days) =>
        new(openData, days, _settings.Values.ToDictionary(s => s.Id, s => BuildCalendar(s, openData,
            days.Where(d => string.Equals(d.SchoolId, s.Id, StringComparison.OrdinalIgnoreCase)).ToList()), StringComparer.OrdinalIgnoreCase));

    /// <summary>
    /// The school's own holidays or its region's from the open data, plus its study days and extra free days and the
    /// Dutch public holidays (except those it teaches on). Without holiday data the calendar covers nothing, so every
    /// school-time deadline is reported as provisional instead of silently counting holidays as school days.
    /// </summary>
    private static SchoolCalendar BuildCalendar(SchoolSettings school, string? openData, IReadOnlyList<SchoolDay> days)
    {
        var taught = school.Lesdagen.Concat(days.Where(d => d.Kind == SchoolDayKind.Lesdag).Select(d => d.Date));
        var daysOff = school.Studiedagen.Concat(school.VrijeDagen).Concat(days.Where(d => d.Kind != SchoolDayKind.Lesdag).Select(d => d.Date));
        IReadOnlyList<Holiday> holidays = school.Vakanties is { } own
            ? own.Select(h => new Holiday(h.Van, h.Tot, h.Naam ?? "vakantie")).ToList()
            : openData is null ? [] : SchoolHolidaysOpenData.Parse(openData, school.Regio);
        return SchoolCalendar.Covering(school.Regio, holidays, daysOff, school.Feestdagen ? new DutchPublicHolidays(school.Bevrijdingsdag, taught) : null);
    }

    private sealed record Snapshot(string? OpenData, IReadOnlyList<SchoolDay> Days, Dictionary<string, SchoolCalendar> Calendars);
}

/// <summary>The calendar a school counts in, as the case view and the calendar screen show it.</summary>
public sealed record SchoolCalendarView(string SchoolId, string? Naam, string Regio, bool EigenVakanties, DateOnly? VakantiedataTot,
    IReadOnlyList<DateOnly> Studiedagen, IReadOnlyList<DateOnly> VrijeDagen, IReadOnlyList<DateOnly> Lesdagen, string Bevrijdingsdag,
    IReadOnlyList<SchoolDayView> BeheerdeDagen);

public sealed record SchoolDayView(Guid Id, DateOnly Datum, string Soort, string? Omschrijving);
