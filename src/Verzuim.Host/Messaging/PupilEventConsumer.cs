using System.Text.Json;
using System.Text.Json.Nodes;
using MassTransit;
using Verzuim.Contracts;
using Verzuim.Workflows.Runtime;

namespace Verzuim.Host.Messaging;

/// <summary>
/// Hands an inbound pupil event to the engine's correlation: name = contract name, key = pupil id,
/// id = the sender's message id (redelivery is recognised by the engine). A message without the fields every
/// pupil event must carry is refused at once (no retry) and lands in the error queue with that reason.
/// </summary>
public sealed class PupilEventConsumer<T>(WorkflowEngine engine, ILogger<PupilEventConsumer<T>> logger) : IConsumer<T>
    where T : class, IPupilEvent
{
    public async Task Consume(ConsumeContext<T> context)
    {
        var message = context.Message;
        PupilEventValidation.Validate(message);
        var payload = (JsonObject)JsonSerializer.SerializeToNode(message, ContractJson.Options)!;
        var result = await engine.CorrelateAsync(new IncomingMessage(message.BerichtId, typeof(T).Name, message.LeerlingId, payload), context.CancellationToken);
        logger.LogInformation("{Message} {MessageId} for {Pupil}: {Outcome} ({Count} case(s))",
            typeof(T).Name, message.BerichtId, message.LeerlingId, result.Outcome, result.InstanceIds.Count);
    }
}
