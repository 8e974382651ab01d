using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace MigrationTracker.Web.Security;

/// <summary>
/// HTTPS as the browser sees it: believing a configured proxy about the request's scheme and client, cookies marked
/// <c>Secure</c> whenever the request is HTTPS, and telling browsers to stay on HTTPS.
/// </summary>
internal static class TransportSecurity
{
    public static void AddTransportSecurity(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ReverseProxyOptions>()
            .BindConfiguration(ReverseProxyOptions.SectionName)
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ReverseProxyOptions>, ReverseProxyOptionsValidation>();

        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ReverseProxyOptions>>((forwarded, proxy) =>
        {
            // Scheme and client address only: the proxy passes the Host header through (nginx: proxy_set_header Host $host).
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;

            // ASP.NET Core trusts loopback out of the box; only what the settings name is trusted here.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var address in proxy.Value.Proxies())
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(address));
            }

            foreach (var network in proxy.Value.Networks())
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });

        // Forms' antiforgery cookie is never Secure out of the box; like the sign-in cookies it follows the request.
        builder.Services.AddAntiforgery(antiforgery => antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);

        // Browsers that once reached the product over HTTPS keep to it for a year. Not for subdomains: sibling
        // hosts of the organisation may still serve plain HTTP, and this product cannot speak for them.
        builder.Services.AddHsts(hsts => hsts.MaxAge = TimeSpan.FromDays(365));
    }

    /// <summary>First in the pipeline, so that everything after it (cookies, redirects, the sign-in callback) sees the client's scheme.</summary>
    public static void UseTransportSecurity(this WebApplication app)
    {
        // Reading the settings here stops start-up on a wrong entry, with the message naming it.
        if (app.Services.GetRequiredService<IOptions<ReverseProxyOptions>>().Value.Enabled)
        {
            app.UseForwardedHeaders();
        }

        // Only on HTTPS answers (directly or through a trusted proxy); local development stays free to use plain HTTP.
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }
    }

    private sealed class ReverseProxyOptionsValidation : IValidateOptions<ReverseProxyOptions>
    {
        public ValidateOptionsResult Validate(string? name, ReverseProxyOptions options) =>
            options.Problems() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
