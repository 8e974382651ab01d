using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using MigrationTracker.Testing;

namespace MigrationTracker.EndToEnd.Tests;

/// <summary>
/// The dashboard as a user meets it: the real web app on 127.0.0.1 with a SQLite data folder,
/// driven by Debian's Chromium. Screenshots of every page go to the test output folder.
/// </summary>
public sealed class DashboardTests : IAsyncLifetime
{
    private readonly ProductInBrowser _product = new("mt-e2e");
    private readonly TemporaryDirectory _folder;
    private readonly WebViewStandIn _webView = new();

    public DashboardTests() => _folder = _product.Folder;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        // Arrange with the product's own tools: a driver repository, scanned by the worker's sync command.
        var repository = _folder.Combine("drivers");
        DriverFixture.Create(repository);
        var data = _folder.Combine("data");
        await RunWorkersAsync(["sync", "--repository", repository], data);
        await AddTeamAsync(Path.Combine(data, "tracker.db"), "Storage drivers");
        await SetWebUrlAsync(Path.Combine(data, "tracker.db"), new Uri(_webView.Address, "contoso/drivers").ToString());

        // Development serves the static web assets (Blazor's script, MudBlazor's styles) from the build output, as `dotnet run` does.
        await _product.StartAsync(new Dictionary<string, string?> { ["Storage__DataDirectory"] = data, ["ASPNETCORE_ENVIRONMENT"] = "Development" });
    }

    [Fact]
    public async Task A_driver_found_in_the_grid_can_be_given_a_team_on_its_page()
    {
        var page = await _product.NewPageAsync(1280, 800);

        await OpenAsync(page, "drivers");
        (await page.GetByTestId("drivers-total").TextContentAsync())!.ShouldContain("2 driver(s)");
        await Browsers.MudInput(page, "filter-text").FillAsync("vcxproj");
        await page.WaitForURLAsync(url => url.Contains("q=vcxproj", StringComparison.Ordinal));
        await page.GetByTestId("drivers-total").Filter(new LocatorFilterOptions { HasText = "1 driver(s)" }).WaitForAsync();
        await ShotAsync(page, "drivers-filtered");

        await page.GetByTestId("driver-link").First.ClickAsync();
        await page.GetByTestId("readiness").WaitForAsync();
        await page.GetByTestId("interactive").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        (await page.GetByTestId("driver-name").TextContentAsync()).ShouldBe("echo");
        var readiness = await page.GetByTestId("readiness").TextContentAsync() ?? "";
        readiness.ShouldContain("Structured exception handling");
        readiness.ShouldContain("driver.c:8", customMessage: "the __try is on line 8 of the fixture");
        (await page.GetByTestId("counterpart").TextContentAsync()).ShouldBe("echo-rs");
        await ShotAsync(page, "driver");

        // Following an evidence link opens the file at that line in the repository's web view.
        var opened = await page.Context.RunAndWaitForPageAsync(() => page.GetByTestId("evidence-link").Filter(new LocatorFilterOptions { HasText = "driver.c:8" }).First.ClickAsync());
        await opened.WaitForLoadStateAsync();
        var requested = _webView.Requests.ShouldHaveSingleItem();
        requested.ShouldStartWith("/contoso/drivers/blob/");
        requested.ShouldEndWith("/echo/driver.c");
        new Uri(opened.Url).Fragment.ShouldBe("#L8");
        await opened.CloseAsync();

        await page.GetByTestId("edit-team").ClickAsync();
        await page.GetByRole(AriaRole.Option, new PageGetByRoleOptions { Name = "Storage drivers" }).ClickAsync();

        // As a person would: Save once the box shows the team (by name, not its number), not while the list still closes.
        await Assertions.Expect(Browsers.MudInput(page, "edit-team")).ToHaveValueAsync("Storage drivers");
        await page.GetByTestId("save-plan").ClickAsync();
        await page.GetByTestId("driver-team").Filter(new LocatorFilterOptions { HasText = "Storage drivers" }).WaitForAsync();
        (await page.Locator("text=admin@tests.invalid set Team from none to Storage drivers").CountAsync()).ShouldBe(1);
        await ShotAsync(page, "driver-with-team");

        await OpenAsync(page, "teams");
        (await page.GetByTestId("teams-table").TextContentAsync())!.ShouldContain("Storage drivers");
        await ShotAsync(page, "teams");

        // Filtering the grid by that team: the filter box names the team, not its number.
        await OpenAsync(page, "drivers");
        await page.GetByTestId("filter-team").ClickAsync();
        await page.GetByRole(AriaRole.Option, new PageGetByRoleOptions { Name = "Storage drivers" }).ClickAsync();
        await page.GetByTestId("drivers-total").Filter(new LocatorFilterOptions { HasText = "1 driver(s)" }).WaitForAsync();
        (await page.Locator("input[data-testid=filter-team]").InputValueAsync()).ShouldBe("Storage drivers");
    }

    [Fact]
    public async Task Every_page_fits_a_phone_width_and_reads_in_the_dark_theme()
    {
        var page = await _product.NewPageAsync(390, 844);

        foreach (var (path, name) in new[] { ("", "overview"), ("drivers", "drivers"), ("teams", "teams"), ("repositories", "repositories"), ("reports", "reports"), ("settings", "settings"), ("users", "users") })
        {
            await OpenAsync(page, path);
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
            overflow.ShouldBeLessThanOrEqualTo(1, $"/{path} is wider than a 390 px screen by {overflow} px");
            await ShotAsync(page, $"narrow-{name}");
        }

        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Switch to dark theme" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Switch to light theme" }).WaitForAsync();
        var background = await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
        background.ShouldNotBe("rgb(255, 255, 255)", "the dark theme paints a dark background");
        await ShotAsync(page, "narrow-settings-dark");
    }

    public async ValueTask DisposeAsync()
    {
        await _product.DisposeAsync();
        _webView.Dispose();
    }

    private Task OpenAsync(IPage page, string path) => Browsers.OpenAsync(page, _product.Web, path);

    private static Task ShotAsync(IPage page, string name) => Browsers.ShotAsync(page, name);

    private async Task RunWorkersAsync(string[] args, string dataDirectory)
    {
        await using var workers = ProductProcess.RunWorkersCommand(_folder.Combine("workers"), args, new Dictionary<string, string?> { ["Storage__DataDirectory"] = dataDirectory });
        (await workers.WaitForExitAsync(TimeSpan.FromMinutes(2))).ShouldBe(0, workers.Output);
    }

    private static async Task SetWebUrlAsync(string database, string webUrl)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Pooling=false");
        await connection.OpenAsync(Cancel);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE Repositories SET WebUrl = $url";
        command.Parameters.AddWithValue("$url", webUrl);
        await command.ExecuteNonQueryAsync(Cancel);
    }

    private static async Task AddTeamAsync(string database, string name)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Pooling=false");
        await connection.OpenAsync(Cancel);
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO Teams (Name, Slug, CreatedAt) VALUES ($name, $slug, '2026-11-25 00:00:00')";
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$slug", "storage");
        await command.ExecuteNonQueryAsync(Cancel);
    }
}
