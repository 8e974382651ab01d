using System.Net;
using System.Text.RegularExpressions;
using MigrationTracker.Testing;

namespace MigrationTracker.Web.Tests.Security;

/// <summary>
/// The web app behind a TLS-terminating proxy, as a real process on loopback: the proxy's <c>X-Forwarded-Proto: https</c>
/// makes the cookies Secure and turns HSTS on, but only when the proxy is one the settings name.
/// </summary>
public sealed partial class ReverseProxyTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Through_a_known_proxy_an_https_visitor_gets_secure_cookies_and_is_told_to_stay_on_https()
    {
        using var folder = new TemporaryDirectory("mt-proxy");
        await using var web = await StartAsync(folder, new() { ["ReverseProxy__KnownProxies__0"] = "127.0.0.1" });

        var visit = await SignInThroughProxyAsync(web.BaseAddress!);

        IsSecure(visit.AntiforgeryCookie).ShouldBeTrue(visit.AntiforgeryCookie);
        IsSecure(visit.SignInCookie).ShouldBeTrue(visit.SignInCookie);
        visit.Hsts.ShouldNotBeNull().ShouldContain("max-age=");
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("ReverseProxy__KnownProxies__0", "10.1.2.3")]
    [InlineData("ReverseProxy__KnownNetworks__0", "10.0.0.0/8")]
    public async Task From_a_sender_that_is_not_a_known_proxy_the_forwarded_scheme_is_ignored(string? setting, string? value)
    {
        var settings = new Dictionary<string, string?>();
        if (setting is not null)
        {
            settings[setting] = value;
        }

        using var folder = new TemporaryDirectory("mt-proxy");
        await using var web = await StartAsync(folder, settings);

        var visit = await SignInThroughProxyAsync(web.BaseAddress!);

        IsSecure(visit.AntiforgeryCookie).ShouldBeFalse(visit.AntiforgeryCookie);
        IsSecure(visit.SignInCookie).ShouldBeFalse(visit.SignInCookie);
        visit.Hsts.ShouldBeNull("the request reached the product over plain HTTP");
    }

    [Theory]
    [InlineData("ReverseProxy__KnownProxies__0", "proxy.internal", "ReverseProxy:KnownProxies contains 'proxy.internal', which is not an IP address")]
    [InlineData("ReverseProxy__KnownNetworks__0", "10.0.0.0/33", "ReverseProxy:KnownNetworks contains '10.0.0.0/33', which is not a network in CIDR form")]
    public async Task A_wrong_proxy_setting_stops_start_up_naming_it(string setting, string value, string message)
    {
        using var folder = new TemporaryDirectory("mt-proxy");
        await using var web = ProductProcess.StartWeb(folder.Path, new Dictionary<string, string?> { [setting] = value });

        var exitCode = await web.WaitForExitAsync(StartTimeout);

        exitCode.ShouldBe(2, web.Output);
        web.Output.ShouldContain(message);
        web.Output.ShouldNotContain("   at ");
    }

    private static async Task<ProductProcess> StartAsync(TemporaryDirectory folder, Dictionary<string, string?> settings)
    {
        var web = ProductProcess.StartWeb(folder.Path, settings);
        using var http = new HttpClient();
        await web.WaitUntilReadyAsync(http, StartTimeout);
        return web;
    }

    /// <summary>
    /// What a browser behind the proxy meets when it signs in: the requests reach the product over plain HTTP from
    /// 127.0.0.1, carrying the proxy's headers. Cookies are passed by hand: a cookie jar would keep Secure ones back
    /// from an http:// address, which is the proxy's side of the connection, not the browser's.
    /// </summary>
    private static async Task<ProxiedVisit> SignInThroughProxyAsync(Uri product)
    {
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = product };

        using var page = await http.SendAsync(Proxied(HttpMethod.Get, "account/login"), Cancel);
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        var antiforgery = SetCookie(page, ".AspNetCore.Antiforgery.");
        var token = Token().Match(await page.Content.ReadAsStringAsync(Cancel));
        token.Success.ShouldBeTrue("the sign-in page has an antiforgery token");

        var signIn = Proxied(HttpMethod.Post, "account/login");
        signIn.Headers.Add("Cookie", antiforgery.Split(';')[0]);
        signIn.Content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
            ["_handler"] = "login",
            ["Input.Email"] = TestAccounts.AdminEmail,
            ["Input.Password"] = TestAccounts.AdminPassword,
        });
        using var signedIn = await http.SendAsync(signIn, Cancel);
        signedIn.StatusCode.ShouldBe(HttpStatusCode.Redirect, await signedIn.Content.ReadAsStringAsync(Cancel));

        return new ProxiedVisit(
            antiforgery,
            SetCookie(signedIn, "mt.auth="),
            page.Headers.TryGetValues("Strict-Transport-Security", out var hsts) ? hsts.Single() : null);
    }

    private static HttpRequestMessage Proxied(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Host = "tracker.example.test";
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        return request;
    }

    private static string SetCookie(HttpResponseMessage response, string prefix) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.FirstOrDefault(c => c.StartsWith(prefix, StringComparison.Ordinal)) is { } cookie
            ? cookie
            : throw new ShouldAssertException($"The answer to {response.RequestMessage!.RequestUri} sets no cookie starting with {prefix}.");

    private static bool IsSecure(string setCookie) =>
        setCookie.Split(';').Skip(1).Any(attribute => attribute.Trim().Equals("secure", StringComparison.OrdinalIgnoreCase));

    private sealed record ProxiedVisit(string AntiforgeryCookie, string SignInCookie, string? Hsts);

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
