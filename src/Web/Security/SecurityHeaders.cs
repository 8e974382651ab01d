using System.Security.Cryptography;

namespace MigrationTracker.Web.Security;

/// <summary>
/// Headers on every response that tell the browser to refuse what the product never does: run scripts
/// from elsewhere or inline, be framed, guess content types, or tell other sites which page linked to them.
/// </summary>
internal static class SecurityHeaders
{
    /// <summary>Powerful browser features the product never uses, turned off for its pages and anything they could embed.</summary>
    public const string PermissionsPolicy = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), hid=()";

    /// <summary>
    /// Full referrer within the product, none to other sites: links to repository web views do not tell them the
    /// product's address or which driver was open. Unlike <c>no-referrer</c>, same-origin form posts keep their
    /// <c>Origin</c> header (browsers send <c>Origin: null</c> under <c>no-referrer</c>).
    /// </summary>
    public const string ReferrerPolicy = "same-origin";

    private static readonly object NonceKey = new();

    /// <summary>
    /// The Content-Security-Policy of every response. Blazor Server, MudBlazor and Hangfire's dashboard (1.8) run from
    /// same-origin scripts; the one inline script is Blazor's import map, let through by the response's nonce.
    /// MudBlazor writes inline styles (theme variables, popover positions), hence <c>'unsafe-inline'</c> for styles
    /// only. <c>connect-src 'self'</c> covers the circuit's WebSocket (ws: and wss: to the same host and port).
    /// </summary>
    public static string ContentSecurityPolicy(string nonce) =>
        $"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    /// <summary>Adds the headers to every response, error pages and re-executed status pages included.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            // Hexadecimal: nothing in it needs escaping in an HTML attribute or a header.
            var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            context.Items[NonceKey] = nonce;

            // At the start of the response, not now: the exception handler clears headers before it writes the error page.
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy(nonce);
                headers.XFrameOptions = "DENY";
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = ReferrerPolicy;
                headers["Permissions-Policy"] = PermissionsPolicy;
                return Task.CompletedTask;
            });
            return next(context);
        });

    /// <summary>The nonce this response's policy lets inline scripts run with; null outside a request through <see cref="UseSecurityHeaders"/>.</summary>
    public static string? NonceOf(HttpContext? context) => context?.Items[NonceKey] as string;
}
