using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Verzuim.Host.Audit;
using Verzuim.Persistence;

namespace Verzuim.Host.Tests.Api;

/// <summary>
/// The beheerder filters the audit log by period (Dutch calendar days, inclusive) and user, and exports the same lines
/// as CSV; the export is itself audited. Bad filter values get an error naming the filter.
/// </summary>
public sealed class AuditFilterTests : IAsyncLifetime
{
    private VerzuimHost _host = null!;
    private HttpClient _beheerder = null!;
    private readonly string _user = $"medewerker-{Guid.NewGuid():N}"[..20];

    public async Task InitializeAsync()
    {
        _host = await VerzuimHost.StartAsync();
        _beheerder = await ApiSession.AsUserAsync(_host, "beheerder");
        await using var db = _host.Services.GetRequiredService<WorkflowStore>().CreateContext();
        // around midnight in Amsterdam (UTC+1 in winter): 22:30Z on 30 November is 23:30 that day, 23:30Z is already 1 December
        foreach (var (at, detail) in new[]
                 {
                     (new DateTimeOffset(2026, 11, 30, 22, 30, 0, TimeSpan.Zero), "30 november laat"),
                     (new DateTimeOffset(2026, 11, 30, 23, 30, 0, TimeSpan.Zero), "1 december vroeg"),
                     (new DateTimeOffset(2026, 12, 2, 22, 59, 0, TimeSpan.Zero), "=2 december laat; met puntkomma"),
                     (new DateTimeOffset(2026, 12, 2, 23, 0, 0, TimeSpan.Zero), "3 december middernacht"),
                 })
            db.AuditLog.Add(new AuditEntryRecord { At = at, User = _user, Action = AuditLog.CaseRead, LeerlingId = "L-AUDITF", Result = AuditLog.Succeeded, Detail = detail });
        db.AuditLog.Add(new AuditEntryRecord { At = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero), User = "iemand-anders", Action = AuditLog.CaseRead, Result = AuditLog.Succeeded, Detail = "andere gebruiker" });
        await db.SaveChangesAsync();
    }

    public Task DisposeAsync() => _host.DisposeAsync().AsTask();

    private async Task<List<string>> DetailsAsync(string query) =>
        JsonNode.Parse(await _beheerder.GetStringAsync($"/api/audit?{query}"))!.AsArray().Select(r => (string)r!["detail"]!).ToList();

    [Fact]
    public async Task Van_and_tot_are_whole_Dutch_days_both_inclusive_and_combine_with_the_user()
    {
        Assert.Equal(["=2 december laat; met puntkomma", "1 december vroeg"], await DetailsAsync($"gebruiker={_user}&van=2026-12-01&tot=2026-12-02"));
        Assert.Equal(["30 november laat"], await DetailsAsync($"gebruiker={_user}&tot=2026-11-30"));
        Assert.Equal(["3 december middernacht"], await DetailsAsync($"gebruiker={_user}&van=2026-12-03"));
        // one day: van = tot
        Assert.Equal(["1 december vroeg"], await DetailsAsync($"gebruiker={_user}&van=2026-12-01&tot=2026-12-01"));
    }

    [Fact]
    public async Task The_csv_export_has_the_same_lines_quoted_for_a_spreadsheet_and_is_itself_audited()
    {
        var response = await _beheerder.GetAsync($"/api/audit.csv?gebruiker={_user}&van=2026-12-01&tot=2026-12-02");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("op;gebruiker;actie;zaak;school;leerling;resultaat;detail", lines[0]);
        Assert.Equal(3, lines.Length);
        // Dutch local time with its offset; a leading "=" is neutralised and a semicolon quoted
        Assert.Equal($"2026-12-02T23:59:00+01:00;{_user};{AuditLog.CaseRead};;;L-AUDITF;{AuditLog.Succeeded};\"'=2 december laat; met puntkomma\"", lines[1]);
        Assert.StartsWith("2026-12-01T00:30:00+01:00;", lines[2]);

        await using var db = _host.Services.GetRequiredService<WorkflowStore>().CreateContext();
        var export = await db.AuditLog.SingleAsync(a => a.Action == AuditEndpoints.AuditExported && a.Detail!.Contains(_user));
        Assert.Equal(("beheerder", AuditLog.Succeeded), (export.User, export.Result));
        Assert.StartsWith("/api/audit.csv?", export.Detail);
    }

    [Theory]
    [InlineData("van=2026-13-01", "'van'")]
    [InlineData("tot=1-12-2026", "'tot'")]
    [InlineData("van=2026-12-03&tot=2026-12-01", "vóór")]
    [InlineData("max=0", "'max'")]
    public async Task Bad_filters_are_refused_naming_the_filter(string query, string named)
    {
        foreach (var path in new[] { "/api/audit", "/api/audit.csv" })
        {
            var response = await _beheerder.GetAsync($"{path}?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(named, await response.Content.ReadAsStringAsync());
        }
    }
}
