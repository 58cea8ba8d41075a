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

/// <summary>Contract JSON as the engine and the models see it: camelCase, enums as their names.</summary>
public static class ContractJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };
}

/// <summary>Thrown for a message that can never succeed; not retried.</summary>
public sealed class InvalidPupilEventException(string message) : Exception(message);

public static class PupilEventValidation
{
    public static void Validate(IPupilEvent message)
    {
        var missing = new List<string>();
        if (message.BerichtId == Guid.Empty) missing.Add("berichtId");
        if (string.IsNullOrWhiteSpace(message.LeerlingId)) missing.Add("leerlingId");
        if (string.IsNullOrWhiteSpace(message.SchoolId)) missing.Add("schoolId");
        if (message.Tijdstip == default) missing.Add("tijdstip");
        if (missing.Count > 0)
            throw new InvalidPupilEventException($"{message.GetType().Name} mist verplichte velden: {string.Join(", ", missing)}.");
    }
}
