using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Verzuim.Host.Audit;
using Verzuim.Persistence;
using Verzuim.Workflows.Runtime;
using static Verzuim.Workflows.Tests.Support.Bpmn;

namespace Verzuim.Host.Tests.Api;

/// <summary>
/// Publishing keeps a change note with each version, a superseded version is "Vervangen" (its cases keep running on
/// it), and rolling back publishes an earlier version's file again as a new version, keeping the draft in progress.
/// </summary>
public sealed class DefinitionPublishingTests : IAsyncLifetime
{
    private const string ProcessId = "publiceren";
    private static string Model(string taskName) => Process(ProcessId,
        $"""<bpmn:startEvent id="s"/><bpmn:userTask id="t" name="{taskName}" verzuim:candidateRole="mentor"/><bpmn:endEvent id="e"/>""" + Flows("s", "t", "e"));

    private VerzuimHost _host = null!;
    private HttpClient _owner = null!;

    public async Task InitializeAsync()
    {
        _host = await VerzuimHost.StartAsync();
        _owner = await ApiSession.AsUserAsync(_host, "eigenaar");
    }

    public Task DisposeAsync() => _host.DisposeAsync().AsTask();

    [Fact]
    public async Task A_rollback_publishes_the_earlier_file_as_a_new_version_with_its_note_and_keeps_the_draft()
    {
        var first = Model("Gesprek met ouders");
        Assert.Equal(1, await PublishAsync(first, "eerste versie"));
        var oldCase = await StartAsync("L-PUB-1");
        Assert.Equal(2, await PublishAsync(Model("Gesprek met ouders en leerling"), "leerling erbij"));
        var draft = Model("Gesprek (concept)");
        (await _owner.PutAsync("/api/definitions/draft", Xml(draft))).EnsureSuccessStatusCode();

        var versions = await VersionsAsync();
        Assert.Equal(("Vervangen", 1, "eerste versie"), Describe(versions[1]));
        Assert.Equal(("Gepubliceerd", 0, "leerling erbij"), Describe(versions[2]));
        Assert.Equal("Concept", versions[3].GetProperty("status").GetString());

        var rolledBack = await _owner.PostAsJsonAsync($"/api/definitions/{ProcessId}/versies/1/terugzetten", new { notitie = "leerling apart uitnodigen" });
        Assert.Equal(HttpStatusCode.Created, rolledBack.StatusCode);
        Assert.Equal(3, (await rolledBack.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("versie").GetInt32());

        versions = await VersionsAsync();
        Assert.Equal(("Gepubliceerd", 0, "Teruggezet naar v1: leerling apart uitnodigen"), Describe(versions[3]));
        Assert.Equal("Vervangen", versions[2].GetProperty("status").GetString());
        Assert.Equal(first, await _owner.GetStringAsync($"/api/definitions/{ProcessId}/xml?versie=3"));
        // the draft in progress survives, numbered after the new version, and the studio still opens it by default
        Assert.Equal("Concept", versions[4].GetProperty("status").GetString());
        Assert.Equal(draft, await _owner.GetStringAsync($"/api/definitions/{ProcessId}/xml"));

        // new cases start on the rolled-back version; the case on v1 stays on v1
        var newCase = await StartAsync("L-PUB-2");
        Assert.Equal(3, await VersionOfAsync(newCase));
        Assert.Equal(1, await VersionOfAsync(oldCase));

        await using var db = _host.Services.GetRequiredService<WorkflowStore>().CreateContext();
        var published = await db.AuditLog.AsNoTracking().Where(a => a.Action == AuditLog.DefinitionPublished).Select(a => a.Detail).ToListAsync();
        Assert.Contains($"{ProcessId} v3: Teruggezet naar v1: leerling apart uitnodigen", published);
        Assert.Contains($"{ProcessId} v2: leerling erbij", published);
    }

    [Fact]
    public async Task A_rollback_to_the_published_version_or_a_missing_one_and_an_overlong_note_are_refused_by_name()
    {
        var processId = ProcessId;
        await PublishAsync(Model("Eén"), null);
        var again = await _owner.PostAsJsonAsync($"/api/definitions/{processId}/versies/1/terugzetten", new { notitie = "" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("al de gepubliceerde versie", await again.Content.ReadAsStringAsync());

        var missing = await _owner.PostAsJsonAsync($"/api/definitions/{processId}/versies/9/terugzetten", new { notitie = "x" });
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("geen gepubliceerde versie 9", await missing.Content.ReadAsStringAsync());

        var longNote = await _owner.PostAsync($"/api/definitions?notitie={new string('x', 501)}", Xml(Model("Twee")));
        Assert.Equal(HttpStatusCode.BadRequest, longNote.StatusCode);
        Assert.Contains("501 tekens; hooguit 500", await longNote.Content.ReadAsStringAsync());
        Assert.Single((await VersionsAsync()).Values); // nothing was published by the refused call
    }

    private static StringContent Xml(string xml) => new(xml, Encoding.UTF8, "application/xml");

    private async Task<int> PublishAsync(string xml, string? note)
    {
        var response = await _owner.PostAsync($"/api/definitions{(note is null ? "" : $"?notitie={Uri.EscapeDataString(note)}")}", Xml(xml));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>())[0].GetProperty("versie").GetInt32();
    }

    private async Task<Dictionary<int, JsonElement>> VersionsAsync()
    {
        var all = await _owner.GetFromJsonAsync<JsonElement>("/api/definitions");
        return all.EnumerateArray().Single(d => d.GetProperty("processId").GetString() == ProcessId)
            .GetProperty("versies").EnumerateArray().ToDictionary(v => v.GetProperty("versie").GetInt32());
    }

    private static (string?, int, string?) Describe(JsonElement version) => (version.GetProperty("status").GetString(),
        version.GetProperty("lopendeZaken").GetInt32(), version.GetProperty("wijziging").GetString());

    private Task<Guid> StartAsync(string pupil) => _host.Services.GetRequiredService<WorkflowEngine>()
        .StartAsync(ProcessId, new JsonObject { ["leerlingId"] = pupil, ["schoolId"] = "S-APD-01" }, pupil);

    private async Task<int> VersionOfAsync(Guid instance)
    {
        await using var db = _host.Services.GetRequiredService<WorkflowStore>().CreateContext();
        return await db.Instances.AsNoTracking().Where(i => i.Id == instance)
            .Join(db.Definitions, i => i.DefinitionId, d => d.Id, (i, d) => d.Version).SingleAsync();
    }
}
