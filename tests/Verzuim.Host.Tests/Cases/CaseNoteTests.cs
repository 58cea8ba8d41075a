using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Verzuim.Host.Tests.Api;
using Verzuim.Workflows.Time;

namespace Verzuim.Host.Tests.Cases;

/// <summary>
/// The dossier note on an Apeldoorn case opened today (2026-12-03) by four sick reports: its author writes and changes
/// it for 24 hours, a colleague of the school reads it but cannot change it, after the window it stands, the
/// privacy guard refuses a BSN and a diagnosis, another school's member finds no case, and the audit log has it all.
/// </summary>
public sealed class CaseNoteTests : IAsyncLifetime
{
    private const string SchoolA = "S-APD-01";
    private readonly VirtualClock _clock = new(DateTimeOffset.Parse("2026-12-03T08:00:00Z"));
    private VerzuimHost _host = null!;
    private HttpClient _system = null!, _kernteamA = null!, _voorzitter = null!, _kernteamB = null!, _beheerder = null!;
    private Guid _caseId;

    public async Task InitializeAsync()
    {
        _host = await VerzuimHost.StartAsync(settings: new Dictionary<string, string?> { ["Engine:WorkflowsPath"] = "workflows" },
            services: s => s.Replace(ServiceDescriptor.Singleton<IClock>(_clock)));
        _system = await ApiSession.AsSystemAsync(_host);
        _kernteamA = await ApiSession.AsUserAsync(_host, "kernteam-a");
        _voorzitter = await ApiSession.AsUserAsync(_host, "voorzitter");
        _kernteamB = await ApiSession.AsUserAsync(_host, "kernteam-b");
        _beheerder = await ApiSession.AsUserAsync(_host, "beheerder");
        JsonObject? last = null;
        // seed 003 (MAZL): the 4th sick report within 12 school weeks opens the case
        foreach (var day in new[] { "2026-11-12", "2026-11-19", "2026-11-26", "2026-12-03" })
            last = await ApiSession.PostMessageAsync(_system, "AbsentieGeregistreerd", new
            {
                berichtId = Guid.NewGuid(), leerlingId = "L-NOTE-1", schoolId = SchoolA, tijdstip = $"{day}T07:00:00Z", datum = day, soort = "Ziek", uren = 6,
            });
        _caseId = Guid.Parse((string)last!["zaken"]![0]!);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private string Notes => $"/api/cases/{_caseId}/notities";

    [Fact]
    public async Task The_author_changes_the_note_within_24_hours_a_colleague_only_reads_it_and_afterwards_it_stands()
    {
        var placed = await _kernteamA.PostAsJsonAsync(Notes, new { tekst = "  Moeder belt vrijdag terug over het rooster.  " });
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var note = (await placed.Content.ReadFromJsonAsync<JsonObject>())!;
        var noteId = (string)note["id"]!;
        Assert.Equal("Moeder belt vrijdag terug over het rooster.", (string?)note["tekst"]);
        Assert.Equal("kernteam-a", (string?)note["auteur"]);
        Assert.True((bool)note["bewerkbaar"]!);
        // 24 hours after placing it (08:00 UTC, 09:00 in Amsterdam)
        Assert.Equal(DateTimeOffset.Parse("2026-12-04T08:00:00Z"), DateTimeOffset.Parse((string)note["bewerkbaarTot"]!));

        // a colleague at the same school reads it, but it is not theirs to change
        var seen = (await _voorzitter.GetFromJsonAsync<JsonArray>(Notes))!.Single()!;
        Assert.Equal("Moeder belt vrijdag terug over het rooster.", (string?)seen["tekst"]);
        Assert.False((bool)seen["bewerkbaar"]!);
        var byColleague = await _voorzitter.PutAsJsonAsync($"{Notes}/{noteId}", new { tekst = "overschreven" });
        Assert.Equal(HttpStatusCode.Forbidden, byColleague.StatusCode);
        Assert.Contains("Alleen de auteur (kernteam-a)", await byColleague.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await _voorzitter.DeleteAsync($"{Notes}/{noteId}")).StatusCode);

        // the author changes it 23 hours later: still within the window
        _clock.Advance(TimeSpan.FromHours(23));
        var changed = await _kernteamA.PutAsJsonAsync($"{Notes}/{noteId}", new { tekst = "Moeder heeft teruggebeld; nieuw rooster vanaf maandag." });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var after = (await changed.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(DateTimeOffset.Parse("2026-12-04T07:00:00Z"), DateTimeOffset.Parse((string)after["gewijzigdOp"]!));
        Assert.Equal(DateTimeOffset.Parse("2026-12-04T08:00:00Z"), DateTimeOffset.Parse((string)after["bewerkbaarTot"]!)); // changing does not extend it

        // an hour later the window has closed, for changing and for removing
        _clock.Advance(TimeSpan.FromHours(1));
        var late = await _kernteamA.PutAsJsonAsync($"{Notes}/{noteId}", new { tekst = "te laat" });
        Assert.Equal(HttpStatusCode.Forbidden, late.StatusCode);
        Assert.Contains("kon tot 4 december 2026 09:00", await late.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await _kernteamA.DeleteAsync($"{Notes}/{noteId}")).StatusCode);
        var stands = (await _kernteamA.GetFromJsonAsync<JsonArray>(Notes))!.Single()!;
        Assert.Equal("Moeder heeft teruggebeld; nieuw rooster vanaf maandag.", (string?)stands["tekst"]);
        Assert.False((bool)stands["bewerkbaar"]!);

        var audit = (await _beheerder.GetFromJsonAsync<JsonArray>($"/api/audit?caseId={_caseId}"))!;
        Assert.Contains(audit, a => (string?)a!["gebruiker"] == "kernteam-a" && (string?)a["actie"] == "notitie-geplaatst");
        Assert.Contains(audit, a => (string?)a!["gebruiker"] == "kernteam-a" && (string?)a["actie"] == "notitie-gewijzigd");
        Assert.Contains(audit, a => (string?)a!["gebruiker"] == "voorzitter" && (string?)a["actie"] == "notities-gelezen");
        Assert.Contains(audit, a => (string?)a!["gebruiker"] == "voorzitter" && (string?)a["actie"] == "toegang-geweigerd");
        Assert.Contains(audit, a => (string?)a!["gebruiker"] == "kernteam-a" && (string?)a["actie"] == "toegang-geweigerd");
    }

