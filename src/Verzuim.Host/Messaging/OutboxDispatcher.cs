using Verzuim.Host.Engine;
using System.Text.Json;
using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.Extensions.Options;
using Verzuim.Contracts;
using Verzuim.Workflows.Management;

namespace Verzuim.Host.Messaging;

/// <summary>
/// Publishes what the engine wrote to its outbox, in order, after the step that wrote it committed, with broker
/// confirmation (<see cref="IOutboxDispatch"/>: one host at a time, marked dispatched once published; a crash in
/// between publishes it again with the same message id, which receivers deduplicate). A row whose message is no
/// contract is kept with its error for an operator.
/// </summary>
public sealed class OutboxDispatcher(IOutboxDispatch outbox, StoreInitializer initializer, IServiceScopeFactory scopes, IOptions<MessagingOptions> options,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try { await initializer.Ready.WaitAsync(stoppingToken); } // no polling of tables that are not migrated yet
        catch (OperationCanceledException) { return; }
        while (!stoppingToken.IsCancellationRequested)
        {
            var sent = 0;
            try { sent = await DispatchBatchAsync(50, stoppingToken); }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            catch (Exception e) { logger.LogError(e, "Outbox dispatch failed; retrying"); }
            if (sent > 0) continue;
            try { await Task.Delay(options.Value.OutboxPollInterval, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
    }

    public async Task<int> DispatchBatchAsync(int max, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var publisher = scope.ServiceProvider.GetRequiredService<IPublishEndpoint>();
        var result = await outbox.DispatchAsync(max, async (row, token) =>
        {
            var (type, message) = ToContract(row);
            await publisher.Publish(message, type, ctx => ctx.MessageId = row.Id, token);
        }, ct);
        if (result.Failed is { } failed)
            logger.LogWarning("Outbox message {Name} {Id} not published (attempt {Attempt}): {Error}", failed.MessageName, failed.Id, failed.Attempts, result.Error);
        return result.Sent;
    }

    /// <summary>The model's payload, completed with what every contract carries: id, time, pupil.</summary>
    public static (Type Type, object Message) ToContract(OutboxMessage row)
    {
        if (!MessageNames.Types.TryGetValue(row.MessageName, out var type))
            throw new InvalidOperationException($"'{row.MessageName}' is geen bekend contract; bekend: {string.Join(", ", MessageNames.Types.Keys.Order())}.");
        var payload = JsonNode.Parse(row.Payload) as JsonObject ?? [];
        payload["berichtId"] = row.Id;
        payload["tijdstip"] = row.CreatedAt;
        if (payload["leerlingId"] is null && row.CorrelationKey is not null) payload["leerlingId"] = row.CorrelationKey;
        var message = payload.Deserialize(type, ContractJson.Options)
            ?? throw new InvalidOperationException($"Inhoud past niet op {row.MessageName}.");
        PupilEventValidation.Validate((IPupilEvent)message);
        return (type, message);
    }
}
