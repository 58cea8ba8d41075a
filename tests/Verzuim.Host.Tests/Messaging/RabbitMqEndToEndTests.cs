using System.Text;
using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using RabbitMQ.Client;
using Verzuim.Contracts;
using Verzuim.Persistence;
using Verzuim.Workflows.Runtime;
using static Verzuim.Workflows.Tests.Support.Bpmn;

namespace Verzuim.Host.Tests.Messaging;

/// <summary>Messages over a real RabbitMQ into a running host on PostgreSQL, and out again through the outbox.</summary>
public sealed class RabbitMqEndToEndTests : IAsyncLifetime
{
    private const string DuoPayload = "({ leerlingId, schoolId, reden: 'geen gesprek binnen termijn' })";
    private static readonly string Model = Process("e2e", $"""
        <bpmn:startEvent id="s"/>
        <bpmn:receiveTask id="gesprek" messageRef="Msg_GesprekGehouden"/>
        <bpmn:serviceTask id="duo" verzuim:message="DuoMeldingVereist" verzuim:payload="{DuoPayload}"/>
        <bpmn:userTask id="opvolgen" verzuim:candidateRole="verzuimcoordinator"/>
        <bpmn:endEvent id="e"/>{Flows("s", "gesprek", "duo", "opvolgen", "e")}
        """, "GesprekGehouden:leerlingId");

