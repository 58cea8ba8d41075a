using Microsoft.EntityFrameworkCore;
using Verzuim.Persistence;
using Verzuim.Workflows.Stores;

namespace Verzuim.Cases.People;

/// <summary>
/// The people the service knows (the table <c>people</c>): who signed in with a case role, as their identity provider
/// described them then, with their notification choices. Returned as <see cref="Person"/> values.
/// </summary>
public sealed class PersonStore(WorkflowStore store)
{
    public async Task<IReadOnlyList<Person>> AllAsync(CancellationToken ct)
    {
        await using var db = store.CreateContext();
        return (await db.People.AsNoTracking().ToListAsync(ct)).Select(Person.From).ToList();
    }

    /// <summary>The person with this user name, or null when they never signed in.</summary>
    public async Task<Person?> FindAsync(string userName, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        return await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.UserName == userName, ct) is { } r ? Person.From(r) : null;
    }

    /// <summary>
    /// Writes what the identity provider says about the person now (a missing address does not erase a known one);
    /// false when another host or request wrote the same person at the same moment (the next sign-in tries again).
    /// </summary>
    public async Task<bool> RecordAsync(string userName, string? displayName, string? email, string roles, string schools, DateTimeOffset at,
        CancellationToken ct)
    {
        await using var db = store.CreateContext();
        var person = await db.People.FirstOrDefaultAsync(p => p.UserName == userName, ct);
        if (person is null) db.People.Add(person = new PersonRecord { UserName = userName });
        person.DisplayName = displayName;
        person.Email = email ?? person.Email;
        person.Roles = roles;
        person.Schools = schools;
        person.LastSignInAt = at;
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException) { return false; }
        return true;
    }

    /// <summary>Sets the person's mail choices; null when the person is not known yet.</summary>
    public async Task<Person?> SetNotificationsAsync(string userName, bool notifications, bool digest, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        var person = await db.People.FirstOrDefaultAsync(p => p.UserName == userName, ct);
        if (person is null) return null;
        person.Notifications = notifications;
        person.Digest = digest;
        await db.SaveChangesAsync(ct);
        return Person.From(person);
    }
}
