using Microsoft.Playwright;
using MigrationTracker.Testing;

namespace MigrationTracker.EndToEnd.Tests;

/// <summary>
/// A newcomer's first minutes: an empty product, a local repository added on the Repositories page,
/// the job server in the web process scanning it, and the overview counting its drivers.
/// </summary>
public sealed class FirstRepositoryTests : IAsyncLifetime
{
    private readonly ProductInBrowser _product = new("mt-e2e-first");
    private readonly TemporaryDirectory _folder;

    public FirstRepositoryTests() => _folder = _product.Folder;

    public async ValueTask InitializeAsync()
    {
        DriverFixture.Create(_folder.Combine("drivers"));
        await _product.StartAsync(new Dictionary<string, string?>
        {
            ["Storage__DataDirectory"] = _folder.Combine("data"),
            ["Repositories__LocalRoots__0"] = _folder.Path,
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
        });
    }

    [Fact]
    public async Task A_repository_added_on_the_repositories_page_is_scanned_and_counted_on_the_overview()
    {
        var page = await _product.NewPageAsync(1280, 800);

        await Browsers.OpenAsync(page, _product.Web, "");
        await page.GetByTestId("first-run").WaitForAsync();
        await Browsers.ShotAsync(page, "overview-empty");

        await Browsers.OpenAsync(page, _product.Web, "repositories");
        await page.GetByTestId("add-repository").ClickAsync();
        await Browsers.MudInput(page, "location").FillAsync(_folder.Combine("drivers"));
        await page.GetByTestId("add").ClickAsync();
        try
        {
            await page.GetByTestId("status").Filter(new LocatorFilterOptions { HasText = "Up to date" })
                .WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
        }
        catch (TimeoutException)
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browsers.Screenshots, "repositories-timeout.png"), FullPage = true });
            throw new TimeoutException($"The repository was not scanned in time. Page: {await page.Locator(".mud-main-content").InnerTextAsync()}{Environment.NewLine}Web app:{Environment.NewLine}{_product.Web.Output}");
        }
        await Browsers.ShotAsync(page, "repositories");

        await Browsers.OpenAsync(page, _product.Web, "");
        var tracked = page.GetByTestId("drivers-tracked").GetByTestId("value");
        await tracked.WaitForAsync();
        (await tracked.TextContentAsync())!.Trim().ShouldBe("2");
        (await page.GetByTestId("with-port").GetByTestId("value").TextContentAsync())!.Trim().ShouldBe("1", customMessage: "the echo driver's Rust port shares its hardware ID");
        await Browsers.ShotAsync(page, "overview");
    }

    [Fact]
    public async Task The_demo_builds_real_repositories_whose_drivers_explain_their_scores()
    {
        var page = await _product.NewPageAsync(1280, 800);
        await Browsers.OpenAsync(page, _product.Web, "");

        await page.GetByTestId("load-demo").ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/repositories", StringComparison.Ordinal));
        await page.GetByTestId("status").Filter(new LocatorFilterOptions { HasText = "Up to date" }).Nth(2)
            .WaitForAsync(new LocatorWaitForOptions { Timeout = 90_000 });
        await page.GetByTestId("backfill-progress").First.WaitForAsync();
        await page.Locator("[data-testid=backfill-progress][data-status=Succeeded]").Nth(2).WaitForAsync(new LocatorWaitForOptions { Timeout = 90_000 });
        await Browsers.ShotAsync(page, "demo-repositories");

        await Browsers.OpenAsync(page, _product.Web, "drivers?language=C&sort=Readiness");
        await page.GetByTestId("driver-link").First.ClickAsync();
        await page.GetByTestId("readiness").WaitForAsync();
        (await page.GetByTestId("readiness").TextContentAsync())!.ShouldContain("driver.c:");
        await Browsers.ShotAsync(page, "demo-driver");
    }

    public ValueTask DisposeAsync() => _product.DisposeAsync();
}
