using System.Text;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using RabbitMQ.Client;
using Verzuim.Contracts;
using Verzuim.Persistence;

namespace Verzuim.Host.Tests.ErrorQueue;

/// <summary>
/// Messages the inbound queue refuses reach error_messages over a real RabbitMQ, with their reason: a body that is no
/// JSON, a message missing a required field, one that fails while processing. A BSN is never stored, and a message
/// delivered twice (two hosts on one queue) is one row.
/// </summary>
public sealed class ErrorQueueCaptureTests : IAsyncLifetime
{
    private VerzuimHost _host = null!;
    private IBusControl _client = null!;

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

    [Fact]
    public async Task A_body_that_is_no_json_is_stored_with_the_parser_reason_under_its_broker_message_id()
    {
        var messageId = Guid.NewGuid();
        await PublishRawAsync(_host.Queue, messageId, "{ dit is geen json");

        var row = await ErrorRows.WaitForAsync(Store, messageId);
        Assert.Equal(ErrorMessageStatus.Open, row.Status);
        Assert.Null(row.MessageType);
        Assert.Equal("{ dit is geen json", row.Body);
        // System.Text.Json names where it stopped: the reason is the parser's, not a generic "could not deserialize"
        Assert.Contains("LineNumber", row.Reason);
        Assert.False(string.IsNullOrWhiteSpace(row.ExceptionType));
    }

    [Fact]
    public async Task A_message_missing_the_pupil_id_is_stored_with_its_type_berichtId_school_and_the_field_named()
    {
        var berichtId = Guid.NewGuid();
        await SendAsync(new GesprekGehouden(berichtId, "", "S-FOUT-1", DateTimeOffset.UtcNow, "ouders", new DateOnly(2026, 12, 2), "belt vrijdag terug"));

        var row = await ErrorRows.WaitForBerichtAsync(Store, berichtId);
        Assert.Equal(("GesprekGehouden", "S-FOUT-1", (string?)null), (row.MessageType, row.SchoolId, row.LeerlingId));
        Assert.Contains("leerlingId", row.Reason);
        Assert.Contains("belt vrijdag terug", row.Body); // the original, for replay
        Assert.True(row.FailedAt <= row.ReceivedAt.AddSeconds(1));
    }

    [Fact]
    public async Task A_message_that_fails_while_processing_is_stored_with_the_engine_reason()
    {
        // the same berichtId for another message type: the engine refuses it rather than drop it as a redelivery
        var id = Guid.NewGuid();
        await SendAsync(new ToestemmingOuders(id, "L-FOUT-2", "S-FOUT-2", DateTimeOffset.UtcNow, "Kernteam", true));
        await using (var db = Store.CreateContext())
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (DateTime.UtcNow < deadline && !await db.ProcessedMessages.AnyAsync(p => p.MessageId == id)) await Task.Delay(200);
        }
        await SendAsync(new DuoMeldingGedaan(id, "L-FOUT-2", "S-FOUT-2", DateTimeOffset.UtcNow, "DUO-123"));

