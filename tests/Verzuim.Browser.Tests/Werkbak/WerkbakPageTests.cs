using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Verzuim.Browser.Tests.Werkbak;

/// <summary>
/// What every werkbak browser test shares: the collection's host, patient expectations (the machine running the tests
/// may be busy: wait for the page rather than fail on a slow moment), each page the test opened screenshotted when it
/// ends (the last state of a failing test), the browser's console in the test output, and the message and calendar
/// support. Derived classes carry [Collection(BrowserCollection.Name)] themselves.
/// </summary>
public abstract class WerkbakPageTests(BrowserHost host, ITestOutputHelper output) : IAsyncLifetime
{
    private readonly List<(IPage Page, string User)> _pages = [];
    private WerkbakSupport? _support;
    private static int _tests;

    protected BrowserHost Host => host;
    protected WerkbakSupport Support => _support ??= new WerkbakSupport(host);

    /// <summary>A page in a browser context of its own, signed in as <paramref name="user"/> at <paramref name="path"/> (no user: not signed in yet).</summary>
    protected async Task<IPage> OpenAsync(string? user = null, string path = "/")
    {
        var page = await host.NewPageAsync();
        page.Context.SetDefaultTimeout(60_000); // the login too may meet a busy machine
        _pages.Add((page, user ?? "anoniem"));
        if (user is not null) await BrowserHost.LoginAsync(page, user, path);
        return page;
    }

    public virtual Task InitializeAsync()
    {
        SetDefaultExpectTimeout(30_000);
        return Task.CompletedTask;
    }

    public virtual async Task DisposeAsync()
    {
        output.WriteLine(host.DescribeBrowserLog());
        var test = Interlocked.Increment(ref _tests); // one class instance per test: number them so they do not overwrite each other
        for (var i = 0; i < _pages.Count; i++)
            if (!_pages[i].Page.IsClosed)
                await BrowserHost.ScreenshotAsync(_pages[i].Page, $"werkbak-last-{GetType().Name}-{test}-{i + 1}-{_pages[i].User}", fullPage: true);
        if (_support is not null) await _support.DisposeAsync();
    }
}
