using Verzuim.Host.Audit;
using Verzuim.Host.Auth;
using Verzuim.Workflows.Management;
using Verzuim.Cases.Calendars;
using Verzuim.Workflows.Stores;
using Verzuim.Workflows.Time;

namespace Verzuim.Host.Schools;

public sealed record SchoolDayRequest(DateOnly? Datum, string? Soort, string? Omschrijving);

/// <summary>One thing that is only estimated: a school calendar too short, or a waiting deadline past it.</summary>
public sealed record CalendarWarning(string Soort, string SchoolId, string? Regio, Guid? CaseId, string? ElementId, DateTimeOffset? Termijn, string Bericht);

/// <summary>
/// Calendar management for the beheerder, without a redeploy: the holiday open data, each school's study days, free
/// days and taught public holidays, and the warnings about what is only estimated. Changes are audited and move the
/// timers already waiting on the calendar.
/// </summary>
public static class CalendarEndpoints
{
    public const string HolidaysReplaced = "kalender-vakanties-vervangen";
    public const string DayAdded = "kalender-dag-toegevoegd";
    public const string DayRemoved = "kalender-dag-verwijderd";

    public static IEndpointRouteBuilder MapCalendar(this IEndpointRouteBuilder app)
    {
        // the beheerder's policy (the same role that handles incidents)
        var calendar = app.MapGroup("/api/kalender").RequireAuthorization(Policies.Incidents).WithTags("Kalender");

        calendar.MapGet("/", async (SchoolDirectory schools, CalendarStore store, IClock clock, CancellationToken ct) =>
        {
            var latest = await store.LatestAsync(ct);
            var today = SchoolCalendar.WeekendsOnly.LocalDate(clock.UtcNow);
            return new
            {
                vakantiedata = new { geuploadOp = latest?.UploadedAt, door = latest?.UploadedBy },
                vooruitNodig = today.AddMonths(CalendarCoverage.MonthsAhead),
                scholen = schools.SchoolIds.Order(StringComparer.Ordinal).Select(schools.CalendarViewOf).ToList(),
            };
        }).WithSummary("De kalender van elke school: regio, vakantiedata tot, studiedagen, vrije dagen, lesdagen op feestdagen");

        calendar.MapGet("/vakanties", (SchoolDirectory schools) =>
            schools.Holidays is { } json ? Results.Text(json, "application/json") : Results.NotFound())
            .WithSummary("De vakantiedata (open-dataformaat van rijksoverheid.nl) waarmee nu gerekend wordt");

        calendar.MapPut("/vakanties", async (HttpRequest request, CalendarStore store, Caller caller, AuditLog audit, CancellationToken ct) =>
        {
            using var reader = new StreamReader(request.Body);
            var json = await reader.ReadToEndAsync(ct);
            // the entry records the change; the terms it moves are on each case's timeline (and in the answer)
            var moved = await store.ReplaceHolidaysAsync(json, caller.UserName, audit.Entry(HolidaysReplaced, detail: $"{json.Length} tekens"), ct);
            return new { verplaatsteTermijnen = moved };
        }).WithSummary("Nieuwe vakantiedata uploaden (gecontroleerd op formaat, regio's en overlap); lopende termijnen worden herberekend");

        calendar.MapPost("/scholen/{schoolId}/dagen", async (string schoolId, SchoolDayRequest body, CalendarStore store, Caller caller,
            AuditLog audit, CancellationToken ct) =>
        {
            if (body.Datum is not { } date) throw new FormatException("datum ontbreekt (verwacht bijvoorbeeld 2027-01-05).");
            if (!Enum.TryParse<SchoolDayKind>(body.Soort, ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
                throw new FormatException($"Onbekende soort '{body.Soort}': gebruik Studiedag, VrijeDag of Lesdag.");
            var (day, moved) = await store.AddDayAsync(schoolId, date, kind, body.Omschrijving, caller.UserName,
                d => audit.Entry(DayAdded, schoolId: d.SchoolId, detail: $"{d.Kind} {d.Date:yyyy-MM-dd}"), ct);
            return Results.Created($"/api/kalender/scholen/{day.SchoolId}/dagen/{day.Id}",
                new { dag = new SchoolDayView(day.Id, day.Date, day.Kind.ToString(), day.Description), verplaatsteTermijnen = moved });
        }).WithSummary("Een studiedag, vrije dag of lesdag op een feestdag toevoegen; lopende termijnen van de school worden herberekend");

        calendar.MapDelete("/scholen/{schoolId}/dagen/{id:guid}", async (string schoolId, Guid id, CalendarStore store, Caller caller,
            AuditLog audit, CancellationToken ct) =>
        {
            var (_, moved) = await store.RemoveDayAsync(schoolId, id, caller.UserName,
                d => audit.Entry(DayRemoved, schoolId: d.SchoolId, detail: $"{d.Kind} {d.Date:yyyy-MM-dd}"), ct);
            return new { verplaatsteTermijnen = moved };
        }).WithSummary("Een dag weer uit de kalender van de school halen");

        calendar.MapGet("/waarschuwingen", async (SchoolDirectory schools, ICaseQueries cases, IClock clock, CancellationToken ct) =>
        {
            var warnings = CalendarCoverage.Shortfalls(schools, SchoolCalendar.WeekendsOnly.LocalDate(clock.UtcNow))
                .Select(s => new CalendarWarning("kalender", s.SchoolId, s.Regio, null, null, null, s.Bericht)).ToList();
            var timers = (await cases.WaitingTimersAsync(CaseScope.Everywhere, ct)).Where(t => t.SchoolId is not null && t.DueAt is not null).ToList();
            foreach (var t in timers.OrderBy(t => t.DueAt))
            {
                var calendar = schools.CalendarFor(t.SchoolId);
                if (calendar.CoverageOf(t.DueAt!.Value) is { } gap)
                    warnings.Add(new CalendarWarning("termijn", t.SchoolId!, calendar.Region, t.CaseId, t.ElementId, t.DueAt, gap.Message));
            }
            return warnings;
        }).WithSummary("Wat alleen geschat is: scholen met te korte vakantiedata en lopende termijnen daarna");
        return app;
    }
}
