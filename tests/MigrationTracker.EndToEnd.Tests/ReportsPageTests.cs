using System.Text.Json;
using Microsoft.Playwright;
using MigrationTracker.Core.Reports;
using MigrationTracker.Testing;

namespace MigrationTracker.EndToEnd.Tests;

/// <summary>
/// A manager on the Reports page: generates last week's report, downloads it, sends it to the team chat whose
/// webhook is down, sees the failure and why, and sends it again once the chat is back.
/// </summary>
public sealed class ReportsPageTests : IAsyncLifetime
{
    private readonly ProductInBrowser _product = new("mt-e2e-reports");
    private readonly TemporaryDirectory _folder;
    private readonly WebViewStandIn _chat = new();

    public ReportsPageTests() => _folder = _product.Folder;

    public async ValueTask InitializeAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage__DataDirectory"] = _folder.Combine("data"),
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Reports__Delivery__Webhooks__0__Name"] = "team-chat",
            ["Reports__Delivery__Webhooks__0__Url"] = new Uri(_chat.Address, "hooks/T0KEN-SECRET").ToString(),
            ["Reports__Delivery__Attempts"] = "1",
        };
        await using (var seed = ProductProcess.RunWebCommand(_folder.Combine("web"), ["demo-seed", "--drivers", "60", "--repositories", "4", "--teams", "3", "--weeks", "8"], settings))
        {
            (await seed.WaitForExitAsync(TimeSpan.FromSeconds(120))).ShouldBe(0, seed.Output);
        }

        await _product.StartAsync(settings);
    }

    [Fact]
    public async Task A_report_is_generated_downloaded_and_its_failed_delivery_sent_again()
    {
        var page = await _product.NewPageAsync(1280, 900);
        await Browsers.OpenAsync(page, _product.Web, "reports");
        (await page.GetByTestId("report-settings").TextContentAsync())!.ShouldContain("team-chat");

        await page.GetByTestId("generate-report").ClickAsync();
        var message = page.GetByTestId("report-message");
        await message.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        var lastWeek = ReportWeek.IsoName(ReportWeek.LastCompleted(DateTime.UtcNow));
        (await message.TextContentAsync())!.ShouldContain($"Stored the report of Whole organisation for {lastWeek}");

        // The PDF link downloads a real PDF named for the week.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("download-pdf").First.ClickAsync());
        download.SuggestedFilename.ShouldBe($"migration-report-{lastWeek}-organisation.pdf");
        var pdf = await File.ReadAllBytesAsync((await download.PathAsync())!, TestContext.Current.CancellationToken);
        pdf[..5].ShouldBe("%PDF-"u8.ToArray());

        // The chat is down: the delivery fails and the page says why, without the webhook's secret path.
        _chat.StatusCode = 503;
        await page.GetByTestId("send-report").First.ClickAsync();
        var error = page.GetByTestId("delivery-error").First;
        await error.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        var errorText = (await error.TextContentAsync())!;
        errorText.ShouldContain("503");
        errorText.ShouldNotContain("T0KEN-SECRET");
        await Browsers.ShotAsync(page, "reports-delivery-failed");

        // Back up: Retry delivers it, once.
        _chat.StatusCode = 200;
        await page.GetByTestId("retry-delivery").First.ClickAsync();
        await page.GetByTestId("delivery").Filter(new LocatorFilterOptions { HasText = "Delivered" }).First
            .WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        _chat.AcceptedBodies.Count.ShouldBe(1);
        using var posted = JsonDocument.Parse(_chat.AcceptedBodies[0]);
        posted.RootElement.GetProperty("text").GetString()!.ShouldContain($"Driver migration report: Whole organisation, Week {lastWeek}");
        await Browsers.ShotAsync(page, "reports");
        (await page.ContentAsync()).ShouldNotContain("T0KEN-SECRET");
    }

    public async ValueTask DisposeAsync()
    {
        await _product.DisposeAsync();
        _chat.Dispose();
    }
}
