using Microsoft.EntityFrameworkCore;
using Verzuim.Workflows.Management;
using Verzuim.Workflows.Stores;

namespace Verzuim.Persistence.Management;

/// <summary><see cref="IMessageQueries"/> on the store.</summary>
public sealed class EfMessageQueries(WorkflowStore store) : IMessageQueries
{
    public async Task<ProcessedMessage?> ProcessedAsync(Guid messageId, CancellationToken ct = default)
    {
        await using var db = store.CreateContext();
        return await db.ProcessedMessages.AsNoTracking().Where(p => p.MessageId == messageId)
            .Select(p => new ProcessedMessage(p.MessageId, p.MessageName, p.ProcessedAt, p.Outcome)).FirstOrDefaultAsync(ct);
    }

    public async Task<IReadOnlyList<MessageWait>> WaitingAsync(string messageName, string keyPrefix, CancellationToken ct = default)
    {
        await using var db = store.CreateContext();
        var waiting = await db.Subscriptions.AsNoTracking()
            .Where(s => s.Kind == SubscriptionKind.Message && s.MessageName == messageName && s.InstanceId != null && s.CorrelationKey != null
                        && s.CorrelationKey.StartsWith(keyPrefix))
            .Select(s => new { InstanceId = s.InstanceId!.Value, CorrelationKey = s.CorrelationKey!, s.CreatedAt }).ToListAsync(ct);
        if (waiting.Count == 0) return [];
        // waits opened in one step share an instant; timeline ids are in insertion order on every store
        var instances = waiting.Select(w => w.InstanceId).Distinct().ToList();
        var firstEntry = await db.Timeline.AsNoTracking().Where(t => instances.Contains(t.InstanceId))
            .GroupBy(t => t.InstanceId).Select(g => new { InstanceId = g.Key, First = g.Min(t => t.Id) })
            .ToDictionaryAsync(x => x.InstanceId, x => x.First, ct);
        return waiting.OrderBy(w => w.CreatedAt).ThenBy(w => firstEntry.GetValueOrDefault(w.InstanceId, long.MaxValue))
            .Select(w => new MessageWait(w.InstanceId, w.CorrelationKey, w.CreatedAt)).ToList();
    }
}
