namespace Verzuim.Workflows.Management;

/// <summary>Reads what the engine did with inbound messages.</summary>
public interface IMessageQueries
{
    /// <summary>The engine's record of the message with this id; null when it was never applied.</summary>
    Task<ProcessedMessage?> ProcessedAsync(Guid messageId, CancellationToken ct = default);
}
