using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Verzuim.Contracts;
using Verzuim.Host.Tests.ErrorQueue;
using Verzuim.Persistence;
using Verzuim.Workflows.Runtime;
using static Verzuim.Workflows.Tests.Support.Bpmn;

namespace Verzuim.Host.Tests.Messaging;

/// <summary>
/// Over a real RabbitMQ, the host applies the events its consumers hold at one moment in shared transactions
/// (InboundBatcher): a burst is committed in fewer transactions than messages, and a bad message among good ones lands
/// in the error queue alone, with its reason, while the others of its batch are committed.
/// </summary>
public sealed class InboundBatchTests : IAsyncLifetime
{
    private VerzuimHost _host = null!;
    private IBusControl _client = null!;

    /// <summary>start → receive GesprekGehouden (key leerlingId) → user task 'klaar'.</summary>
    private static readonly string Gesprek = Process("gesprek-batch", """
        <bpmn:startEvent id="s"/><bpmn:receiveTask id="gesprek" messageRef="Msg_GesprekGehouden"/>
        <bpmn:userTask id="klaar"/><bpmn:endEvent id="e"/>
        """ + Flows("s", "gesprek", "klaar", "e"), "GesprekGehouden:leerlingId");

    public async Task InitializeAsync()
    {
        _host = await VerzuimHost.StartAsync();
        _client = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(new Uri(VerzuimHost.RabbitMq)));
        await _client.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _client.StopAsync();
        await _host.DisposeAsync();
    }

    private WorkflowStore Store => _host.Services.GetRequiredService<WorkflowStore>();

    private async Task SendAsync<T>(T message) where T : class =>
        await (await _client.GetSendEndpoint(new Uri($"exchange:{_host.Queue}"))).Send(message);

    private async Task<T> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(Store.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var p in parameters) command.Parameters.Add(new NpgsqlParameter { Value = p });
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T));
    }

    [Fact]
    public async Task A_burst_shares_transactions_and_a_bad_message_among_good_ones_lands_alone_in_the_error_queue()
    {
        const int cases = 40;
        var engine = _host.Services.GetRequiredService<WorkflowEngine>();
        await engine.DeployAsync(Gesprek);
        var ids = new List<Guid>();
        for (var i = 0; i < cases; i++)
            ids.Add(await engine.StartAsync("gesprek-batch", new JsonObject { ["leerlingId"] = $"L-B{i}" }, $"L-B{i}"));

        // the bad one: a berichtId already used by another message type, which the engine refuses with that reason
        const int bad = 17;
        var reused = Guid.NewGuid();
        await SendAsync(new ToestemmingOuders(reused, $"L-B{bad}", "S-B", DateTimeOffset.UtcNow, "Kernteam", true));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await ScalarAsync<long>("""SELECT count(*) FROM processed_messages WHERE "MessageId" = $1""", reused) == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the ToestemmingOuders was not processed within 30 s");
            await Task.Delay(100);
        }

        var berichten = Enumerable.Range(0, cases).Select(i => i == bad ? reused : Guid.NewGuid()).ToArray();
        await Task.WhenAll(Enumerable.Range(0, cases).Select(i =>
            SendAsync(new GesprekGehouden(berichten[i], $"L-B{i}", "S-B", DateTimeOffset.UtcNow, "ouders", new DateOnly(2026, 12, 2)))));

        var row = await ErrorRows.WaitForBerichtAsync(Store, reused);
        Assert.Equal(("GesprekGehouden", $"L-B{bad}"), (row.MessageType, row.LeerlingId));
        Assert.Contains("MessageIdReused", row.ExceptionType);
        Assert.Contains("ToestemmingOuders", row.Reason);

        var good = berichten.Where((_, i) => i != bad).ToArray();
        deadline = DateTime.UtcNow.AddSeconds(45);
        while (await ScalarAsync<long>("""SELECT count(*) FROM processed_messages WHERE "MessageId" = ANY($1) AND "Outcome" = 'Correlated'""", good) < good.Length)
        {
            Assert.True(DateTime.UtcNow < deadline, "the good messages were not all correlated within 45 s");
            await Task.Delay(100);
        }
        await Task.Delay(500); // anything else still in flight (a second error row, a late duplicate) would show by now
        await using var db = Store.CreateContext();
        Assert.Equal(1, await db.ErrorMessages.CountAsync());
        foreach (var (id, i) in ids.Select((id, i) => (id, i)))
        {
            var step = await db.Tasks.AsNoTracking().Where(t => t.InstanceId == id && t.Status == Workflows.Stores.WorkTaskStatus.Open).Select(t => t.ElementId).ToListAsync();
            Assert.Equal(i == bad ? [] : ["klaar"], step);
        }
        // the refused message left nothing: its id still names only the ToestemmingOuders
        Assert.Equal("ToestemmingOuders", (await db.ProcessedMessages.AsNoTracking().SingleAsync(p => p.MessageId == reused)).MessageName);
        // rows written in one transaction share its id (xmin): the burst took fewer transactions than messages
        var transactions = await ScalarAsync<long>("""SELECT count(DISTINCT xmin::text) FROM processed_messages WHERE "MessageId" = ANY($1)""", good);
        Assert.InRange(transactions, 1, good.Length - 1);
    }
}
