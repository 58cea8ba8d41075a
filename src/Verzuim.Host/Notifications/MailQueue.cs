using Microsoft.Extensions.Options;
using Verzuim.Cases.Mail;
using Verzuim.Cases.People;
using Verzuim.Workflows.Stores;

namespace Verzuim.Host.Notifications;

/// <summary>A mail to send to a person, with the key that makes it happen once.</summary>
public sealed record QueuedMail(string Key, string Kind, Person To, string Subject, string Body);

/// <summary>
/// Puts notification mails into the mail outbox (<see cref="MailOutbox"/>, the table <c>mail_outbox</c>) when mail is
/// configured; <see cref="MailSender"/> sends them. A key that is already there is skipped: the notification was
/// queued before, by this host or another.
/// </summary>
public sealed class MailQueue(MailOutbox outbox, IOptions<MailOptions> options)
{
    public const string New = "nieuw", Assigned = "toegewezen", Overdue = "achterstallig", Digest = "samenvatting";

    public bool Enabled => options.Value.Enabled;

    /// <summary>Queues the mails whose key is new in their own transaction; returns how many.</summary>
    public Task<int> QueueAsync(IReadOnlyCollection<QueuedMail> mails, CancellationToken ct) =>
        !Enabled || mails.Count == 0 ? Task.FromResult(0) : outbox.QueueAsync(mails.Select(Outgoing).ToList(), ct);

    public static OutgoingMail Outgoing(QueuedMail mail) => new(mail.Key, mail.Kind, mail.To.UserName, mail.To.Email, mail.Subject, mail.Body);
}
