using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Verzuim.Persistence;

namespace Verzuim.Host.Notifications;

/// <summary>A mail to send to a person, with the key that makes it happen once.</summary>
public sealed record QueuedMail(string Key, string Kind, PersonRecord To, string Subject, string Body);

/// <summary>
/// Puts notification mails into the mail outbox (the table <c>mail_outbox</c>); <see cref="MailSender"/> sends them.
/// A key that is already there is skipped: the notification was queued before, by this host or another.
/// </summary>
public sealed class MailQueue(IOptions<MailOptions> options, ILogger<MailQueue> logger)
{
    public const string New = "nieuw", Assigned = "toegewezen", Overdue = "achterstallig", Digest = "samenvatting";

    public bool Enabled => options.Value.Enabled;

    /// <summary>Adds the mails whose key is new to the context (saved by the caller, with what caused them).</summary>
    public async Task<int> AddAsync(WorkflowDbContext db, IReadOnlyCollection<QueuedMail> mails, CancellationToken ct)
    {
        if (!Enabled || mails.Count == 0) return 0;
        var keys = mails.Select(m => m.Key).ToList();
        var known = (await db.Mails.AsNoTracking().Where(m => keys.Contains(m.Key)).Select(m => m.Key).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var now = DateTimeOffset.UtcNow;
        var added = 0;
        foreach (var mail in mails.DistinctBy(m => m.Key))
        {
            if (known.Contains(mail.Key)) continue;
            if (mail.To.Email is not { Length: > 0 } address)
            {
                logger.LogInformation("No e-mail address known for {User}; {Kind} notification not sent", mail.To.UserName, mail.Kind);
                continue;
            }
            db.Mails.Add(new MailRecord
            {
                Id = Guid.NewGuid(), Key = mail.Key, Kind = mail.Kind, UserName = mail.To.UserName, ToAddress = address,
                Subject = mail.Subject.Length > 300 ? mail.Subject[..300] : mail.Subject, Body = mail.Body, CreatedAt = now, NextAttemptAt = now,
            });
            added++;
        }
        return added;
    }
}
