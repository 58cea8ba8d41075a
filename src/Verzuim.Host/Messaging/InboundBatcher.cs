using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Verzuim.Contracts;
using Verzuim.Workflows.Runtime;

namespace Verzuim.Host.Messaging;

/// <summary>
/// Gathers the pupil events the queue's consumers deliver at the same moment and applies them together, up to
/// <see cref="MessagingOptions.InboundBatchSize"/> in one transaction (<see cref="PupilEventHandler.ApplyAsync"/>), in
/// the order they arrived. No waiting for a batch to fill: a worker takes what is queued when it is free, so a quiet
/// queue sees no added latency and a busy one shares commits and reads. Each consumer gets its own message's result or
/// failure, so MassTransit's retry and error queue still work per message: a bad message lands in the error queue alone,
/// with its own reason, and the others of its batch are committed.
/// </summary>
public sealed class InboundBatcher(PupilEventHandler handler, IOptions<MessagingOptions> options, ILogger<InboundBatcher> logger) : BackgroundService
{
    private sealed record Pending(IPupilEvent Message, TaskCompletionSource<CorrelationResult> Done);

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleWriter = false });

    public async Task<CorrelationResult> SubmitAsync(IPupilEvent message, CancellationToken ct)
    {
        handler.Validate(message); // refused before it joins a batch
        var pending = new Pending(message, new TaskCompletionSource<CorrelationResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        await _queue.Writer.WriteAsync(pending, ct);
        return await pending.Done.Task.WaitAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var workers = Math.Max(1, options.Value.InboundBatchWorkers);
        try { await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => WorkAsync(stoppingToken))); }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
        finally
        {
            // the host is stopping: what is left is not applied; its consumers fail, and the broker redelivers it
            _queue.Writer.TryComplete();
            while (_queue.Reader.TryRead(out var left)) left.Done.TrySetCanceled(stoppingToken);
        }
    }

    private async Task WorkAsync(CancellationToken ct)
    {
        var size = Math.Max(1, options.Value.InboundBatchSize);
        var batch = new List<Pending>(size);
        while (await _queue.Reader.WaitToReadAsync(ct))
        {
            batch.Clear();
            while (batch.Count < size && _queue.Reader.TryRead(out var pending)) batch.Add(pending);
            if (batch.Count == 0) continue;
            try
            {
                var outcomes = await handler.ApplyAsync(batch.Select(p => p.Message).ToList(), ct);
                for (var i = 0; i < batch.Count; i++)
                    if (outcomes[i].Failure is { } failure) batch[i].Done.TrySetException(failure);
                    else batch[i].Done.TrySetResult(outcomes[i].Result!);
            }
            catch (Exception e)
            {
                if (e is not OperationCanceledException) logger.LogWarning(e, "A batch of {Count} inbound message(s) failed as a whole", batch.Count);
                foreach (var pending in batch) pending.Done.TrySetException(e);
            }
        }
    }
}
