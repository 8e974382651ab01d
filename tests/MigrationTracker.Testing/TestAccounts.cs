using System.Net;
using System.Text.RegularExpressions;

namespace MigrationTracker.Testing;

/// <summary>The administrator every test web app starts with, and signing in through the real sign-in form.</summary>
public static partial class TestAccounts
{
    public const string AdminEmail = "admin@tests.invalid";

    /// <summary>Only for test data folders; never used outside tests.</summary>
    public const string AdminPassword = "Test-admin-password-7c1e";

    /// <summary>Settings that make a fresh web app create the test administrator at start.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> AdminSettings =>
    [
        new("MIGRATIONTRACKER_ADMIN_EMAIL", AdminEmail),
        new("MIGRATIONTRACKER_ADMIN_PASSWORD", AdminPassword),
    ];

    /// <summary>An HTTP client that keeps cookies and shows redirects instead of following them.</summary>
    public static HttpClient CookieClient(Uri baseAddress) =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), UseCookies = true, AllowAutoRedirect = false }) { BaseAddress = baseAddress };

    /// <summary>Signs in through <c>/account/login</c> (form with its antiforgery token); the client keeps the cookie.</summary>
    public static async Task SignInAsync(HttpClient client, string email = AdminEmail, string password = AdminPassword, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var form = await client.GetStringAsync(new Uri("account/login", UriKind.Relative), cancellationToken);
        var token = TokenPattern().Match(form);
        if (!token.Success)
        {
            throw new InvalidOperationException("The sign-in page has no antiforgery token.");
        }

        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
            ["_handler"] = "login",
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        using var response = await client.PostAsync(new Uri("account/login", UriKind.Relative), content, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Redirect && response.StatusCode != HttpStatusCode.Found)
        {
            throw new InvalidOperationException($"Signing in as {email} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
