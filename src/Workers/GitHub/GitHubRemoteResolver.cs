using MigrationTracker.Workers.Sources;
using MigrationTracker.Workers.Sync;

namespace MigrationTracker.Workers.GitHub;

/// <summary>
/// A GitHub repository's fetch address: refreshes its metadata first (default branch, web address,
/// archived), then clones over HTTPS with its token. Gone or forbidden becomes the sync's
/// "unreachable" (the repository is already marked by <see cref="GitHubRepositories"/>).
/// </summary>
internal sealed class GitHubRemoteResolver(GitHubRepositories repositories) : IGitHubRemoteResolver
{
    public async Task<RemoteInfo> ResolveAsync(Core.Domain.Repository repository, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        try
        {
            var info = await repositories.RefreshAsync(repository.Id, cancellationToken);
            return new RemoteInfo(info.CloneUrl, info.Token is { } token ? GitCredentials.ForToken(token) : null, info.DefaultBranch);
        }
        catch (Exception ex) when (ex is GitHubUnreachableException or CredentialUnreadableException)
        {
            throw new SourceUnavailableException(ex.Message);
        }
    }
}
