namespace Verzuim.Persistence;

/// <summary>
/// A sign-in session ended by logout. A cookie carrying this session id is refused on every host until the cookie
/// could have expired anyway (<see cref="ExpiresAt"/>), after which the row may go.
/// </summary>
public sealed class RevokedSessionRecord
{
    public required string SessionId { get; set; }
    public DateTimeOffset RevokedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}
