using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Verzuim.Workflows.Tests.Support;

namespace Verzuim.Browser.Tests;

/// <summary>Browser tests share one host and one Chromium: <c>[Collection(BrowserCollection.Name)]</c>.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserHost>
{
    public const string Name = "browser";
}

/// <summary>
/// The REAL host (Program) listening on Kestrel on a free 127.0.0.1 port, on a fresh PostgreSQL database and the
/// RabbitMQ broker ./test.sh started, with the built-in development identity provider, the models of workflows/
/// published at start-up and the built front-ends (web/); plus Debian's Chromium driven by Playwright. Each
/// <see cref="NewPageAsync"/> is a fresh browser context (own cookies), so tests log in as different users side by side.
/// State (cases, versions) is shared by every test of the collection: use your own pupil ids.
/// </summary>
public sealed class BrowserHost : IAsyncLifetime
{
    public const string Password = "demo";

    // The flags of the brief: a headless, quiet browser that never reaches out to Google's services.
    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
    ];

    private Factory? _factory;
    private IPlaywright? _playwright;
    private readonly List<IBrowserContext> _contexts = [];

    public Uri BaseAddress { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public IServiceProvider Services => _factory!.Services;

    /// <summary>Console errors, uncaught page errors and failed requests of every page, for failure messages.</summary>
    public ConcurrentQueue<string> BrowserLog { get; } = new();

    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>Where screenshots go: .tmp/test-results/screenshots (gitignored; ./test.sh's results folder).</summary>
    public static string ScreenshotDir { get; } = Path.Combine(RepoRoot, ".tmp", "test-results", "screenshots");

    public static string ChromiumPath =>
        Environment.GetEnvironmentVariable("VERZUIM_TEST_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Workflows"] = await TestDatabase.CreateEmptyAsync("browser"),
            ["Messaging:RabbitMq"] = Environment.GetEnvironmentVariable("VERZUIM_TEST_RABBITMQ") is { Length: > 0 } uri ? uri
                : throw new InvalidOperationException("VERZUIM_TEST_RABBITMQ is not set. Run the tests with ./test.sh, which starts RabbitMQ on 127.0.0.1."),
            ["Messaging:InboundQueue"] = $"verzuim-browser-{Guid.NewGuid():N}"[..31],
            ["Messaging:OutboxPollInterval"] = "00:00:00.100",
            ["Engine:TimerPollInterval"] = "00:00:00.200",
            ["Engine:WorkflowsPath"] = "workflows",
            ["Auth:DevIdentityProvider"] = "true",
        };
        // notification mails go to the SMTP server ./test.sh started (Exim); their links point at this host
        if (Environment.GetEnvironmentVariable("VERZUIM_TEST_SMTP_PORT") is { Length: > 0 } smtpPort)
        {
            settings["Meldingen:SmtpHost"] = Environment.GetEnvironmentVariable("VERZUIM_TEST_SMTP_HOST") ?? "127.0.0.1";
            settings["Meldingen:SmtpPort"] = smtpPort;
            settings["Meldingen:Beveiliging"] = "Geen";
            settings["Meldingen:Interval"] = "00:00:00.300";
        }
        _factory = new Factory(settings);
        _factory.UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
        _factory.StartServer();
        await Services.GetRequiredService<Verzuim.Host.Engine.StoreInitializer>().Ready.WaitAsync(TimeSpan.FromSeconds(90));
        await Services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(30));

        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        // 127.0.0.1 rather than localhost: one origin for cookies and the identity provider's redirects
        BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1").TrimEnd('/') + "/");

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
            Timeout = 60_000,
        });
    }

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts) await context.CloseAsync();
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        if (_factory is not null) await _factory.DisposeAsync();
    }

    /// <summary>A page in a fresh browser context (own cookies); logged in through the OIDC form when <paramref name="user"/> is given.</summary>
    public async Task<IPage> NewPageAsync(string? user = null, string returnUrl = "/")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            Locale = "nl-NL",
            TimezoneId = "Europe/Amsterdam",
            ViewportSize = new ViewportSize { Width = 1600, Height = 1000 },
        });
        context.SetDefaultTimeout(20_000);
        _contexts.Add(context);
        var page = await context.NewPageAsync();
        page.Console += (_, message) => { if (message.Type is "error" or "warning") BrowserLog.Enqueue($"[{message.Type}] {page.Url}: {message.Text}"); };
        page.PageError += (_, error) => BrowserLog.Enqueue($"[pageerror] {page.Url}: {error}");
        page.RequestFailed += (_, request) => BrowserLog.Enqueue($"[requestfailed] {request.Method} {request.Url}: {request.Failure}");
        if (user is not null) await LoginAsync(page, user, returnUrl);
        return page;
    }

    /// <summary>
    /// Logs in through the OIDC login form of the development identity provider (authorization code + PKCE into the
    /// host's cookie session) and waits until the browser is back at <paramref name="returnUrl"/>.
    /// </summary>
    public static async Task LoginAsync(IPage page, string user, string returnUrl = "/")
    {
        // the first login of a run passes the OIDC round trip through cold endpoints: slow on a loaded 2-core machine
        await page.GotoAsync($"account/login?returnUrl={Uri.EscapeDataString(returnUrl)}", new() { Timeout = 60_000 });
        await page.Locator("input[name=username]").FillAsync(user);
        await page.Locator("input[name=password]").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Inloggen" }).ClickAsync();
        var path = returnUrl.Split('?', '#')[0];
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == path, new() { Timeout = 30_000 });
    }

    /// <summary>
    /// Calls the API as the page's logged-in user (the context's cookies); state-changing calls carry the CSRF header.
    /// Returns the body as text; throws with the answer's body when the status is not a success.
    /// </summary>
    public static async Task<string> ApiTextAsync(IPage page, string method, string path, object? json = null, string? xml = null)
    {
        var headers = new Dictionary<string, string> { ["Accept"] = "application/json, application/xml" };
        if (method != "GET") headers["X-Verzuim-Csrf"] = "1";
        var options = new APIRequestContextOptions { Method = method, Headers = headers, FailOnStatusCode = false };
        if (json is not null) options.DataObject = json;
        if (xml is not null) { headers["Content-Type"] = "application/xml"; options.Data = xml; }
        var response = await page.Context.APIRequest.FetchAsync(path, options);
        var body = await response.TextAsync();
        if (!response.Ok) throw new HttpRequestException($"{method} {path}: {response.Status} {body}", null, (System.Net.HttpStatusCode)response.Status);
        return body;
    }

    /// <summary><see cref="ApiTextAsync"/> with the answer parsed as JSON (default when the answer is empty).</summary>
    public static async Task<JsonElement> ApiAsync(IPage page, string method, string path, object? json = null, string? xml = null)
    {
        var body = await ApiTextAsync(page, method, path, json, xml);
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>An HttpClient for the host as the system client <c>verzuim-koppeling</c> (client credentials, role koppeling).</summary>
    public async Task<HttpClient> SystemClientAsync()
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        using var token = await client.PostAsync("connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = "verzuim-koppeling",
            ["client_secret"] = "koppeling-geheim",
        }));
        var body = await token.Content.ReadAsStringAsync();
        if (!token.IsSuccessStatusCode) throw new HttpRequestException($"client credentials refused: {(int)token.StatusCode} {body}");
        var accessToken = JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    /// <summary>Posts a contract message as a system would (<c>POST /api/messages/{name}</c>); returns the answer.</summary>
    public async Task<JsonElement> SendMessageAsync(string name, object body)
    {
        using var client = await SystemClientAsync();
        using var response = await client.PostAsJsonAsync($"api/messages/{name}", body);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"POST /api/messages/{name}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Saves a full-page screenshot under .tmp/test-results/screenshots/ and returns its path.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name, bool fullPage = false)
    {
        Directory.CreateDirectory(ScreenshotDir);
        var path = Path.Combine(ScreenshotDir, $"{name}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = fullPage });
        return path;
    }

    public string DescribeBrowserLog() => BrowserLog.IsEmpty ? "(no browser errors)" : string.Join(Environment.NewLine, BrowserLog);

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Verzuim.sln"))) return dir.FullName;
        throw new InvalidOperationException("Verzuim.sln not found above " + AppContext.BaseDirectory);
    }

    private sealed class Factory(Dictionary<string, string?> settings) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            // UseSetting reaches Program before it reads configuration (ConfigureAppConfiguration would come too late)
            foreach (var (key, value) in settings) builder.UseSetting(key, value);
        }
    }
}
