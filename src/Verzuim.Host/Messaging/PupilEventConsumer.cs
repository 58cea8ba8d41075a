using MassTransit;
using Verzuim.Contracts;

namespace Verzuim.Host.Messaging;

/// <summary>
/// Hands an inbound pupil event from the queue to the <see cref="PupilEventHandler"/>, in a batch with the events the
/// other consumers hold at that moment (<see cref="InboundBatcher"/>); its own outcome decides its retry or error queue. A message without the
/// fields every pupil event must carry is refused at once (no retry) and lands in the error queue with that reason.
/// </summary>
public sealed class PupilEventConsumer<T>(InboundBatcher batcher) : IConsumer<T>
    where T : class, IPupilEvent
{
    public Task Consume(ConsumeContext<T> context) => batcher.SubmitAsync(context.Message, context.CancellationToken);
}
