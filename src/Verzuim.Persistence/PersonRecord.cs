namespace Verzuim.Persistence;

/// <summary>
/// A person as they last signed in (name, e-mail address, access roles and schools from the identity provider's
/// claims) with their notification choices, so a task can be assigned and mailed to someone who is not signed in now.
/// </summary>
public sealed class PersonRecord
{
    public const int MaxUserNameLength = 200;
    public required string UserName { get; set; }
    public string? DisplayName { get; set; }
    public string? Email { get; set; }
    /// <summary>Access roles, comma-separated as signed in.</summary>
    public string Roles { get; set; } = "";
    /// <summary>School ids, comma-separated as signed in.</summary>
    public string Schools { get; set; } = "";
    public DateTimeOffset LastSignInAt { get; set; }
    /// <summary>Mails about new, assigned and overdue tasks.</summary>
    public bool Notifications { get; set; } = true;
    /// <summary>The daily digest of open and overdue tasks, apart from <see cref="Notifications"/>.</summary>
    public bool Digest { get; set; } = true;
}
