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
}
