using Verzuim.Persistence;

namespace Verzuim.Cases.People;

/// <summary>
/// A person as they last signed in (name, e-mail address, access roles and schools from the identity provider's
/// claims) with their notification choices.
/// </summary>
/// <param name="Roles">Access roles, comma-separated as signed in.</param>
/// <param name="Schools">School ids, comma-separated as signed in.</param>
/// <param name="Notifications">Mails about new, assigned and overdue tasks.</param>
/// <param name="Digest">The daily digest of open and overdue tasks, apart from <paramref name="Notifications"/>.</param>
public sealed record Person(string UserName, string? DisplayName, string? Email, string Roles, string Schools, DateTimeOffset LastSignInAt,
    bool Notifications, bool Digest)
{
    public const int MaxUserNameLength = PersonRecord.MaxUserNameLength;

    internal static Person From(PersonRecord r) => new(r.UserName, r.DisplayName, r.Email, r.Roles, r.Schools, r.LastSignInAt, r.Notifications, r.Digest);
}
