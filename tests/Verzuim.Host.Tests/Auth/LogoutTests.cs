using System.Net;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Verzuim.Host.Auth.Dev;
using Verzuim.Persistence;
using Verzuim.Workflows.Tests.Support;

namespace Verzuim.Host.Tests.Auth;

/// <summary>
/// Logout ends the session on the server: a session cookie copied before logout is refused afterwards, on the host
/// that logged out and on another host of the same database. Two hosts on Kestrel, the real OIDC login (authorization
/// code + PKCE through the development provider's login form) over HTTP.
/// </summary>
public sealed class LogoutTests : IAsyncLifetime
{
    private readonly string _keys = Path.Combine(Path.GetTempPath(), $"verzuim-keys-{Guid.NewGuid():N}");
    private VerzuimHost _a = null!, _b = null!;
    private Uri _addressA = null!, _addressB = null!;

    public async Task InitializeAsync()
    {
        var database = await TestDatabase.CreateEmptyAsync("logout");
        // replicas share their data-protection keys (as a deployment must), so each reads the other's cookies
        (_a, _addressA) = await StartAsync(database);
        (_b, _addressB) = await StartAsync(database);
    }

    private async Task<(VerzuimHost, Uri)> StartAsync(string database)
    {
        var host = VerzuimHost.Create(database, services: s => s.AddDataProtection().SetApplicationName("verzuim").PersistKeysToFileSystem(new DirectoryInfo(_keys)));
        host.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        host.StartServer();
        await host.Services.GetRequiredService<Engine.StoreInitializer>().Ready.WaitAsync(TimeSpan.FromSeconds(60));
        await host.Services.GetRequiredService<DevClientRegistration>().Registered.WaitAsync(TimeSpan.FromSeconds(30));
        var address = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (host, new Uri(address.TrimEnd('/') + "/"));
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        if (Directory.Exists(_keys)) Directory.Delete(_keys, recursive: true);
    }

    [Fact]
    public async Task A_session_cookie_copied_before_logout_is_refused_after_it_on_every_host()
    {
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = true }) { BaseAddress = _addressA };
        await LoginAsync(browser, "kernteam-a");
        var copied = string.Join("; ", cookies.GetCookies(_addressA).Where(c => c.Name.StartsWith("verzuim.sessie")).Select(c => $"{c.Name}={c.Value}"));
        Assert.NotEmpty(copied);

        Assert.Equal(HttpStatusCode.OK, await MeAsync(_addressA, copied));
        Assert.Equal(HttpStatusCode.OK, await MeAsync(_addressB, copied)); // the other replica accepts the session too

        var logout = await browser.PostAsync("/account/logout", null);
        Assert.True(logout.IsSuccessStatusCode || logout.StatusCode == HttpStatusCode.Redirect, $"logout: {(int)logout.StatusCode}");
        Assert.DoesNotContain(cookies.GetCookies(_addressA), c => c.Name.StartsWith("verzuim.sessie")); // gone in the browser

        // the copy is refused on the host that logged out and on the other one
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(_addressA, copied));
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(_addressB, copied));

        await using var db = _a.Services.GetRequiredService<WorkflowStore>().CreateContext();
        var revoked = await db.RevokedSessions.SingleAsync();
        Assert.InRange(revoked.ExpiresAt - revoked.RevokedAt, TimeSpan.FromHours(8) - TimeSpan.FromSeconds(1), TimeSpan.FromHours(8) + TimeSpan.FromSeconds(1));

        // signing in again is a new session, and it works
        await LoginAsync(browser, "kernteam-a");
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task Logging_out_one_session_leaves_the_users_other_sessions_alone()
    {
        using var first = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = _addressA };
        using var second = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = _addressB };
        await LoginAsync(first, "voorzitter");
        await LoginAsync(second, "voorzitter");
        await first.PostAsync("/account/logout", null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await first.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/api/me")).StatusCode);
    }

    /// <summary>The browser's way in: /account/login, the provider's form, back through /signin-oidc into the cookie.</summary>
    private static async Task LoginAsync(HttpClient browser, string user)
    {
        var form = await browser.GetAsync("/account/login?returnUrl=/api/me");
        var page = await form.Content.ReadAsStringAsync();
        Assert.Contains("name=\"username\"", page);
        var returnUrl = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(page, "name=\"returnUrl\" value=\"([^\"]*)\"").Groups[1].Value);
        var signedIn = await browser.PostAsync("/dev/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["returnUrl"] = returnUrl, ["username"] = user, ["password"] = DemoUsers.Password,
        }));
        var body = await signedIn.Content.ReadAsStringAsync();
        Assert.True(signedIn.IsSuccessStatusCode, $"login: {(int)signedIn.StatusCode} {body}");
        Assert.Contains($"\"{user}\"", body); // landed on /api/me as the user
    }

    private static async Task<HttpStatusCode> MeAsync(Uri host, string cookie)
    {
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = host };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        request.Headers.Add("Cookie", cookie);
        return (await client.SendAsync(request)).StatusCode;
    }
}
