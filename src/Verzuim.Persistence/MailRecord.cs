namespace Verzuim.Persistence;

/// <summary>
/// A notification mail waiting to go out (or sent). The key makes each notification happen once however many hosts
/// look for it ("nieuw:{task}:{user}", "digest:{user}:{date}"); a failed send is retried at <see cref="NextAttemptAt"/>.
/// </summary>
public sealed class MailRecord
{
    public Guid Id { get; set; }
    public required string Key { get; set; }
    public required string Kind { get; set; }
    public required string UserName { get; set; }
    public required string ToAddress { get; set; }
    public required string Subject { get; set; }
    public required string Body { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public string? LastError { get; set; }
}
