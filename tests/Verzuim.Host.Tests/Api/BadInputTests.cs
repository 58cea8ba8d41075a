using System.Collections.Concurrent;
using Process = System.Diagnostics.Process;
using ProcessStartInfo = System.Diagnostics.ProcessStartInfo;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Serilog.Core;
using Serilog.Events;
using static Verzuim.Workflows.Tests.Support.Bpmn;

namespace Verzuim.Host.Tests.Api;

/// <summary>Every bad input answers problem details that name the field; the caller's mistakes are warnings in the log, not errors.</summary>
[Collection(LogCaptureCollection.Name)]
public sealed class BadInputTests : IAsyncLifetime
{
    private readonly LogCapture _log = new();
    private VerzuimHost _host = null!;

    public async Task InitializeAsync() => _host = await VerzuimHost.StartAsync(services: s => s.AddSingleton<ILogEventSink>(_log));

    public Task DisposeAsync() => _host.DisposeAsync().AsTask();

    [Fact]
    public async Task An_absence_dated_9999_12_31_is_refused_naming_the_date()
    {
        var system = await ApiSession.AsSystemAsync(_host);
        var response = await system.PostAsJsonAsync("/api/messages/AbsentieGeregistreerd", new
        {
            berichtId = Guid.NewGuid(), leerlingId = "L-DATUM", schoolId = "S-APD-01", tijdstip = DateTimeOffset.UtcNow,
            datum = "9999-12-31", soort = "Ziek",
        });
        var problem = await ProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("datum 9999-12-31", (string)problem["detail"]!);
        await AssertWarnedNotErred("/api/messages/AbsentieGeregistreerd");
    }

    [Fact]
    public async Task A_register_on_0001_01_01_is_refused_naming_the_peildatum()
    {
        var chair = await ApiSession.AsUserAsync(_host, "voorzitter");
        foreach (var path in new[] { "/api/register?peildatum=0001-01-01", "/api/register.csv?peildatum=0001-01-01" })
        {
            var problem = await ProblemAsync(await chair.GetAsync(path), HttpStatusCode.BadRequest);
            Assert.Contains("peildatum 0001-01-01", (string)problem["detail"]!);
        }
    }

    [Fact]
    public async Task A_simulation_scenario_of_the_wrong_shape_is_refused_naming_the_field()
    {
        var owner = await ApiSession.AsUserAsync(_host, "eigenaar");
        var xml = Verzuim.Workflows.Tests.Support.Bpmn.Process("vorm", """<bpmn:startEvent id="s"/><bpmn:endEvent id="e"/>""" + Flows("s", "e"));
        var response = await owner.PostAsJsonAsync("/api/definitions/simulate", new
        {
            xml, scenario = new JsonObject { ["start"] = "volgende week", ["until"] = "2024-11-30T00:00:00Z" },
        });
        var problem = await ProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("'start'", (string)problem["detail"]!);
        await AssertWarnedNotErred("/api/definitions/simulate");
    }

    [Fact]
    public async Task Malformed_json_answers_problem_details_that_say_where_not_an_empty_400()
    {
        var system = await ApiSession.AsSystemAsync(_host);
        var response = await system.PostAsync("/api/messages/GesprekGehouden",
            new StringContent("{ \"berichtId\": \"x\", ", Encoding.UTF8, "application/json"));
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("geen geldige JSON", (string)problem["detail"]!);
        Assert.Contains("regel 1", (string)problem["detail"]!);
        await AssertWarnedNotErred("/api/messages/GesprekGehouden");
    }

    /// <summary>Which of two equal names counts differs between readers; one name twice is malformed JSON, not a 500.</summary>
    [Fact]
    public async Task A_property_named_twice_is_malformed_json()
    {
        var system = await ApiSession.AsSystemAsync(_host);
        var response = await system.PostAsync("/api/messages/GesprekGehouden", new StringContent(
            $$"""{"berichtId":"{{Guid.NewGuid()}}","leerlingId":"L-DUBBEL","schoolId":"S-APD-01","schoolId":"S-GRO-01","tijdstip":"2026-12-03T07:00:00Z"}""",
            Encoding.UTF8, "application/json"));
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("geen geldige JSON", (string)problem["detail"]!);

        // a task form body (a JsonObject) as well: it threw when first read, a 500
        var kernteam = await ApiSession.AsUserAsync(_host, "kernteam-a");
        var form = await kernteam.PostAsync($"/api/tasks/{Guid.NewGuid()}/complete", new StringContent(
            """{"interventies":"a","schoolId":"X","schoolId":"S-GRO-01"}""", Encoding.UTF8, "application/json"));
        Assert.Contains("'schoolId'", (string)(await ProblemAsync(form, HttpStatusCode.BadRequest))["detail"]!);
    }

