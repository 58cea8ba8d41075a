using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Verzuim.Workflows.Runtime;
using static Verzuim.Workflows.Tests.Support.Bpmn;

namespace Verzuim.Host.Tests.Api;

/// <summary>
/// Staff find a case by part of the pupil number, open or closed, and by regie — only among their own schools' cases.
/// </summary>
public sealed class CaseSearchTests : IAsyncLifetime
{
    private static readonly string Model = Process("zoeken",
        """<bpmn:startEvent id="s"/><bpmn:userTask id="t" verzuim:candidateRole="lpa"/><bpmn:endEvent id="e"/>""" + Flows("s", "t", "e"));
    private VerzuimHost _host = null!;
    private WorkflowEngine _engine = null!;

    public async Task InitializeAsync()
    {
        _host = await VerzuimHost.StartAsync();
        _engine = _host.Services.GetRequiredService<WorkflowEngine>();
        await _engine.DeployAsync(Model);
    }

    public Task DisposeAsync() => _host.DisposeAsync().AsTask();

    private Task<Guid> StartAsync(string pupil, string school, string? regie = null)
    {
        var variables = new JsonObject { ["leerlingId"] = pupil, ["schoolId"] = school };
        if (regie is not null) variables["regievoerder"] = regie;
        return _engine.StartAsync("zoeken", variables, pupil);
    }

    [Fact]
    public async Task Part_of_the_pupil_number_finds_open_and_closed_cases_of_the_callers_schools_only()
    {
        var mine = await StartAsync("L-4711-A", "S-APD-01", regie: "leerplicht");
        var closed = await StartAsync("L-4711-B", "S-APD-01", regie: "school");
        await CloseAsync(closed);
        await StartAsync("L-4711-C", "S-GRO-01"); // another school: never found by kernteam-a
        await StartAsync("L-9999", "S-APD-01");
        var kernteam = await ApiSession.AsUserAsync(_host, "kernteam-a");

        Assert.Equal(["L-4711-A"], await PupilsAsync(kernteam, "?leerling=4711"));
        Assert.Equal(["L-4711-A", "L-4711-B"], await PupilsAsync(kernteam, "?leerling=l-4711&status=alle")); // case does not matter
        Assert.Equal(["L-4711-B"], await PupilsAsync(kernteam, "?leerling=4711&status=gesloten"));
        Assert.Equal(["L-4711-A"], await PupilsAsync(kernteam, "?regie=Leerplicht&status=alle"));
        Assert.Empty(await PupilsAsync(kernteam, "?leerling=4711-C&status=alle"));
        Assert.Contains((await kernteam.GetFromJsonAsync<JsonElement>("/api/cases?leerling=4711")).EnumerateArray(), c => c.GetProperty("id").GetGuid() == mine);

        var tooLong = await kernteam.GetAsync($"/api/cases?leerling={new string('4', 65)}");
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("hooguit 64 tekens", await tooLong.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_filter_choices_are_the_models_and_regie_values_of_the_callers_own_cases_open_and_closed()
    {
        await StartAsync("L-KEUS-A", "S-APD-01", regie: "  Leerplicht ");
        await CloseAsync(await StartAsync("L-KEUS-B", "S-APD-01", regie: "school"));
        await StartAsync("L-KEUS-C", "S-APD-01", regie: "leerplicht"); // the same value in other case: once
        await StartAsync("L-KEUS-D", "S-GRO-01", regie: "gemeente"); // another school: not a choice for kernteam-a
        var kernteam = await ApiSession.AsUserAsync(_host, "kernteam-a");

        var keuzes = await kernteam.GetFromJsonAsync<JsonElement>("/api/cases/keuzes");
        Assert.Equal(["zoeken"], keuzes.GetProperty("modellen").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        Assert.Equal(["Leerplicht", "school"], keuzes.GetProperty("regie").EnumerateArray().Select(r => r.GetString()));
        Assert.Empty(keuzes.GetProperty("stappen").EnumerateArray()); // the test model names no verzuim:stap
    }

    /// <summary>Completes the case's one task, which ends it.</summary>
    private async Task CloseAsync(Guid caseId)
    {
        await using var db = _host.Services.GetRequiredService<Verzuim.Persistence.WorkflowStore>().CreateContext();
        var task = db.Tasks.Single(t => t.InstanceId == caseId);
        await _engine.CompleteTaskAsync(task.Id, completedBy: "test");
    }

    private static async Task<List<string?>> PupilsAsync(HttpClient client, string query) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/cases{query}")).EnumerateArray()
            .Select(c => c.GetProperty("leerlingId").GetString()).Order().ToList();
}
