using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;

namespace MigrationTracker.Web.Tests.Security;

/// <summary>What the provider's form_post page would make the browser post to the product.</summary>
public sealed record ProviderAnswer(Uri Action, IReadOnlyDictionary<string, string> Fields)
{
    public ProviderAnswer With(string field, string value) => this with { Fields = new Dictionary<string, string>(Fields) { [field] = value } };
}

/// <summary>
/// A person's browser in the sign-in tests: it keeps the product's cookies, shows redirects instead of following them,
/// visits the identity provider and submits the provider's form_post page as the page's script would.
/// </summary>
public sealed partial class SignInBrowser : IDisposable
{
    /// <summary>
    /// HTTPS, as in production: the OpenID Connect handler's correlation and nonce cookies are <c>Secure</c> (they must be,
    /// to be <c>SameSite=None</c> and come back with the provider's cross-site post), so a browser keeps them only over HTTPS.
    /// </summary>
    public static readonly Uri Product = new("https://localhost/");

    private readonly CookieContainer _cookies = new();
    private readonly HttpClient _provider = new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });

    public SignInBrowser(WebApplicationFactory<Program> app)
    {
        App = app.CreateDefaultClient(Product, new CookieContainerHandler(_cookies));
    }

    /// <summary>The browser's requests to the product; redirects are not followed.</summary>
    public HttpClient App { get; }

    public bool HasSignInCookie => _cookies.GetCookies(Product)["mt.auth"] is not null;

    /// <summary>
    /// From the sign-in page's "Sign in with …" link through the product's challenge to the provider, which answers
    /// at once for the person signed in there.
    /// </summary>
    public async Task<ProviderAnswer> VisitProviderAsync(string returnUrl, CancellationToken cancellationToken)
    {
        var page = await App.GetStringAsync($"account/login?returnUrl={Uri.EscapeDataString(returnUrl)}", cancellationToken);
        var link = ExternalLink().Match(page);
        link.Success.ShouldBeTrue("the sign-in page offers the identity provider");

        using var challenge = await App.GetAsync(WebUtility.HtmlDecode(link.Groups[1].Value), cancellationToken);
        challenge.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        using var answer = await _provider.GetAsync(challenge.Headers.Location, cancellationToken);
        var html = await answer.Content.ReadAsStringAsync(cancellationToken);
        answer.StatusCode.ShouldBe(HttpStatusCode.OK, html);

        var form = FormAction().Match(html);
        form.Success.ShouldBeTrue($"the provider answers with a form_post page: {html}");
        return new ProviderAnswer(
            new Uri(WebUtility.HtmlDecode(form.Groups[1].Value)),
            HiddenField().Matches(html).ToDictionary(f => f.Groups[1].Value, f => WebUtility.HtmlDecode(f.Groups[2].Value), StringComparer.Ordinal));
    }

    /// <summary>
    /// Posts the provider's answer to the product and follows the product's hop to its own callback. The answer
    /// returned says where the person ends up: a redirect to the page they asked for, or to the sign-in page.
    /// </summary>
    public async Task<HttpResponseMessage> ReturnToProductAsync(ProviderAnswer answer, CancellationToken cancellationToken)
    {
        using var content = new FormUrlEncodedContent(answer.Fields);
        var response = await App.PostAsync(answer.Action, content, cancellationToken);
        while (response.StatusCode == HttpStatusCode.Redirect
            && response.Headers.Location?.OriginalString.StartsWith("/account/external-callback", StringComparison.Ordinal) == true)
        {
            var callback = response.Headers.Location;
            response.Dispose();
            response = await App.GetAsync(callback, cancellationToken);
        }

        return response;
    }

    /// <summary>The whole trip: sign-in page, provider, product.</summary>
    public async Task<HttpResponseMessage> SignInAsync(string returnUrl, CancellationToken cancellationToken) =>
        await ReturnToProductAsync(await VisitProviderAsync(returnUrl, cancellationToken), cancellationToken);

    public void Dispose()
    {
        App.Dispose();
        _provider.Dispose();
    }

    [GeneratedRegex("href=\"([^\"]+)\"[^>]*data-testid=\"sign-in-external\"")]
    private static partial Regex ExternalLink();

    [GeneratedRegex("<form method=\"post\" action=\"([^\"]+)\"")]
    private static partial Regex FormAction();

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"")]
    private static partial Regex HiddenField();
}
