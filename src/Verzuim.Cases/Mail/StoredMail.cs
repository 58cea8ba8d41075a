using Verzuim.Persistence;

namespace Verzuim.Cases.Mail;

/// <summary>A notification mail in the outbox, sent or waiting; a failed send is retried at <see cref="NextAttemptAt"/>.</summary>
public sealed record StoredMail(Guid Id, string Key, string Kind, string UserName, string ToAddress, string Subject, string Body, DateTimeOffset CreatedAt,
    DateTimeOffset NextAttemptAt, int Attempts, DateTimeOffset? SentAt, string? LastError)
{
    internal static StoredMail From(MailRecord r) =>
        new(r.Id, r.Key, r.Kind, r.UserName, r.ToAddress, r.Subject, r.Body, r.CreatedAt, r.NextAttemptAt, r.Attempts, r.SentAt, r.LastError);
}
