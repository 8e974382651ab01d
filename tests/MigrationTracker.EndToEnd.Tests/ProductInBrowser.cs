using Microsoft.Playwright;
using MigrationTracker.Testing;

namespace MigrationTracker.EndToEnd.Tests;

/// <summary>
/// What every browser test stands on: a fresh folder, the web app started on it with the test's settings, and
/// Debian's Chromium to drive it. Disposing ends them in order, the browser first and the folder last.
/// </summary>
internal sealed class ProductInBrowser(string folderPrefix) : IAsyncDisposable
{
    private ProductProcess? _web;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>The test's folder: the web app runs in its <c>web</c> folder; the rest (data, fixtures) is the test's to arrange.</summary>
    public TemporaryDirectory Folder { get; } = new(folderPrefix);

    /// <summary>A client for calling the web app directly, as an API client would.</summary>
    public HttpClient Http { get; } = new();

    public ProductProcess Web => _web ?? throw new InvalidOperationException("The web app is not running: call StartAsync first.");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser is not launched: call StartAsync first.");

    /// <summary>Starts the web app with <paramref name="settings"/>, waits until it is ready, and launches the browser.</summary>
    public async Task StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        _web = ProductProcess.StartWeb(Folder.Combine("web"), settings);
        await _web.WaitUntilReadyAsync(Http, TimeSpan.FromSeconds(60));
        _playwright = await Playwright.CreateAsync();
        _browser = await Browsers.LaunchAsync(_playwright);
    }

    public Task<IPage> NewPageAsync(int width, int height) =>
        Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });

    /// <summary>Ends the web app before the test does, so that what it left in the folder can be read.</summary>
    public async Task EndWebAsync()
    {
        await Web.DisposeAsync();
        _web = null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_web is not null)
        {
            await _web.DisposeAsync();
        }

        Http.Dispose();
        Folder.Dispose();
    }
}
