using System.Net;
using System.Text.RegularExpressions;
using MigrationTracker.Web.Tests.Api;

namespace MigrationTracker.Web.Tests.Security;

/// <summary>The headers that keep browsers from running, framing or leaking what the product never intends.</summary>
[Collection(ApiTestGroup.Name)]
public sealed partial class SecurityHeadersTests(ApiFactory app)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/", HttpStatusCode.OK)]
    [InlineData("/api/reports", HttpStatusCode.OK)]
    [InlineData("/no-such-page", HttpStatusCode.NotFound)]
    [InlineData("/api/reports/not-a-week", HttpStatusCode.BadRequest)]
    [InlineData("/hangfire", HttpStatusCode.OK)]
    [InlineData("/account/login", HttpStatusCode.OK)]
    public async Task Every_answer_carries_the_security_headers(string path, HttpStatusCode status)
    {
        using var client = await app.CreateSignedInClientAsync();

        using var response = await client.GetAsync(path, Cancel);

        response.StatusCode.ShouldBe(status);
        var policy = Header(response, "Content-Security-Policy");
        policy.ShouldStartWith("default-src 'self'; script-src 'self' 'nonce-");
        policy.ShouldContain("style-src 'self' 'unsafe-inline'");
        policy.ShouldContain("connect-src 'self'");
        policy.ShouldContain("frame-ancestors 'none'");
        policy.ShouldContain("object-src 'none'");
        policy.ShouldNotContain("unsafe-eval");
        Header(response, "X-Frame-Options").ShouldBe("DENY");
        Header(response, "X-Content-Type-Options").ShouldBe("nosniff");
        Header(response, "Referrer-Policy").ShouldBe("same-origin");
        Header(response, "Permissions-Policy").ShouldContain("camera=()");
    }

    [Fact]
    public async Task The_pages_one_inline_script_carries_the_nonce_of_its_own_response()
    {
        using var client = app.CreateClient();

        var (firstNonce, firstPage) = await PageAsync(client);
        var (secondNonce, _) = await PageAsync(client);

        firstNonce.ShouldNotBe(secondNonce, "a nonce guessed from one response must not unlock the next");
        firstPage.ShouldContain($"<script type=\"importmap\" nonce=\"{firstNonce}\">");
        InlineScripts().Count(firstPage).ShouldBe(1, "any other inline script would be blocked by the policy");
    }

    private static async Task<(string Nonce, string Page)> PageAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/", Cancel);
        var nonce = Nonce().Match(Header(response, "Content-Security-Policy"));
        nonce.Success.ShouldBeTrue();
        return (nonce.Groups[1].Value, await response.Content.ReadAsStringAsync(Cancel));
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : throw new ShouldAssertException($"{name} is missing from the answer to {response.RequestMessage!.RequestUri}");

    [GeneratedRegex("'nonce-([0-9a-f]{32})'")]
    private static partial Regex Nonce();

    // Scripts without src: the ones the policy judges by nonce.
    [GeneratedRegex("<script(?![^>]*\\ssrc=)[^>]*>")]
    private static partial Regex InlineScripts();
}
