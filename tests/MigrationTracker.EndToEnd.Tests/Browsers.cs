using Microsoft.Playwright;
using MigrationTracker.Testing;

namespace MigrationTracker.EndToEnd.Tests;

/// <summary>Debian's Chromium through Playwright, and the page helpers every browser test uses.</summary>
internal static class Browsers
{
    private const string Chromium = "/usr/bin/chromium";

    public static string Screenshots { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        File.Exists(Chromium).ShouldBeTrue($"The browser tests need Debian's Chromium at {Chromium} (apt-get install chromium).");
        Directory.CreateDirectory(Screenshots);
        return playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    /// <summary>Opens a page and waits until its circuit is live: clicks before that would be lost.</summary>
    public static async Task OpenAsync(IPage page, ProductProcess web, string path)
    {
        await page.GotoAsync(new Uri(web.BaseAddress!, path).ToString());
        if (page.Url.Contains("/account/login", StringComparison.Ordinal))
        {
            await FillSignInFormAsync(page);
        }

        await page.GetByTestId("interactive").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
    }

    /// <summary>
    /// Signs in as the test administrator (every test web app has one), or as the account given, and lands on
    /// <paramref name="returnPath"/>.
    /// </summary>
    public static async Task SignInAsync(IPage page, ProductProcess web, string returnPath, string email = TestAccounts.AdminEmail, string password = TestAccounts.AdminPassword)
    {
        await page.GotoAsync(new Uri(web.BaseAddress!, $"account/login?ReturnUrl={Uri.EscapeDataString(returnPath)}").ToString());
        await FillSignInFormAsync(page, email, password);
    }

    private static async Task FillSignInFormAsync(IPage page, string email = TestAccounts.AdminEmail, string password = TestAccounts.AdminPassword)
    {
        await page.GetByTestId("email").FillAsync(email);
        await page.GetByTestId("password").FillAsync(password);
        await page.GetByTestId("sign-in").ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
    }

    /// <summary>
    /// The text input of the MudBlazor field with this test id: MudBlazor puts the id on the input itself or on an
    /// element around it, depending on the component.
    /// </summary>
    public static ILocator MudInput(IPage page, string testId) => page.Locator($"input[data-testid={testId}], [data-testid={testId}] input");

    /// <summary>Saves a screenshot and checks the page did not render empty or as an error page.</summary>
    public static async Task ShotAsync(IPage page, string name)
    {
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, $"{name}.png"), FullPage = true });
        var text = await page.Locator(".mud-main-content").InnerTextAsync();
        text.Length.ShouldBeGreaterThan(40, $"{name} rendered almost nothing");
        text.ShouldNotContain("Something went wrong");
        text.ShouldNotContain("An unhandled error");
    }
}