    [Fact]
    public async Task A_berichtId_reused_for_another_message_type_is_refused_over_http_with_the_reason()
    {
        var system = await ApiSession.AsSystemAsync(_host);
        var id = Guid.NewGuid();
        await ApiSession.PostMessageAsync(system, "ToestemmingOuders",
            new { berichtId = id, leerlingId = "L-ID", schoolId = "S-APD-01", tijdstip = DateTimeOffset.UtcNow, doel = "Kernteam", verleend = true });
        var response = await system.PostAsJsonAsync("/api/messages/DuoMeldingGedaan",
            new { berichtId = id, leerlingId = "L-ID", schoolId = "S-APD-01", tijdstip = DateTimeOffset.UtcNow, kenmerk = "DUO-1" });
        var problem = await ProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Contains(id.ToString(), (string)problem["detail"]!);
        Assert.Contains("ToestemmingOuders", (string)problem["detail"]!);
    }

    [Theory]
    [InlineData("afspraak", "L-BSN-1", "Moeder gebeld, BSN 123456782")] // 154 = 14 x 11: passes the eleven-test
    [InlineData("leerlingId", "111222333", "Dagelijks op tijd")]       // 66 = 6 x 11
    [InlineData("afspraak", "L-BSN-2", "Er is een diagnose ADHD")]
    public async Task A_bsn_or_a_diagnosis_in_a_message_is_refused_naming_the_field(string field, string pupil, string agreement)
    {
        var system = await ApiSession.AsSystemAsync(_host);
        var response = await system.PostAsJsonAsync("/api/messages/GesprekGehouden", new
        {
            berichtId = Guid.NewGuid(), leerlingId = pupil, schoolId = "S-APD-01", tijdstip = DateTimeOffset.UtcNow,
            soort = "ouders", datum = "2025-09-15", afspraak = agreement,
        });
        var problem = await ProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Contains($"'{field}'", (string)problem["detail"]!);
    }

    [Fact]
    public async Task ASPNETCORE_URLS_decides_where_the_host_listens()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Verzuim.Host.dll"));
        info.ArgumentList.Add("--dev");
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}"; // as the Dockerfile sets it
        info.Environment["ConnectionStrings__Workflows"] = $"Data Source={Path.Combine(Path.GetTempPath(), $"verzuim-urls-{Guid.NewGuid():N}.db")}";
        info.Environment["Engine__WorkflowsPath"] = "geen-modellen";
        using var process = Process.Start(info)!;
        var output = new ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (!process.HasExited && DateTime.UtcNow < deadline)
            {
                try { if ((await http.GetAsync($"http://127.0.0.1:{port}/health/live")).IsSuccessStatusCode) return; }
                catch (HttpRequestException) { }
                catch (TaskCanceledException) { }
                await Task.Delay(500);
            }
            Assert.Fail($"the host did not answer on ASPNETCORE_URLS port {port}:\n{string.Join('\n', output.TakeLast(30))}");
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static async Task<JsonObject> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!.AsObject();
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["detail"]), text);
        return problem;
    }

    private async Task AssertWarnedNotErred(string path)
    {
        // the host's log reaches the sink after the response (a loaded machine showed an empty capture at once)
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!_log.Events.Any(e => e.RenderMessage().Contains(path) && e.Level == LogEventLevel.Warning) && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        var about = _log.Events.Where(e => e.RenderMessage().Contains(path)).ToList();
        Assert.Contains(about, e => e.Level == LogEventLevel.Warning && e.Exception is null);
        Assert.DoesNotContain(about, e => e.Level >= LogEventLevel.Error);
        Assert.DoesNotContain(_log.Events, e => e.Level >= LogEventLevel.Error && e.Exception is not null);
    }

    private sealed class LogCapture : ILogEventSink
    {
        public ConcurrentQueue<LogEvent> Events { get; } = new();
        public void Emit(LogEvent logEvent) => Events.Enqueue(logEvent);
    }
}
