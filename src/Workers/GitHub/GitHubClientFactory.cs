using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;
using Octokit;
using Repository = MigrationTracker.Core.Domain.Repository;

namespace MigrationTracker.Workers.GitHub;

/// <summary>Creates Octokit clients for a tracked repository: its API server, its token.</summary>
public sealed class GitHubClientFactory(IOptions<GitHubOptions> options, CredentialProtector protector, GitHubDefaultToken defaultToken)
{
    private static readonly ProductHeaderValue Product = new("MigrationTracker");

    /// <summary>A client at the repository's API root (or the configured one), signed in with <paramref name="token"/> when there is one (see <see cref="TokenForAsync"/>).</summary>
    public GitHubClient Create(Repository repository, string? token)
    {
        ArgumentNullException.ThrowIfNull(repository);

        var baseUrl = repository.ApiBaseUrl is { Length: > 0 } own ? own : options.Value.ApiBaseUrl;
        if (!TryParseApiBaseUrl(baseUrl, out var uri))
        {
            throw new GitHubUnreachableException(
                $"The API base URL '{baseUrl}' of {repository.Location} is not an absolute http or https URL. Correct the repository's API base URL.");
        }

        var client = new GitHubClient(Product, uri);
        if (token is not null)
        {
            client.Credentials = new Credentials(token);
        }

        return client;
    }

    /// <summary>The repository's stored secret, else the default token (saved on the Settings page or configured), else null (anonymous).</summary>
    /// <exception cref="CredentialUnreadableException">The secret in force is stored but cannot be decrypted.</exception>
    public async Task<string?> TokenForAsync(Repository repository, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);

        if (repository.Credential is { } credential)
        {
            return protector.Unprotect(credential.ProtectedSecret, credential.Name);
        }

        return await defaultToken.CurrentAsync(cancellationToken);
    }

    /// <summary>Splits a GitHub location "owner/name"; a malformed one is the user's to correct.</summary>
    public static (string Owner, string Name) ParseLocation(string location)
    {
        ArgumentNullException.ThrowIfNull(location);

        var parts = location.Trim().Trim('/').Split('/');
        if (parts.Length != 2 || parts.Any(string.IsNullOrWhiteSpace))
        {
            throw new GitHubUnreachableException(
                $"'{location}' is not a GitHub repository name. Give it as owner/name, for example contoso/storage-drivers.");
        }

        return (parts[0], parts[1]);
    }

    internal static bool TryParseApiBaseUrl(string? text, [NotNullWhen(true)] out Uri? uri)
    {
        uri = null;
        if (string.IsNullOrWhiteSpace(text)
            || !Uri.TryCreate(text.Trim(), UriKind.Absolute, out var parsed)
            || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps))
        {
            return false;
        }

        // Without the trailing slash a relative API path would replace the last segment of an Enterprise root.
        uri = parsed.AbsoluteUri.EndsWith('/') ? parsed : new Uri(parsed.AbsoluteUri + "/");
        return true;
    }
}