        var row = await ErrorRows.WaitForBerichtAsync(Store, id);
        Assert.Equal(("DuoMeldingGedaan", "L-FOUT-2"), (row.MessageType, row.LeerlingId));
        Assert.Contains("ToestemmingOuders", row.Reason);
        Assert.Contains("MessageIdReused", row.ExceptionType);
    }

    [Fact]
    public async Task A_pupil_id_that_is_a_bsn_is_refused_and_the_bsn_is_stored_nowhere()
    {
        var berichtId = Guid.NewGuid();
        // 111222333 passes the eleven-test (9*1+8*1+7*1+6*2+5*2+4*2+3*3+2*3-3 = 66)
        await SendAsync(new SchoolgangHersteld(berichtId, "111222333", "S-FOUT-3", DateTimeOffset.UtcNow));

        var row = await ErrorRows.WaitForBerichtAsync(Store, berichtId);
        Assert.Null(row.LeerlingId);
        Assert.DoesNotContain("111222333", row.Body);
        Assert.DoesNotContain("111222333", row.Reason);
        Assert.Contains("BSN", row.Reason);
    }

    [Fact]
    public async Task Two_hosts_on_one_error_queue_and_a_message_delivered_twice_make_one_row()
    {
        var connection = _host.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>()["ConnectionStrings:Workflows"];
        await using var second = await VerzuimHost.StartAsync(connection, _host.Queue);
        var messageId = Guid.NewGuid();
        // what a redelivery looks like: the same broker message id twice on the error queue, either host may take each copy
        for (var i = 0; i < 2; i++) await PublishRawAsync(_host.Queue + "_error", messageId, "{ kapot", new Dictionary<string, object?> { ["MT-Fault-Message"] = "kapot" });
        var marker = Guid.NewGuid();
        await PublishRawAsync(_host.Queue + "_error", marker, "{ daarna", new Dictionary<string, object?> { ["MT-Fault-Message"] = "daarna" });

        await ErrorRows.WaitForAsync(Store, marker);
        await ErrorRows.WaitForAsync(Store, messageId);
        await Task.Delay(1000); // a second copy still in flight would commit within this
        await using var db = Store.CreateContext();
        Assert.Equal(1, await db.ErrorMessages.CountAsync(e => e.Id == messageId));
        Assert.Equal("kapot", (await db.ErrorMessages.SingleAsync(e => e.Id == messageId)).Reason);
    }

    [Fact]
    public async Task A_message_that_cannot_be_stored_stays_on_the_error_queue_until_it_can()
    {
        var connection = _host.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>()["ConnectionStrings:Workflows"];
        async Task RenameAsync(string from, string to)
        {
            await using var db = new Npgsql.NpgsqlConnection(connection);
            await db.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand($"ALTER TABLE {from} RENAME TO {to}", db);
            await command.ExecuteNonQueryAsync();
        }
        // the store refuses every insert: the capture must not acknowledge the message
        await RenameAsync("error_messages", "error_messages_weg");
        var messageId = Guid.NewGuid();
        try
        {
            await PublishRawAsync(_host.Queue + "_error", messageId, "{ kapot", new Dictionary<string, object?> { ["MT-Fault-Message"] = "kapot" });
            await Task.Delay(5000); // two or three failed attempts, each handing the message back to the broker
        }
        finally { await RenameAsync("error_messages_weg", "error_messages"); }

        var row = await ErrorRows.WaitForAsync(Store, messageId);
        Assert.Equal("{ kapot", row.Body);
    }

    internal static async Task PublishRawAsync(string queue, Guid messageId, string body, IDictionary<string, object?>? headers = null)
    {
        var factory = new ConnectionFactory { Uri = new Uri(VerzuimHost.RabbitMq) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var props = new BasicProperties { ContentType = "application/vnd.masstransit+json", MessageId = messageId.ToString(), Headers = headers, Persistent = true };
        await channel.BasicPublishAsync("", queue, mandatory: false, props, Encoding.UTF8.GetBytes(body));
    }
}

/// <summary>Waits for a row of error_messages to appear (the capture runs on the broker's schedule).</summary>
public static class ErrorRows
{
    public static Task<ErrorMessageRecord> WaitForAsync(WorkflowStore store, Guid id) => WaitAsync(store, e => e.Id == id, $"message id {id}");

    public static Task<ErrorMessageRecord> WaitForBerichtAsync(WorkflowStore store, Guid berichtId) =>
        WaitAsync(store, e => e.BerichtId == berichtId, $"berichtId {berichtId}");

    public static async Task<ErrorMessageRecord> WaitAsync(WorkflowStore store, System.Linq.Expressions.Expression<Func<ErrorMessageRecord, bool>> match, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(45);
        while (true)
        {
            await using (var db = store.CreateContext())
                if (await db.ErrorMessages.AsNoTracking().FirstOrDefaultAsync(match) is { } row) return row;
            Assert.True(DateTime.UtcNow < deadline, $"no error_messages row for {what} within 45 s");
            await Task.Delay(200);
        }
    }
}
