using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MassTransit;
using Verzuim.Contracts;
using Verzuim.Host.ErrorQueue;
using Verzuim.Host.Tests.Api;
using Verzuim.Persistence;

namespace Verzuim.Host.Tests.ErrorQueue;

/// <summary>
/// The embedded set-up (SQLite, MassTransit's in-memory transport) has the same error queue: a refused message reaches
/// the store and the beheerder's list, and is offered again from there.
/// </summary>
public sealed class ErrorQueueEmbeddedTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"verzuim-foutwachtrij-{Guid.NewGuid():N}");
    private VerzuimHost _host = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        _host = await VerzuimHost.StartAsync($"Data Source={Path.Combine(_dir, "verzuim.db")}",
            settings: new Dictionary<string, string?> { ["Messaging:RabbitMq"] = "" });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } // SQLite may hold the file a moment longer
    }

    [Fact]
    public async Task A_refused_message_on_the_in_memory_transport_is_listed_and_offered_again()
    {
        var berichtId = Guid.NewGuid();
        var endpoint = await _host.Services.GetRequiredService<IBus>().GetSendEndpoint(new Uri($"exchange:{_host.Queue}"));
        await endpoint.Send(new SchoolgangHersteld(berichtId, "", "S-EMB", DateTimeOffset.UtcNow));

        var store = _host.Services.GetRequiredService<WorkflowStore>();
        var row = await ErrorRows.WaitForBerichtAsync(store, berichtId);
        Assert.Contains("leerlingId", row.Reason);

        var beheerder = await ApiSession.AsUserAsync(_host, "beheerder");
        var list = JsonNode.Parse(await beheerder.GetStringAsync($"/api/foutberichten?van={DateTime.UtcNow.AddDays(-1):yyyy-MM-dd}"))!.AsArray();
        Assert.Contains(list, i => (Guid)i!["id"]! == row.Id);

        var response = await beheerder.PostAsJsonAsync($"/api/foutberichten/{row.Id}/opnieuw", new { correctie = new { leerlingId = "L-EMB-1" } });
        var outcome = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        // no model is deployed, so nothing waits for it; what counts is that the engine processed the corrected message
        Assert.Equal("verwerkt", (string?)outcome["status"]);
        Assert.Contains((string?)outcome["uitkomst"], new[] { "Buffered", "Unmatched" });
    }

    [Fact]
    public void The_screen_hides_free_text_medical_outcome_and_unknown_fields_and_takes_their_values_out_of_the_reason()
    {
        var body = """
            { "messageId": "4b1f0c9e-0000-4000-8000-000000000001", "messageType": ["urn:message:Verzuim.Contracts:JeugdartsAdvies"],
              "message": { "berichtId": "4b1f0c9e-0000-4000-8000-000000000002", "leerlingId": "L-9", "schoolId": "S-1",
                "tijdstip": "2026-12-01T09:00:00Z", "uitkomst": "NietBelastbaar", "datum": "2026-12-01", "toelichting": "moeder belt terug" } }
            """;
        var view = ErrorMessageRedaction.For(body);

        Assert.Equal("L-9", (string?)view.Bericht!["leerlingId"]);
        Assert.Equal("2026-12-01", (string?)view.Bericht["datum"]);
        Assert.Equal(ErrorMessageRedaction.Hidden, (string?)view.Bericht["uitkomst"]);
        Assert.Equal(ErrorMessageRedaction.Hidden, (string?)view.Bericht["toelichting"]);
        Assert.Equal(["uitkomst", "toelichting"], view.Verborgen);
        var reason = ErrorMessageRedaction.Reason("Onverwachte waarde 'NietBelastbaar' naast 'moeder belt terug' voor L-9", view);
        Assert.Equal("Onverwachte waarde '[verborgen]' naast '[verborgen]' voor L-9", reason);
    }
}
