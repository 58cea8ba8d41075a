using System.Globalization;
using System.Text;
using Verzuim.Cases.Audit;
using Verzuim.Host.Auth;
using Verzuim.Workflows.Time;

namespace Verzuim.Host.Audit;

/// <summary>The audit log for the beheerder: filtered by case, user, pupil and period (Dutch calendar days), as JSON or as CSV.</summary>
public static class AuditEndpoints
{
    public const string AuditExported = "auditlog-geexporteerd";

    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/audit", async ([AsParameters] AuditFilter filter, AuditTrail store, CancellationToken ct) =>
        {
            var rows = await QueryAsync(filter, store, 500, ct);
            return rows.Select(a => new { op = a.At, gebruiker = a.User, actie = a.Action, caseId = a.CaseId, schoolId = a.SchoolId, leerlingId = a.LeerlingId, resultaat = a.Result, detail = a.Detail });
        }).RequireAuthorization(Policies.Audit).WithTags("Audit")
            .WithSummary("Wie las of wijzigde welke zaak of leerling, met het resultaat (nieuwste eerst); van/tot zijn kalenderdagen (JJJJ-MM-DD, Nederlandse tijd, beide inclusief)");

        app.MapGet("/api/audit.csv", async ([AsParameters] AuditFilter filter, AuditTrail store, CancellationToken ct) =>
        {
            var rows = await QueryAsync(filter, store, 5000, ct);
            return Results.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Csv(rows))).ToArray(), "text/csv; charset=utf-8", "auditlog.csv");
        }).Audited(AuditExported).RequireAuthorization(Policies.Audit).WithTags("Audit")
            .WithSummary("Dezelfde regels als CSV (puntkomma's, nieuwste eerst, hoogstens 5000); de export zelf komt ook in de auditlog");
        return app;
    }

    private static async Task<IReadOnlyList<LoggedEntry>> QueryAsync(AuditFilter filter, AuditTrail store, int defaultMax, CancellationToken ct)
    {
        var (from, until) = (Day(filter.Van, "van"), Day(filter.Tot, "tot"));
        if (from is { } f && until is { } u && u < f)
            throw new BadHttpRequestException($"'tot' ({filter.Tot}) ligt vóór 'van' ({filter.Van}).", StatusCodes.Status400BadRequest);
        if (filter.Max is < 1 or > 5000) throw new BadHttpRequestException($"'max' moet tussen 1 en 5000 liggen, niet {filter.Max}.", StatusCodes.Status400BadRequest);
        foreach (var (name, value) in new[] { ("gebruiker", filter.Gebruiker), ("leerlingId", filter.LeerlingId) })
            if (value is { Length: > 200 }) throw new BadHttpRequestException($"'{name}' is langer dan 200 tekens.", StatusCodes.Status400BadRequest);

        // a day is a Dutch calendar day: from its midnight in Amsterdam to the next
        return await store.FindAsync(filter.CaseId, string.IsNullOrWhiteSpace(filter.Gebruiker) ? null : filter.Gebruiker.Trim(),
            string.IsNullOrWhiteSpace(filter.LeerlingId) ? null : filter.LeerlingId.Trim(),
            from is { } start ? Midnight(start) : null, until is { } end ? Midnight(end.AddDays(1)) : null, filter.Max ?? defaultMax, ct);
    }

    private static DateOnly? Day(string? text, string name)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        return DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day : throw new BadHttpRequestException($"Ongeldige datum voor '{name}': '{text}'; gebruik JJJJ-MM-DD.", StatusCodes.Status400BadRequest);
    }

    private static DateTimeOffset Midnight(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, SchoolCalendar.DutchTimeZone.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>Semicolon-separated, as Dutch spreadsheet settings expect; times in Dutch local time with their offset.</summary>
    public static string Csv(IEnumerable<LoggedEntry> rows)
    {
        var csv = new StringBuilder("op;gebruiker;actie;zaak;school;leerling;resultaat;detail\r\n");
        foreach (var a in rows)
            csv.Append(string.Join(';', TimeZoneInfo.ConvertTime(a.At, SchoolCalendar.DutchTimeZone).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
                Field(a.User), Field(a.Action), a.CaseId?.ToString() ?? "", Field(a.SchoolId), Field(a.LeerlingId), Field(a.Result), Field(a.Detail))).Append("\r\n");
        return csv.ToString();
    }

    // a text starting with = + - @ would run as a formula in a spreadsheet (the detail quotes request paths and reasons)
    private static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value[0] is '=' or '+' or '-' or '@') value = "'" + value;
        return value.IndexOfAny([';', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
    }
}

/// <summary>The audit filters, the same for the list and the export.</summary>
public sealed record AuditFilter(Guid? CaseId, string? Gebruiker, string? LeerlingId, string? Van, string? Tot, int? Max);
