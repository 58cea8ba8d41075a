using Microsoft.Extensions.Options;
using Verzuim.Workflows.Time;

namespace Verzuim.Host.Schools;

/// <summary>Per school: the model it follows, the calendar its school weeks count in (region holidays + its study days), and who holds which task role.</summary>
public sealed class SchoolDirectory
{
    private readonly Dictionary<string, (SchoolSettings Settings, SchoolCalendar Calendar)> _schools;

    public SchoolDirectory(IOptions<SchoolOptions> options, IHostEnvironment environment)
    {
        var path = Path.Combine(environment.ContentRootPath, options.Value.VakantieBestand);
        var holidays = File.Exists(path) ? File.ReadAllText(path) : null;
        _schools = options.Value.Lijst.ToDictionary(s => s.Id, s => (s, BuildCalendar(s, holidays)), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The school's own holidays or its region's from the open data, plus its study days and extra free days and the
    /// Dutch public holidays (except those it teaches on). Without holiday data the calendar covers nothing, so every
    /// school-time deadline is reported as provisional instead of silently counting holidays as school days.
    /// </summary>
    private static SchoolCalendar BuildCalendar(SchoolSettings school, string? openData)
    {
        var publicHolidays = new DutchPublicHolidays(school.Bevrijdingsdag, school.Lesdagen);
        var daysOff = school.Studiedagen.Concat(school.VrijeDagen);
        IReadOnlyList<Holiday> holidays = school.Vakanties is { } own
            ? own.Select(h => new Holiday(h.Van, h.Tot, h.Naam ?? "vakantie")).ToList()
            : openData is null ? [] : SchoolHolidaysOpenData.Parse(openData, school.Regio);
        return new SchoolCalendar(school.Regio, holidays, daysOff, publicHolidays: publicHolidays,
            coveredUntil: holidays.Count == 0 ? DateOnly.MinValue : null);
    }

    /// <summary>An unknown school counts weekends only, so timers still run; the school should be configured.</summary>
    public SchoolCalendar CalendarFor(string? schoolId) =>
        schoolId is not null && _schools.TryGetValue(schoolId, out var school) ? school.Calendar : SchoolCalendar.WeekendsOnly;

    /// <summary>The processes that may open a case for this school's pupils; empty for a school that is not configured.</summary>
    public IReadOnlySet<string> ModelsFor(string? schoolId) =>
        schoolId is not null && _schools.TryGetValue(schoolId, out var school)
            ? new HashSet<string>(school.Settings.Modellen.Prepend(school.Settings.Model), StringComparer.Ordinal)
            : new HashSet<string>();

    public string? NameOf(string? schoolId) =>
        schoolId is not null && _schools.TryGetValue(schoolId, out var school) ? school.Settings.Naam : null;

    /// <summary>The task roles a school assigns to a user (its configured role assignments).</summary>
    public IEnumerable<string> TaskRolesOf(string schoolId, string userName) =>
        _schools.TryGetValue(schoolId, out var school)
            ? school.Settings.Rollen.Where(r => r.Value.Contains(userName, StringComparer.OrdinalIgnoreCase)).Select(r => r.Key)
            : [];
}
