using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using MigrationTracker.Testing;

namespace MigrationTracker.EndToEnd.Tests;

/// <summary>
/// An administrator on the Settings page: saves the mail server with its password and a team chat's webhook, sees
/// neither secret again, and the Reports page sends this week's report through the saved webhook.
/// </summary>
public sealed class IntegrationSettingsTests : IAsyncLifetime
{
    private const string MailPassword = "Mail-Passw0rd-Typed-In-8812";
    private const string HookToken = "CHAT-T0KEN-4471";

    private readonly ProductInBrowser _product = new("mt-e2e-settings");
    private readonly TemporaryDirectory _folder;
    private readonly WebViewStandIn _chat = new();

    public IntegrationSettingsTests() => _folder = _product.Folder;

    public async ValueTask InitializeAsync()
    {
        await _product.StartAsync(new Dictionary<string, string?>
        {
            ["Storage__DataDirectory"] = _folder.Combine("data"),
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Reports__Delivery__Attempts"] = "1",
        });
    }

    [Fact]
    public async Task Secrets_saved_on_the_settings_page_are_used_and_never_shown_or_stored_in_plain_text()
    {
        var page = await _product.NewPageAsync(1280, 1000);
        await Browsers.OpenAsync(page, _product.Web, "settings");
        (await page.GetByTestId("mail-status").TextContentAsync())!.ShouldContain("Email delivery is off");

        await Fill(page, "mail-host", "127.0.0.1");
        await Fill(page, "mail-port", "2525");
        await Fill(page, "mail-user", "reports-bot");
        await Fill(page, "mail-password", MailPassword);
        await Fill(page, "mail-from", "reports@contoso.com");
        await Fill(page, "mail-recipients", "cto@contoso.com");
        await page.GetByTestId("mail-save").ClickAsync();
        await page.GetByTestId("mail-status").Filter(new LocatorFilterOptions { HasText = "sent through 127.0.0.1:2525" })
            .WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });

        await Fill(page, "webhook-name", "Team chat");
        await Fill(page, "webhook-url", new Uri(_chat.Address, $"hooks/{HookToken}").ToString());
        await page.GetByTestId("webhook-add").ClickAsync();
        var hook = page.GetByTestId("webhook").Filter(new LocatorFilterOptions { HasText = "Team chat" });
        await hook.WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        (await hook.TextContentAsync())!.ShouldContain("127.0.0.1");
        await Browsers.ShotAsync(page, "settings-integrations");

        // A new visit: the form holds the server but no password, and no secret is anywhere in the page.
        await Browsers.OpenAsync(page, _product.Web, "settings");
        await page.GetByTestId("mail-status").Filter(new LocatorFilterOptions { HasText = "saved by " + TestAccounts.AdminEmail })
            .WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        (await Input(page, "mail-host").InputValueAsync()).ShouldBe("127.0.0.1");
        (await Input(page, "mail-password").InputValueAsync()).ShouldBeEmpty();
        (await page.ContentAsync()).ShouldSatisfyAllConditions(
            html => html.ShouldNotContain(MailPassword),
            html => html.ShouldNotContain(HookToken),
            html => html.ShouldContain("A password is saved"));

        // The Reports page names both destinations, and a report goes out through the saved webhook.
        await Browsers.OpenAsync(page, _product.Web, "reports");
        var destinations = (await page.GetByTestId("report-settings").TextContentAsync())!;
        destinations.ShouldContain("through 127.0.0.1:2525");
        destinations.ShouldContain("Team chat");
        await page.GetByTestId("generate-report").ClickAsync();
        await page.GetByTestId("report-message").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        await page.GetByTestId("send-report").First.ClickAsync();
        await page.GetByTestId("delivery").Filter(new LocatorFilterOptions { HasText = "Delivered" }).First
            .WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        _chat.Requests.ShouldContain(request => request.Contains(HookToken, StringComparison.Ordinal));
        using (var posted = JsonDocument.Parse(_chat.AcceptedBodies.ShouldHaveSingleItem()))
        {
            posted.RootElement.GetProperty("text").GetString()!.ShouldContain("Driver migration report: Whole organisation");
        }

        (await page.ContentAsync()).ShouldNotContain(HookToken);

        // Neither the log nor anything in the data folder holds either secret in plain text.
        _product.Web.Output.ShouldNotContain(MailPassword);
        _product.Web.Output.ShouldNotContain(HookToken);
        await _product.EndWebAsync();
        foreach (var file in Directory.EnumerateFiles(_folder.Combine("data"), "*", SearchOption.AllDirectories))
        {
            var text = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken));
            text.ShouldNotContain(MailPassword, customMessage: file);
            text.ShouldNotContain(HookToken, customMessage: file);
        }
    }

    private static ILocator Input(IPage page, string testId) => Browsers.MudInput(page, testId).First;

    private static Task Fill(IPage page, string testId, string value) => Input(page, testId).FillAsync(value);

    public async ValueTask DisposeAsync()
    {
        await _product.DisposeAsync();
        _chat.Dispose();
    }
}
