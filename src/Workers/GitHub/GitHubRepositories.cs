using MigrationTracker.Core.Data;
using MigrationTracker.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace MigrationTracker.Workers.GitHub;

/// <summary>Reads a GitHub repository's metadata and keeps the tracked repository's copy current.</summary>
public sealed class GitHubRepositories(
    IDbContextFactory<TrackerDbContext> contextFactory,
    GitHubClientFactory clients,
    GitHubCalls calls,
    ILogger<GitHubRepositories> logger)
{
    /// <summary>
    /// Stores the default branch, web URL and archived flag of a GitHub repository and returns what a
    /// fetch of its mirror needs. When GitHub refuses the repository (404, 401, 403, malformed name) or its
    /// stored credential cannot be decrypted, the repository is marked <see cref="RepositoryStatus.Unreachable"/>
    /// with the reason and <see cref="GitHubUnreachableException"/> (or <see cref="CredentialUnreadableException"/>)
    /// is thrown: the caller should stop, the repository's history stays. Rate limits beyond the longest wait
    /// throw <see cref="GitHubRateLimitException"/>, lasting network or 5xx failures <see cref="GitHubUnavailableException"/>.
    /// </summary>
    public async Task<GitHubRepositoryInfo> RefreshAsync(int repositoryId, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var repository = await context.Repositories
            .Include(r => r.Credential)
            .SingleOrDefaultAsync(r => r.Id == repositoryId, cancellationToken)
            ?? throw new InvalidOperationException($"Repository {repositoryId} does not exist.");
        if (repository.Kind != RepositoryKind.GitHub)
        {
            throw new InvalidOperationException($"Repository {repositoryId} ({repository.Location}) is a {repository.Kind} repository, not a GitHub one.");
        }

        Octokit.Repository remote;
        string? token;
        try
        {
            var (owner, name) = GitHubClientFactory.ParseLocation(repository.Location);
            token = await clients.TokenForAsync(repository, cancellationToken);
            var client = clients.Create(repository, token);
            remote = await calls.SendAsync(
                new GitHubTarget(repository.Id, owner, name), "repository metadata", () => client.Repository.Get(owner, name), cancellationToken);
        }
        catch (Exception ex) when (ex is GitHubUnreachableException or CredentialUnreadableException)
        {
            logger.LogWarning("Repository {RepositoryId} is unreachable: {Reason}", repository.Id, ex.Message);
            await calls.MarkUnreachableAsync(repository.Id, ex.Message, cancellationToken);
            throw;
        }

        repository.DefaultBranch = remote.DefaultBranch;
        repository.WebUrl = remote.HtmlUrl?.TrimEnd('/');
        repository.IsArchived = remote.Archived;
        await context.SaveChangesAsync(cancellationToken);
        await calls.ClearRateLimitNoticeAsync(repository.Id, cancellationToken);

        return new GitHubRepositoryInfo(remote.CloneUrl, remote.DefaultBranch, repository.WebUrl ?? string.Empty, remote.Archived, token);
    }
}
