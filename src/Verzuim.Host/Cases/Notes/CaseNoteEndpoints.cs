using Verzuim.Cases.Notes;
using Verzuim.Host.Audit;
using Verzuim.Host.Privacy;
using Verzuim.Host.Tasks;
using Verzuim.Workflows.Management;
using Verzuim.Workflows.Time;

namespace Verzuim.Host.Cases.Notes;

/// <param name="Bewerkbaar">True when the caller is the author and the edit window is still open.</param>
public sealed record CaseNoteView(Guid Id, string Tekst, string Auteur, DateTimeOffset GeplaatstOp, DateTimeOffset? GewijzigdOp,
    DateTimeOffset BewerkbaarTot, bool Bewerkbaar);

public sealed record CaseNoteInput(string? Tekst);

/// <summary>
/// The dossier note: a short line anyone who may read the case can read, changed or removed only by its author and
/// only for a while after placing it (Notities:BewerkTermijn); afterwards it stands as written. No medical detail
/// and no BSN (the same guard as task forms), since everyone on the case reads it. Every read and change is audited.
/// </summary>
public static class CaseNoteEndpoints
{
    public static RouteGroupBuilder MapCaseNotes(this RouteGroupBuilder cases)
    {
        var notes = cases.MapGroup("/{id:guid}/notities").WithTags("Zaken");

        notes.MapGet("/", async (Guid id, CaseAccess access, ICaseQueries queries, CaseNotes store, IClock clock, IConfiguration configuration, CancellationToken ct) =>
        {
            var record = await access.CaseAsync(queries, id, ct);
            var window = CaseNoteOptions.From(configuration).BewerkTermijn;
            return (await store.OfCaseAsync(record.Id, ct)).Select(n => View(n, access, window, clock.UtcNow)).ToList();
        }).Audited(AuditLog.CaseNotesRead).WithSummary("De dossiernotities van een zaak, oudste eerst, met tot wanneer de auteur ze kan wijzigen");

        // each change commits with its audit entry (the request, as the read filter writes it)
        notes.MapPost("/", async (Guid id, CaseNoteInput input, CaseAccess access, AuditLog audit, ICaseQueries queries, CaseNotes store, IClock clock,
            IConfiguration configuration, HttpContext http, CancellationToken ct) =>
        {
            var text = Checked(input.Tekst);
            var record = await access.CaseAsync(queries, id, ct);
            var note = await store.AddAsync(record.Id, text, access.Caller.UserName, clock.UtcNow, audit.Entry(AuditLog.CaseNoteAdded, record.Id, detail: Request(http)), ct);
            return Results.Created($"/api/cases/{record.Id}/notities/{note.Id}", View(note, access, CaseNoteOptions.From(configuration).BewerkTermijn, clock.UtcNow));
        }).WithSummary("Een dossiernotitie plaatsen (hooguit 500 tekens, geen medische gegevens of BSN)");

        notes.MapPut("/{notitieId:guid}", async (Guid id, Guid notitieId, CaseNoteInput input, CaseAccess access, AuditLog audit, ICaseQueries queries,
            CaseNotes store, IClock clock, IConfiguration configuration, HttpContext http, CancellationToken ct) =>
        {
            var text = Checked(input.Tekst);
            var window = CaseNoteOptions.From(configuration).BewerkTermijn;
            var note = await ChangeableAsync(queries, store, id, notitieId, access, window, clock.UtcNow, "wijzigen", ct);
            var changed = await store.ChangeAsync(note.CaseId, note.Id, text, clock.UtcNow, audit.Entry(AuditLog.CaseNoteChanged, note.CaseId, detail: Request(http)), ct)
                ?? throw new KeyNotFoundException($"Notitie {notitieId} bestaat niet bij zaak {id}.");
            return View(changed, access, window, clock.UtcNow);
        }).WithSummary("Een eigen dossiernotitie wijzigen, binnen de bewerktermijn");

        notes.MapDelete("/{notitieId:guid}", async (Guid id, Guid notitieId, CaseAccess access, AuditLog audit, ICaseQueries queries, CaseNotes store,
            IClock clock, IConfiguration configuration, HttpContext http, CancellationToken ct) =>
        {
            var note = await ChangeableAsync(queries, store, id, notitieId, access, CaseNoteOptions.From(configuration).BewerkTermijn, clock.UtcNow, "verwijderen", ct);
            if (!await store.RemoveAsync(note.CaseId, note.Id, audit.Entry(AuditLog.CaseNoteRemoved, note.CaseId, detail: Request(http)), ct))
                throw new KeyNotFoundException($"Notitie {notitieId} bestaat niet bij zaak {id}.");
            return Results.NoContent();
        }).WithSummary("Een eigen dossiernotitie verwijderen, binnen de bewerktermijn");
        return cases;
    }

    private static string Request(HttpContext http) => $"{http.Request.Path}{http.Request.QueryString}";

    /// <summary>The note, when the caller may change it: a note of a case they may read, their own, within the window.</summary>
    private static async Task<CaseNote> ChangeableAsync(ICaseQueries queries, CaseNotes store, Guid caseId, Guid noteId, CaseAccess access, TimeSpan window,
        DateTimeOffset now, string verb, CancellationToken ct)
    {
        var record = await access.CaseAsync(queries, caseId, ct);
        var note = await store.FindAsync(record.Id, noteId, ct) ?? throw new KeyNotFoundException($"Notitie {noteId} bestaat niet bij zaak {caseId}.");
        if (note.Author != access.Caller.UserName)
            throw new ForbiddenException($"Alleen de auteur ({note.Author}) kan deze notitie {verb}.");
        if (now >= note.CreatedAt + window)
            throw new ForbiddenException($"Deze notitie kan niet meer worden gewijzigd of verwijderd: dat kon tot {Dutch(note.CreatedAt + window)}.");
        return note;
    }

    private static string Checked(string? text)
    {
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0) throw new BadHttpRequestException("Schrijf een notitie ('tekst' is leeg).", StatusCodes.Status422UnprocessableEntity);
        if (trimmed.Length > CaseNote.MaxTextLength)
            throw new BadHttpRequestException($"Een notitie is hooguit {CaseNote.MaxTextLength} tekens; deze is er {trimmed.Length}.",
                StatusCodes.Status422UnprocessableEntity);
        if (FreeTextGuard.Refusal("notitie", trimmed) is { } refusal) throw new FreeTextRefusedException(refusal);
        return trimmed;
    }

    private static CaseNoteView View(CaseNote n, CaseAccess access, TimeSpan window, DateTimeOffset now) =>
        new(n.Id, n.Text, n.Author, n.CreatedAt, n.UpdatedAt, n.CreatedAt + window, n.Author == access.Caller.UserName && now < n.CreatedAt + window);

    private static string Dutch(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, SchoolCalendar.DutchTimeZone).ToString("d MMMM yyyy HH:mm", new System.Globalization.CultureInfo("nl-NL"));
}
