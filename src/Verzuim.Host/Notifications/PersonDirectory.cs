using System.Collections.Concurrent;
using System.Security.Claims;
using Verzuim.Cases.People;
using Verzuim.Host.Auth;
using Verzuim.Host.Schools;
using Verzuim.Host.Tasks;
using Verzuim.Workflows.Management;
using Verzuim.Workflows.Stores;

namespace Verzuim.Host.Notifications;

/// <summary>
/// The people the service knows: everyone who signed in with a case role, as their identity provider described them
/// then (name, e-mail, roles, schools). A colleague can be assigned a task and mailed while not signed in; someone who
/// never signed in is unknown (the service has no other source for their schools and address).
/// </summary>
public sealed class PersonDirectory(PersonStore store, SchoolDirectory schools, ILogger<PersonDirectory> logger)
{
    public const string EmailClaim = "email";
    private readonly ConcurrentDictionary<string, string> _recorded = new(StringComparer.Ordinal); // user -> what was last written

    /// <summary>Records the caller when what the provider says about them changed since this host last wrote it.</summary>
    public async Task RecordAsync(Caller caller, CancellationToken ct)
    {
        if (!Roles.CaseReaders.Any(caller.IsInRole) || caller.UserName.Length > Person.MaxUserNameLength) return;
        var email = caller.Principal.FindFirst(EmailClaim)?.Value?.Trim();
        if (email is { Length: > 320 } || email?.Contains('@') == false) email = null;
        var roles = string.Join(',', caller.Roles.Order(StringComparer.Ordinal));
        var schoolIds = string.Join(',', caller.Schools.Order(StringComparer.Ordinal));
        var fingerprint = $"{caller.DisplayName}|{email}|{roles}|{schoolIds}";
        if (_recorded.TryGetValue(caller.UserName, out var known) && known == fingerprint) return;
        // a token without the email scope does not erase a known address
        if (!await store.RecordAsync(caller.UserName, caller.DisplayName is { Length: > 200 } name ? name[..200] : caller.DisplayName, email, roles, schoolIds,
                DateTimeOffset.UtcNow, ct))
        {
            // another host (or request) recorded the same person at the same moment; the next request tries again
            logger.LogInformation("Recording {User} raced another writer", caller.UserName);
            return;
        }
        _recorded[caller.UserName] = fingerprint;
    }

    public Task<IReadOnlyList<Person>> AllAsync(CancellationToken ct) => store.AllAsync(ct);

    /// <summary>The person with this user name, or null when they never signed in.</summary>
    public Task<Person?> FindAsync(string userName, CancellationToken ct) => store.FindAsync(userName, ct);

    /// <summary>Sets the person's mail choices; null when the person is not known yet.</summary>
    public Task<Person?> SetNotificationsAsync(string userName, bool notifications, bool digest, CancellationToken ct) =>
        store.SetNotificationsAsync(userName, notifications, digest, ct);

    /// <summary>The person as a caller: the same rules decide what they may work on as when they sign in themselves.</summary>
    public Caller AsCaller(Person person)
    {
        var identity = new ClaimsIdentity("verzuim-people", ClaimNames.Name, ClaimNames.Role);
        identity.AddClaim(new Claim(ClaimNames.UserName, person.UserName));
        identity.AddClaim(new Claim(ClaimNames.Name, person.DisplayName ?? person.UserName));
        foreach (var role in Split(person.Roles)) identity.AddClaim(new Claim(ClaimNames.Role, role));
        foreach (var school in Split(person.Schools)) identity.AddClaim(new Claim(ClaimNames.School, school));
        return new Caller(new ClaimsPrincipal(identity), schools);
    }

    /// <summary>Who could pick this task up themselves: a case role, the task's school, and its candidate role there.</summary>
    public bool MayWorkOn(Person person, WorkTask task, CaseInstance instance) => MayWorkOn(AsCaller(person), task, instance);

    public static bool MayWorkOn(Caller person, WorkTask task, CaseInstance instance) =>
        Roles.CaseReaders.Any(person.IsInRole) && TaskEndpoints.MayWorkOn(person, task, instance);

    private static string[] Split(string list) => list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>Records who signed in (after authentication), so the directory knows their address and schools.</summary>
public sealed class PersonRecording(RequestDelegate next, ILogger<PersonRecording> logger)
{
    public async Task InvokeAsync(HttpContext http, PersonDirectory people, Caller caller)
    {
        if (http.User.Identity?.IsAuthenticated == true && http.Request.Path.StartsWithSegments("/api"))
        {
            // the request itself must not fail because the directory could not be written; the next one retries
            try { await people.RecordAsync(caller, http.RequestAborted); }
            catch (Exception e) when (e is not OperationCanceledException) { logger.LogWarning("Could not record {User}: {Error}", caller.UserName, e.Message); }
        }
        await next(http);
    }
}
