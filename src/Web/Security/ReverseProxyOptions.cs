using System.Net;

namespace MigrationTracker.Web.Security;

/// <summary>
/// The TLS-terminating proxy in front of the product (section <c>ReverseProxy</c>). Off while both lists are empty:
/// then <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are ignored, since anyone could send them to claim HTTPS
/// or another client address.
/// </summary>
public sealed class ReverseProxyOptions
{
    public const string SectionName = "ReverseProxy";

    /// <summary>Addresses of the proxies whose <c>X-Forwarded-*</c> headers are believed, such as <c>10.0.0.5</c>.</summary>
    public string[]? KnownProxies { get; set; }

    /// <summary>Networks of such proxies in CIDR form, such as <c>172.18.0.0/16</c> (a Docker network).</summary>
    public string[]? KnownNetworks { get; set; }

    public bool Enabled => Proxies().Any() || Networks().Any();

    public IEnumerable<string> Proxies() => Entries(KnownProxies);

    public IEnumerable<string> Networks() => Entries(KnownNetworks);

    /// <summary>What is wrong with the settings, in words naming the setting; empty when they are fine.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        foreach (var proxy in Proxies().Where(p => !IPAddress.TryParse(p, out _)))
        {
            problems.Add($"{SectionName}:{nameof(KnownProxies)} contains '{proxy}', which is not an IP address. Give the proxy's address as the product sees it, for example 10.0.0.5 (a host name is not accepted).");
        }

        foreach (var network in Networks().Where(n => !IPNetwork.TryParse(n, out _)))
        {
            problems.Add($"{SectionName}:{nameof(KnownNetworks)} contains '{network}', which is not a network in CIDR form. Write it as address/prefix length, for example 172.18.0.0/16.");
        }

        return problems;
    }

    private static IEnumerable<string> Entries(string[]? values) => (values ?? []).Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v.Trim());
}
