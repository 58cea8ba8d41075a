using System.Text.Json.Nodes;
using Verzuim.Workflows.Runtime;
using static Verzuim.Workflows.Tests.Support.Bpmn;

namespace Verzuim.Host.Tests.Api;

/// <summary>
/// A failing condition over the doctor's explanation quotes its value in the incident reason; only the youth doctor
/// reads it whole. The operator (/api/incidents) and the school (the case timeline) see it redacted.
/// </summary>
public sealed class MedicalRedactionTests : IAsyncLifetime
{
    private const string Explanation = "Astma en angstklachten, gebruikt methylfenidaat";

    // the condition yields the text instead of true/false: the engine's reason quotes the value it got
    private static readonly string Model = Process("medisch-incident", """
        <bpmn:startEvent id="s"/>
        <bpmn:exclusiveGateway id="gw" default="f_anders"/>
        <bpmn:userTask id="gesprek" verzuim:candidateRole="mentor"/>
        <bpmn:endEvent id="e"/>
        """ + Flow("s", "gw") + Flow("gw", "gesprek", "jeugdartsToelichting") + Flow("gw", "e", id: "f_anders") + Flow("gesprek", "e"));

    private VerzuimHost _host = null!;
    private Guid _case;

    public async Task InitializeAsync()
    {
        _host = await VerzuimHost.StartAsync();
        var engine = _host.Services.GetRequiredService<WorkflowEngine>();
        await engine.DeployAsync(Model);
        _case = await engine.StartAsync("medisch-incident", new JsonObject
        {
            ["leerlingId"] = "L-MED", ["schoolId"] = "S-APD-01", ["jeugdartsToelichting"] = Explanation,
        }, "L-MED");
    }

    public Task DisposeAsync() => _host.DisposeAsync().AsTask();

    [Fact]
    public async Task The_operator_sees_the_incident_without_the_medical_value()
    {
        var operatorClient = await ApiSession.AsUserAsync(_host, "beheerder");
        var incidents = JsonNode.Parse(await operatorClient.GetStringAsync("/api/incidents"))!.AsArray();
        var reason = (string)incidents.Single(i => (Guid)i!["caseId"]! == _case)!["reden"]!;
        AssertRedacted(reason);
        Assert.Contains("jeugdartsToelichting", reason); // the failing expression itself stays: it is the model's text
    }

    [Fact]
    public async Task The_school_sees_the_timeline_incident_without_it_and_the_youth_doctor_sees_it_whole()
    {
        var school = await ApiSession.AsUserAsync(_host, "kernteam-a");
        AssertRedacted(await IncidentDetailAsync(school));

        var doctor = await ApiSession.AsUserAsync(_host, "jeugdarts");
        Assert.Contains("Astma", await IncidentDetailAsync(doctor));
    }

    private async Task<string> IncidentDetailAsync(HttpClient client)
    {
        var detail = JsonNode.Parse(await client.GetStringAsync($"/api/cases/{_case}"))!;
        return (string)detail["timeline"]!.AsArray().Single(t => (string)t!["soort"]! == "Incident")!["detail"]!;
    }

    private static void AssertRedacted(string reason)
    {
        foreach (var word in new[] { "Astma", "angstklachten", "methylfenidaat" })
            Assert.DoesNotContain(word, reason, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("afgeschermd", reason);
    }
}