    private VerzuimHost _host = null!;
    private IBusControl _client = null!;
    // published events fan out to every bound queue, so other tests' messages may arrive here too: wait per pupil
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, TaskCompletionSource<DuoMeldingVereist>> _duo = new();
    private Task<DuoMeldingVereist> DuoFor(string pupil) =>
        _duo.GetOrAdd(pupil, _ => new TaskCompletionSource<DuoMeldingVereist>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
    private readonly string _clientQueue = $"test-client-{Guid.NewGuid():N}"[..24];

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
                    _duo.GetOrAdd(ctx.Message.LeerlingId, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(ctx.Message);
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
    public async Task A_published_event_resumes_the_case_creates_the_task_and_duo_melding_vereist_arrives_on_a_queue()
    {
        await Engine.DeployAsync(Model);
        var id = await Engine.StartAsync("e2e", new JsonObject { ["leerlingId"] = "L-42", ["schoolId"] = "S-1" }, "L-42");

        await _client.Publish(new GesprekGehouden(Guid.NewGuid(), "L-42", "S-1", DateTimeOffset.UtcNow, "ouders", new DateOnly(2024, 10, 1)));

        var duo = await DuoFor("L-42").WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(("L-42", "S-1", "geen gesprek binnen termijn"), (duo.LeerlingId, duo.SchoolId, duo.Reden));
        await using var db = _host.Services.GetRequiredService<WorkflowStore>().CreateContext();
        var task = await db.Tasks.SingleAsync(t => t.InstanceId == id);
        Assert.Equal(("opvolgen", "verzuimcoordinator"), (task.ElementId, task.CandidateRole));
        var outbox = await db.Outbox.SingleAsync(o => o.MessageName == "DuoMeldingVereist");
        Assert.Equal(outbox.Id, duo.BerichtId); // the outbox row's id is the message id receivers deduplicate on
        // the row is marked dispatched after the broker took the message, so a fast receiver can be there first
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (outbox.DispatchedAt is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            await db.Entry(outbox).ReloadAsync();
        }
        Assert.NotNull(outbox.DispatchedAt);
    }

    [Fact]
    public async Task A_poison_message_lands_in_the_error_queue_with_its_reason_and_the_next_message_is_processed()
    {
        await Engine.DeployAsync(Model);
        var id = await Engine.StartAsync("e2e", new JsonObject { ["leerlingId"] = "L-7", ["schoolId"] = "S-1" }, "L-7");

        var malformed = Guid.NewGuid();
        var factory = new ConnectionFactory { Uri = new Uri(VerzuimHost.RabbitMq) };
        await using (var connection = await factory.CreateConnectionAsync())
        await using (var channel = await connection.CreateChannelAsync())
        {
            // not JSON at all, straight onto the host's queue
            var props = new BasicProperties { ContentType = "application/vnd.masstransit+json", MessageId = malformed.ToString() };
            await channel.BasicPublishAsync("", _host.Queue, mandatory: false, props, Encoding.UTF8.GetBytes("{ dit is geen json"));
        }
        // a well-formed message missing the pupil id: refused without retry
        var missing = Guid.NewGuid();
        await _client.Publish(new GesprekGehouden(missing, "", "S-1", DateTimeOffset.UtcNow, "ouders", new DateOnly(2024, 10, 1)));
        // and the next good message goes through
        await _client.Publish(new GesprekGehouden(Guid.NewGuid(), "L-7", "S-1", DateTimeOffset.UtcNow, "ouders", new DateOnly(2024, 10, 1)));
        await DuoFor("L-7").WaitAsync(TimeSpan.FromSeconds(30));

        // the host copies what reaches the error queue into the store, reason and body included (ErrorQueueCaptureTests)
        var store = _host.Services.GetRequiredService<WorkflowStore>();
        var refused = await ErrorQueue.ErrorRows.WaitForBerichtAsync(store, missing);
        Assert.Contains("leerlingId", refused.Reason);
        Assert.Contains("GesprekGehouden", refused.Body);
        var unreadable = await ErrorQueue.ErrorRows.WaitForAsync(store, malformed);
        Assert.Contains("dit is geen json", unreadable.Body);
        Assert.All([refused, unreadable], e => Assert.False(string.IsNullOrWhiteSpace(e.Reason)));
    }

    [Fact]
    public async Task A_non_dotnet_sender_writes_enum_names_in_a_raw_masstransit_envelope_and_they_are_understood()
    {
        // the contract as documented: names, not the integers .NET would write ("soort":"Ziek", "uitkomst":"BeperktBelastbaar")
        var absence = Guid.NewGuid();
        var advice = Guid.NewGuid();
        await PublishRawAsync("AbsentieGeregistreerd", absence, $$"""
            { "berichtId": "{{absence}}", "leerlingId": "L-ENUM", "schoolId": "S-APD-01", "tijdstip": "2025-09-15T08:00:00Z",
              "datum": "2025-09-15", "soort": "Ziek", "uren": 6 }
            """);
        await PublishRawAsync("JeugdartsAdvies", advice, $$"""
            { "berichtId": "{{advice}}", "leerlingId": "L-ENUM", "schoolId": "S-APD-01", "tijdstip": "2025-09-16T08:00:00Z",
              "uitkomst": "BeperktBelastbaar", "datum": "2025-09-16" }
            """);

        await using var db = _host.Services.GetRequiredService<WorkflowStore>().CreateContext();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && await db.ProcessedMessages.CountAsync(p => p.MessageId == absence || p.MessageId == advice) < 2)
            await Task.Delay(200);
        Assert.Equal("Ziek", (await db.AttendanceEntries.SingleAsync(e => e.MessageId == absence)).Soort);
        Assert.True(await db.ProcessedMessages.AnyAsync(p => p.MessageId == advice && p.MessageName == "JeugdartsAdvies"),
            "JeugdartsAdvies with \"uitkomst\":\"BeperktBelastbaar\" was not processed (refused to the error queue?)");
    }

    [Fact]
    public async Task A_berichtId_reused_for_another_message_type_is_refused_with_the_reason_not_dropped_as_a_duplicate()
    {
        var id = Guid.NewGuid();
        await _client.Publish(new ToestemmingOuders(id, "L-HERGEBRUIK", "S-1", DateTimeOffset.UtcNow, "Kernteam", true));
        await using var db = _host.Services.GetRequiredService<WorkflowStore>().CreateContext();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && !await db.ProcessedMessages.AnyAsync(p => p.MessageId == id)) await Task.Delay(200);

        await _client.Publish(new DuoMeldingGedaan(id, "L-HERGEBRUIK", "S-1", DateTimeOffset.UtcNow, "DUO-123"));

        var error = await ErrorQueue.ErrorRows.WaitAsync(_host.Services.GetRequiredService<WorkflowStore>(),
            e => e.BerichtId == id && e.MessageType == "DuoMeldingGedaan", $"DuoMeldingGedaan {id}");
        Assert.Contains("DUO-123", error.Body);
        Assert.Contains(id.ToString(), error.Reason);
        Assert.Contains("ToestemmingOuders", error.Reason);
    }

    private async Task PublishRawAsync(string contract, Guid messageId, string message)
    {
        var envelope = $$"""
            { "messageId": "{{messageId}}", "messageType": ["urn:message:Verzuim.Contracts:{{contract}}"],
              "sentTime": "{{DateTimeOffset.UtcNow:O}}", "message": {{message}} }
            """;
        var factory = new ConnectionFactory { Uri = new Uri(VerzuimHost.RabbitMq) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var props = new BasicProperties { ContentType = "application/vnd.masstransit+json", MessageId = messageId.ToString() };
        await channel.BasicPublishAsync("", _host.Queue, mandatory: false, props, Encoding.UTF8.GetBytes(envelope));
    }
}
