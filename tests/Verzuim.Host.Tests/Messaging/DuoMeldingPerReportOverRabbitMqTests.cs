using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Verzuim.Contracts;
using Verzuim.Persistence;
using Verzuim.Workflows.Runtime;
using Verzuim.Workflows.Stores;
using Verzuim.Workflows.Tests.Models;
using static Verzuim.Workflows.Tests.Support.Bpmn;

namespace Verzuim.Host.Tests.Messaging;

/// <summary>
/// Issue 10 part 3 on the service: DuoMeldingVereist carries each report's MeldingId over RabbitMQ, and a
/// DuoMeldingGedaan published by the school's system answers that one report — or, without MeldingId (a sender
/// built against the older contract), the pupil's oldest open report. Never all of them.
/// </summary>
public sealed class DuoMeldingPerReportOverRabbitMqTests : IAsyncLifetime
{
    private static readonly string Caller = Process("twee-meldingen", $"""
        <bpmn:startEvent id="s"/><bpmn:parallelGateway id="splits"/>
        {Call("eerste", "3 dagen achtereen")}{Call("tweede", "signaalverzuim")}{Call("derde", "luxe verzuim")}
        <bpmn:parallelGateway id="samen"/><bpmn:endEvent id="e"/>
        {Flows("s", "splits")}{Flows("splits", "eerste", "samen")}{Flows("splits", "tweede", "samen")}{Flows("splits", "derde", "samen")}{Flows("samen", "e")}
        """);

    private static string Call(string id, string reden) => $"""
        <bpmn:callActivity id="{id}" calledElement="duo-melding"><bpmn:extensionElements>
          <verzuim:input target="leerlingId" expression="leerlingId"/><verzuim:input target="schoolId" expression="schoolId"/>
          <verzuim:input target="duoReden" expression="'{reden}'"/><verzuim:input target="duoRol" expression="'teamleider'"/>
        </bpmn:extensionElements></bpmn:callActivity>
        """;

    private VerzuimHost _host = null!;
    private IBusControl _client = null!;
    private readonly ConcurrentQueue<DuoMeldingVereist> _reports = new();
    private readonly string _pupil = $"L-{Guid.NewGuid():N}"[..12]; // published events fan out to other tests' queues too
    private readonly string _clientQueue = $"test-duo-{Guid.NewGuid():N}"[..24];

    public async Task InitializeAsync()
    {
        _host = await VerzuimHost.StartAsync();
        _client = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(new Uri(VerzuimHost.RabbitMq));
            cfg.ReceiveEndpoint(_clientQueue, e =>
            {
                e.AutoDelete = true;
                e.Handler<DuoMeldingVereist>(ctx =>
                {
                    if (ctx.Message.LeerlingId == _pupil) _reports.Enqueue(ctx.Message);
                    return Task.CompletedTask;
                });
            });
        });
        await _client.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _client.StopAsync();
        await _host.DisposeAsync();
    }

    private WorkflowEngine Engine => _host.Services.GetRequiredService<WorkflowEngine>();

    [Fact]
    public async Task DuoMeldingGedaan_answers_the_report_it_names_and_without_id_the_oldest()
    {
        await Engine.DeployAsync(await File.ReadAllTextAsync(Path.Combine(ModelScenarioTests.RepositoryRoot, "workflows", "duo-melding.bpmn")));
        await Engine.DeployAsync(Caller);
        var caseId = await Engine.StartAsync("twee-meldingen", new JsonObject { ["leerlingId"] = _pupil, ["schoolId"] = "S-1" }, _pupil);

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (_reports.Count < 3 && DateTime.UtcNow < deadline) await Task.Delay(100);
        var reports = _reports.ToList();
        Assert.Equal(3, reports.Count);
        Assert.All(reports, r => Assert.NotNull(r.MeldingId));
        Assert.Equal(3, reports.Select(r => r.MeldingId).Distinct().Count());
        var byReason = reports.ToDictionary(r => r.Reden, r => r.MeldingId!.Value);

        // the newest-but-one report by its id
        await PublishAndWaitAsync(new DuoMeldingGedaan(Guid.NewGuid(), _pupil, "S-1", DateTimeOffset.UtcNow, "DUO-2", byReason["signaalverzuim"]));
        Assert.Equal(["3 dagen achtereen", "luxe verzuim"], await OpenReasonsAsync());

        // no id, as an older sender publishes it: the oldest open report only
        await PublishAndWaitAsync(new DuoMeldingGedaan(Guid.NewGuid(), _pupil, "S-1", DateTimeOffset.UtcNow, "DUO-1"));
        Assert.Equal(["luxe verzuim"], await OpenReasonsAsync());

        await using var db = _host.Services.GetRequiredService<WorkflowStore>().CreateContext();
        var task = await db.Tasks.SingleAsync(t => t.BusinessKey == _pupil && t.Status == WorkTaskStatus.Open);
        Assert.Equal(("duo_melden", "teamleider"), (task.ElementId, task.CandidateRole));
        Assert.Equal(InstanceStatus.Running, (await db.Instances.SingleAsync(i => i.Id == caseId)).Status);
    }

    private async Task PublishAndWaitAsync(DuoMeldingGedaan message)
    {
        await _client.Publish(message);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            await using (var db = _host.Services.GetRequiredService<WorkflowStore>().CreateContext())
                if (await db.ProcessedMessages.AnyAsync(p => p.MessageId == message.BerichtId)) return;
            Assert.True(DateTime.UtcNow < deadline, $"DuoMeldingGedaan {message.BerichtId} was not processed within 60 s");
            await Task.Delay(100);
        }
    }

    /// <summary>The reasons of the pupil's reports still waiting for DuoMeldingGedaan.</summary>
    private async Task<List<string>> OpenReasonsAsync()
    {
        await using var db = _host.Services.GetRequiredService<WorkflowStore>().CreateContext();
        var children = await db.Instances.AsNoTracking()
            .Where(i => i.BusinessKey == _pupil && i.ProcessId == "duo-melding" && i.Status == InstanceStatus.Running).ToListAsync();
        return children.Select(i => (string)JsonNode.Parse(i.Variables)!["duoReden"]!).Order().ToList();
    }
}
