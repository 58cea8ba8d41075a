namespace Verzuim.Workflows.Management;

/// <summary>Reads what the engine did with inbound messages.</summary>
public interface IMessageQueries
{
    /// <summary>The engine's record of the message with this id; null when it was never applied.</summary>
    Task<ProcessedMessage?> ProcessedAsync(Guid messageId, CancellationToken ct = default);

    /// <summary>
    /// Instances waiting for a message of that name with a key that starts with <paramref name="keyPrefix"/>, in the
    /// order they began to wait: by the moment, and at one moment by the order their instances wrote history first.
    /// </summary>
    Task<IReadOnlyList<MessageWait>> WaitingAsync(string messageName, string keyPrefix, CancellationToken ct = default);
}
