using MassTransit;
using Verzuim.Contracts;

namespace Verzuim.Host.Messaging;

/// <summary>
/// Hands an inbound pupil event from the queue to the <see cref="PupilEventHandler"/>. A message without the
/// fields every pupil event must carry is refused at once (no retry) and lands in the error queue with that reason.
/// </summary>
public sealed class PupilEventConsumer<T>(PupilEventHandler handler) : IConsumer<T>
    where T : class, IPupilEvent
{
    public Task Consume(ConsumeContext<T> context) => handler.HandleAsync(context.Message, context.CancellationToken);
}
