using System.Collections.Concurrent;
using Microsoft.Playwright;
using MigrationTracker.Testing;

namespace MigrationTracker.EndToEnd.Tests;

/// <summary>
/// The product under its own Content-Security-Policy in Chromium: each page loads, connects its circuit over a
/// WebSocket and answers clicks, and the browser reports not a single violation of the policy.
/// </summary>
public sealed class ContentSecurityPolicyTests : IAsyncLifetime
{
    // Runs in the page before any of its own scripts, on every navigation.
    private const string ViolationListener = """
        document.addEventListener('securitypolicyviolation', e =>
            window.reportCspViolation(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber} ${e.sample}`));
        """;

    private readonly ProductInBrowser _product = new("mt-e2e-csp");
    private readonly TemporaryDirectory _folder;
    private readonly ConcurrentQueue<string> _violations = new();
    private readonly ConcurrentQueue<string> _webSockets = new();

    public ContentSecurityPolicyTests() => _folder = _product.Folder;

    public async ValueTask InitializeAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage__DataDirectory"] = _folder.Combine("data"),
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
        };
        await using (var seed = ProductProcess.RunWebCommand(_folder.Combine("web"), ["demo-seed", "--drivers", "20", "--repositories", "2", "--teams", "2", "--weeks", "4"], settings))
        {
            (await seed.WaitForExitAsync(TimeSpan.FromSeconds(120))).ShouldBe(0, seed.Output);
        }

        await _product.StartAsync(settings);
    }

    [Fact]
    public async Task The_overview_drivers_a_driver_and_reports_work_without_a_single_violation()
    {
        var page = await WatchedPageAsync();
        await SignInAsync(page);

        await OpenUnderPolicyAsync(page, "");
        await Browsers.ShotAsync(page, "csp-overview");

        await OpenUnderPolicyAsync(page, "drivers");
        var driver = (await page.GetByTestId("driver-link").First.GetAttributeAsync("href"))!;

        // A round trip through the circuit: typing filters the grid on the server.
        await Browsers.MudInput(page, "filter-text").FillAsync("rs");
        await page.WaitForURLAsync(url => url.Contains("q=rs", StringComparison.Ordinal));
        await Browsers.ShotAsync(page, "csp-drivers");

        await OpenUnderPolicyAsync(page, driver);
        await page.GetByTestId("driver-name").WaitForAsync();
        await Browsers.ShotAsync(page, "csp-driver");

        await OpenUnderPolicyAsync(page, "reports");
        await page.GetByTestId("generate-report").WaitForAsync();
        await Browsers.ShotAsync(page, "csp-reports");

        _violations.ShouldBeEmpty();
        _webSockets.Count.ShouldBe(4, "each page's circuit connects over a WebSocket, which connect-src 'self' must allow");
        _webSockets.ShouldAllBe(url => url.Contains("/_blazor", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_job_dashboard_draws_its_graphs_and_polls_its_figures_without_a_violation()
    {
        var page = await WatchedPageAsync();
        await SignInAsync(page);

        var response = await page.GotoAsync(new Uri(_product.Web.BaseAddress!, "hangfire").ToString());
        ShouldCarryThePolicy(response);
        await page.WaitForResponseAsync(r => r.Url.Contains("/hangfire/stats", StringComparison.Ordinal));
        (await page.Locator("canvas").CountAsync()).ShouldBeGreaterThan(0, "the dashboard draws its graphs with its own scripts");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browsers.Screenshots, "csp-hangfire.png") });

        var recurring = await page.GotoAsync(new Uri(_product.Web.BaseAddress!, "hangfire/recurring").ToString());
        ShouldCarryThePolicy(recurring);
        await page.Locator(".js-jobs-list-checkbox").First.CheckAsync();
        var trigger = await page.RunAndWaitForResponseAsync(
            () => page.Locator("button.js-jobs-list-command").First.ClickAsync(),
            r => r.Request.Method == "POST");
        trigger.Ok.ShouldBeTrue($"triggering a recurring job answered {trigger.Status}");

        _violations.ShouldBeEmpty();
    }

    /// <summary>Signs the browser in through the sign-in page (under the same policy) and lands on a page without a circuit.</summary>
    private Task SignInAsync(IPage page) => Browsers.SignInAsync(page, _product.Web, "/health/live");

    /// <summary>A page whose policy violations (events and console reports alike) and WebSockets are recorded.</summary>
    private async Task<IPage> WatchedPageAsync()
    {
        var page = await _product.NewPageAsync(1280, 900);
        await page.ExposeFunctionAsync("reportCspViolation", (string violation) => _violations.Enqueue(violation));
        await page.AddInitScriptAsync(ViolationListener);
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                _violations.Enqueue($"console: {message.Text}");
            }
        };
        page.WebSocket += (_, socket) => _webSockets.Enqueue(socket.Url);
        return page;
    }

    private async Task OpenUnderPolicyAsync(IPage page, string path)
    {
        var response = await page.GotoAsync(new Uri(_product.Web.BaseAddress!, path).ToString());
        ShouldCarryThePolicy(response);
        try
        {
            await page.GetByTestId("interactive").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        }
        catch (TimeoutException)
        {
            // A policy that blocks the circuit's script or socket shows as a page that never turns interactive: say why.
            throw new ShouldAssertException($"/{path} never became interactive. Policy violations: {string.Join("; ", _violations)}");
        }
    }

    private static void ShouldCarryThePolicy(IResponse? response)
    {
        response.ShouldNotBeNull();
        response.Ok.ShouldBeTrue($"{response.Url} answered {response.Status}");
        response.Headers.ShouldContainKey("content-security-policy");
        response.Headers["content-security-policy"].ShouldContain("script-src 'self' 'nonce-");
        response.Headers["x-frame-options"].ShouldBe("DENY");
    }

    public ValueTask DisposeAsync() => _product.DisposeAsync();
}