    [Fact]
    public async Task The_author_removes_a_note_within_the_window()
    {
        var placed = await (await _kernteamA.PostAsJsonAsync(Notes, new { tekst = "Verkeerde leerling, verwijderen." })).Content.ReadFromJsonAsync<JsonObject>();
        var removed = await _kernteamA.DeleteAsync($"{Notes}/{(string)placed!["id"]!}");
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.DoesNotContain(await _kernteamA.GetFromJsonAsync<JsonArray>(Notes) ?? [], n => (string?)n!["id"] == (string?)placed["id"]);
        var audit = (await _beheerder.GetFromJsonAsync<JsonArray>($"/api/audit?caseId={_caseId}"))!;
        Assert.Contains(audit, a => (string?)a!["gebruiker"] == "kernteam-a" && (string?)a["actie"] == "notitie-verwijderd");
    }

    [Theory]
    // 111222333 passes the eleven test (9+8+7+12+10+8+9+6-3 = 66)
    [InlineData("Vader gaf BSN 111 222 333 door.", "op een BSN lijkt")]
    [InlineData("Leerling heeft ADHD, zie huisarts.", "noemt een diagnose")]
    [InlineData("", "is leeg")]
    public async Task A_note_with_a_BSN_a_diagnosis_or_nothing_is_refused_with_the_reason(string text, string reason)
    {
        var refused = await _kernteamA.PostAsJsonAsync(Notes, new { tekst = text });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains(reason, await refused.Content.ReadAsStringAsync());
        Assert.Empty(await _kernteamA.GetFromJsonAsync<JsonArray>(Notes) ?? [new JsonObject()]);
    }

    [Fact]
    public async Task A_note_longer_than_500_characters_is_refused_naming_its_length()
    {
        var refused = await _kernteamA.PostAsJsonAsync(Notes, new { tekst = new string('a', 501) });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("hooguit 500 tekens; deze is er 501", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Created, (await _kernteamA.PostAsJsonAsync(Notes, new { tekst = new string('a', 500) })).StatusCode);
    }

    [Fact]
    public async Task Another_schools_member_finds_no_case_to_read_or_write_notes_on()
    {
        var placed = await (await _kernteamA.PostAsJsonAsync(Notes, new { tekst = "Alleen voor school A." })).Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(HttpStatusCode.NotFound, (await _kernteamB.GetAsync(Notes)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _kernteamB.PostAsJsonAsync(Notes, new { tekst = "van school B" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _kernteamB.PutAsJsonAsync($"{Notes}/{(string)placed!["id"]!}", new { tekst = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _kernteamB.DeleteAsync($"{Notes}/{(string)placed["id"]!}")).StatusCode);
        Assert.Single(await _kernteamA.GetFromJsonAsync<JsonArray>(Notes) ?? []);
    }
}
