namespace Verzuim.Cases.Mail;

/// <summary>A notification mail for a person, with the key that makes it happen once ("toegewezen:{task}:{user}:{ticks}").</summary>
public sealed record OutgoingMail(string Key, string Kind, string UserName, string? Email, string Subject, string Body);
