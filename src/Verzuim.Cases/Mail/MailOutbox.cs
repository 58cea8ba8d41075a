using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Verzuim.Persistence;
using Verzuim.Workflows.Stores;

namespace Verzuim.Cases.Mail;

/// <summary>
/// Puts notification mails into the mail outbox (the table <c>mail_outbox</c>), in the caller's transaction: a mail
/// goes out only when what caused it was committed. A key that is already there is skipped (queued before, here or
/// by another host); a person without an address gets nothing.
/// </summary>
public sealed class MailOutbox(WorkflowStore store, ILogger<MailOutbox> logger)
{
    public const int MaxSubjectLength = 300;

    /// <summary>Queues the mails whose key is new, in a transaction of their own; 0 when another host queued some of them at the same moment.</summary>
    public async Task<int> QueueAsync(IReadOnlyCollection<OutgoingMail> mails, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        var added = await AddAsync(db, mails, ct);
        if (added == 0) return 0;
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException e)
        {
            // the next round adds the rest
            logger.LogInformation("Notification mails raced another host: {Error}", e.InnerException?.Message ?? e.Message);
            return 0;
        }
        return added;
    }

    /// <summary>Adds the mails whose key is new to the context (saved by the caller); returns how many.</summary>
    public async Task<int> AddAsync(WorkflowDbContext db, IReadOnlyCollection<OutgoingMail> mails, CancellationToken ct)
    {
        if (mails.Count == 0) return 0;
        var keys = mails.Select(m => m.Key).ToList();
        var known = (await db.Mails.AsNoTracking().Where(m => keys.Contains(m.Key)).Select(m => m.Key).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var now = DateTimeOffset.UtcNow;
        var added = 0;
        foreach (var mail in mails.DistinctBy(m => m.Key))
        {
            if (known.Contains(mail.Key)) continue;
            if (mail.Email is not { Length: > 0 } address)
            {
                logger.LogInformation("No e-mail address known for {User}; {Kind} notification not sent", mail.UserName, mail.Kind);
                continue;
            }
            db.Mails.Add(new MailRecord
            {
                Id = Guid.NewGuid(), Key = mail.Key, Kind = mail.Kind, UserName = mail.UserName, ToAddress = address,
                Subject = mail.Subject.Length > MaxSubjectLength ? mail.Subject[..MaxSubjectLength] : mail.Subject, Body = mail.Body, CreatedAt = now, NextAttemptAt = now,
            });
            added++;
        }
        return added;
    }

    /// <summary>Unsent mails whose next attempt is due at <paramref name="now"/>, the longest waiting first.</summary>
    public async Task<IReadOnlyList<StoredMail>> DueAsync(DateTimeOffset now, int max, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        return (await db.Mails.AsNoTracking().Where(m => m.SentAt == null && m.NextAttemptAt <= now).OrderBy(m => m.NextAttemptAt).Take(max).ToListAsync(ct))
            .Select(StoredMail.From).ToList();
    }

    /// <summary>
    /// Claims a due mail until <paramref name="until"/>: true only for the host whose update matched the row as it
    /// read it (unsent, the same next attempt), so two hosts never both send it.
    /// </summary>
    public async Task<bool> ClaimAsync(StoredMail mail, DateTimeOffset until, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        return await db.Mails.Where(m => m.Id == mail.Id && m.SentAt == null && m.NextAttemptAt == mail.NextAttemptAt)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.NextAttemptAt, until), ct) > 0;
    }

    public async Task MarkSentAsync(Guid id, DateTimeOffset at, int attempts, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        await db.Mails.Where(m => m.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.SentAt, at).SetProperty(m => m.Attempts, attempts).SetProperty(m => m.LastError, (string?)null), ct);
    }

    public async Task MarkFailedAsync(Guid id, int attempts, string error, DateTimeOffset nextAttempt, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        await db.Mails.Where(m => m.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Attempts, attempts).SetProperty(m => m.LastError, error).SetProperty(m => m.NextAttemptAt, nextAttempt), ct);
    }

    /// <summary>Removes mails sent before <paramref name="before"/> (they name a pupil id); unsent ones stay. Returns how many.</summary>
    public async Task<int> PurgeSentAsync(DateTimeOffset before, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        return await db.Mails.Where(m => m.SentAt != null && m.SentAt < before).ExecuteDeleteAsync(ct);
    }
}
