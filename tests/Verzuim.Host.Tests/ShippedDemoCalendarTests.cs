using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Verzuim.Host.Auth.Dev;
using Verzuim.Host.Tests.ScaleOut;

namespace Verzuim.Host.Tests;

/// <summary>
/// The demo as shipped, started the way a new user starts it (the built host, SQLite, in-memory transport, the shipped
/// models and appsettings, the real clock: today): its calendars cover the next 12 months, so readiness is healthy, the
/// beheerder has no warnings, the log is quiet and a case opened today has no provisional deadline. The same demo with
/// the holiday data file cut back to school year 2025-2026 says so everywhere.
/// </summary>
public sealed class ShippedDemoCalendarTests : IAsyncLifetime
{
    private const string TooShort = "School calendar too short";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"verzuim-demo-{Guid.NewGuid():N}");

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { } // SQLite may still hold the file for a moment after the process ended
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_shipped_demo_runs_today_without_a_calendar_warning()
    {
        await using var host = await StartDemoAsync();
        var ready = await ReadyAsync(host);
        Assert.Equal("Healthy", (string?)ready["checks"]!["kalender"]!["status"]);

        var beheerder = await LoginAsync(host, "beheerder");
        Assert.Empty((await beheerder.GetFromJsonAsync<JsonArray>("api/kalender/waarschuwingen"))!);

        var detail = await OpenApeldoornCaseTodayAsync(host, beheerder);
        var deadlines = detail["deadlines"]!.AsArray();
        Assert.Contains(deadlines, d => (string?)d!["soort"] == "Timer"); // the kantelpunt waits in school weeks
        Assert.All(deadlines, d => Assert.Null((string?)d!["voorlopig"]));
        Assert.Empty((await beheerder.GetFromJsonAsync<JsonArray>("api/kalender/waarschuwingen"))!);
        Assert.DoesNotContain(host.Lines, l => l.Contains(TooShort));
    }

    [Fact]
    public async Task The_demo_with_its_data_file_cut_back_to_2026_shows_the_warning()
    {
        var shipped = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Schools", "schoolvakanties.json")))!.AsObject();
        shipped["content"] = new JsonArray(shipped["content"]!.AsArray().Where(y => (string?)y!["schoolyear"] is "2024-2025" or "2025-2026")
            .Select(y => y!.DeepClone()).ToArray());
        var cut = Path.Combine(_dir, "schoolvakanties-tot-2026.json");
        await File.WriteAllTextAsync(cut, shipped.ToJsonString());

        await using var host = await StartDemoAsync(new Dictionary<string, string> { ["Scholen__VakantieBestand"] = cut });
        // midden's last holiday in the file is zomervakantie 2026, ending Sun 30 Aug 2026; appsettings puts S-APD-01 in midden
        const string note = "termijn voorlopig: geen vakantiedata na 30 augustus 2026 (regio midden)";
        var ready = await ReadyAsync(host);
        Assert.Equal("Degraded", (string?)ready["checks"]!["kalender"]!["status"]);
        Assert.Contains("regio midden (S-APD-01): vakantiedata tot 30 augustus 2026", (string?)ready["checks"]!["kalender"]!["Description"]);

        var beheerder = await LoginAsync(host, "beheerder");
        Assert.Contains((await beheerder.GetFromJsonAsync<JsonArray>("api/kalender/waarschuwingen"))!,
            w => (string?)w!["soort"] == "kalender" && (string?)w["schoolId"] == "S-APD-01");

        var detail = await OpenApeldoornCaseTodayAsync(host, beheerder);
        var caseId = (string)detail["zaak"]!["id"]!;
        Assert.Contains(detail["deadlines"]!.AsArray(), d => (string?)d!["soort"] == "Timer" && (string?)d["voorlopig"] == note);
        Assert.Contains((await beheerder.GetFromJsonAsync<JsonArray>("api/kalender/waarschuwingen"))!,
            w => (string?)w!["soort"] == "termijn" && (string?)w["caseId"] == caseId && (string?)w["bericht"] == note);
        var lpa = await LoginAsync(host, "lpa");
        var row = (await lpa.GetFromJsonAsync<JsonObject>("api/overview"))!["zaken"]!.AsArray().Single(z => (string?)z!["id"] == caseId)!;
        Assert.Equal(note, (string?)row["voorlopig"]);

        // the monitor logs each school's shortfall when it starts (and then once a day): one line for the Apeldoorn school
        await WaitUntilAsync(() => host.Lines.Any(l => l.Contains(TooShort) && l.Contains("(S-APD-01)")), host);
        Assert.Single(host.Lines, l => l.Contains(TooShort) && l.Contains("(S-APD-01)"));
    }

    private async Task<HostProcess> StartDemoAsync(IDictionary<string, string>? extra = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["Messaging__RabbitMq"] = "", // the demo's in-memory transport
            ["Engine__WorkflowsPath"] = "workflows", // the shipped models
            ["Logging__Json"] = "false",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>()) environment[key] = value;
        return await HostProcess.StartAsync("demo", $"Data Source={Path.Combine(_dir, "verzuim.db")}", "niet-gebruikt", environment);
    }

    /// <summary>
    /// Seven school days of sick leave up to today at the Apeldoorn demo school: the seventh opens the case with its
    /// kantelpunt three school weeks on. The days are the last seven weekdays (none is a holiday or public holiday in
    /// the weeks around today, 3 December 2026).
    /// </summary>
    private static async Task<JsonObject> OpenApeldoornCaseTodayAsync(HostProcess host, HttpClient beheerder)
    {
        var pupil = $"L-DEMO-{Guid.NewGuid():N}"[..14];
        var days = new List<DateOnly>();
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTime.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam")));
        for (var day = today; days.Count < 7; day = day.AddDays(-1))
            if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)) days.Insert(0, day);
        JsonObject? answer = null;
        foreach (var day in days)
        {
            var response = await beheerder.PostAsJsonAsync("api/messages/AbsentieGeregistreerd", new
            {
                berichtId = Guid.NewGuid(), leerlingId = pupil, schoolId = "S-APD-01", tijdstip = DateTimeOffset.UtcNow,
                datum = day.ToString("yyyy-MM-dd"), soort = "Ziek", uren = 6,
            });
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            answer = await response.Content.ReadFromJsonAsync<JsonObject>();
        }
        var caseId = (string?)answer!["zaken"]!.AsArray().SingleOrDefault()
            ?? throw new Xunit.Sdk.XunitException($"seven sick days {days[0]}..{days[^1]} opened no case: {answer}\n{host.Tail()}");
        var kernteam = await LoginAsync(host, "kernteam-a");
        return (await kernteam.GetFromJsonAsync<JsonObject>($"api/cases/{caseId}"))!;
    }

    private static async Task<JsonObject> ReadyAsync(HostProcess host)
    {
        using var http = new HttpClient { BaseAddress = host.Address };
        return JsonNode.Parse(await http.GetStringAsync("health/ready"))!.AsObject();
    }

    /// <summary>A bearer token from the demo's own identity provider (it registers its clients just after start).</summary>
    private static async Task<HttpClient> LoginAsync(HostProcess host, string user)
    {
        var client = new HttpClient { BaseAddress = host.Address, Timeout = TimeSpan.FromSeconds(60) };
        for (var attempt = 0; ; attempt++)
        {
            var response = await client.PostAsync("connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "password", ["username"] = user, ["password"] = DemoUsers.Password,
                ["client_id"] = DevIdentityProvider.WebClientId, ["client_secret"] = DevIdentityProvider.WebClientSecret, ["scope"] = "openid roles",
            }));
            if (response.IsSuccessStatusCode)
            {
                var token = (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["access_token"]!;
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
                return client;
            }
            if (attempt == 40) throw new Xunit.Sdk.XunitException($"token for {user}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            await Task.Delay(500);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, HostProcess host)
    {
        for (var i = 0; i < 120 && !condition(); i++) await Task.Delay(250);
        Assert.True(condition(), host.Tail());
    }
}
