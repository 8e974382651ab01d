using LibGit2Sharp;
using LibGit2Sharp.Handlers;
using MigrationTracker.Core.Repositories;
using MigrationTracker.Core.Storage;
using MigrationTracker.Workers.Demo;
using MigrationTracker.Workers.Sources;
using Microsoft.Extensions.Options;

namespace MigrationTracker.Workers.Sync;

/// <summary>Where a repository's history is fetched from, and with which credentials.</summary>
public sealed record RemoteInfo(string Url, CredentialsHandler? Credentials, string? DefaultBranch);

/// <summary>Resolves the fetch address of a tracked repository (a git URL, a local path, or a GitHub repository).</summary>
public interface IRepositoryRemotes
{
    Task<RemoteInfo> ResolveAsync(Core.Domain.Repository repository, CancellationToken cancellationToken);
}

/// <summary>
/// Git URLs are fetched as they are; GitHub repositories through their API metadata. A local path is checked again at
/// every sync against the rules it was added under (<c>Repositories:LocalRoots</c>, symbolic links included): the
/// folder, or a link on the way to it, may have been swapped since, for example in a folder other users can write to.
/// </summary>
internal sealed class RepositoryRemotes(IEnumerable<IGitHubRemoteResolver> gitHub, IOptions<Core.Repositories.RepositoryOptions> options, StorageSettings storage) : IRepositoryRemotes
{
    // The demo's repositories live in the product's own data folder, wherever that is; they are always allowed.
    private readonly RepositoryLocationRules _localRules = RepositoryLocationRules.From(options.Value, Directory.Exists) with
    {
        ProductFolders = [Path.Combine(storage.DataDirectory, DemoRepositories.FolderName)],
    };

    public async Task<RemoteInfo> ResolveAsync(Core.Domain.Repository repository, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        switch (repository.Kind)
        {
            case Core.Domain.RepositoryKind.LocalPath:
                if (!Directory.Exists(repository.Location))
                {
                    throw new SourceUnavailableException(
                        $"The folder {repository.Location} does not exist (any more). Check the path, or remove the repository if it moved for good.");
                }

                if (RepositoryLocation.Parse(repository.Location, _localRules).Error is { } refused)
                {
                    throw new SourceUnavailableException($"The folder {repository.Location} is not synced: {refused}");
                }

                return new RemoteInfo(Path.GetFullPath(repository.Location), null, repository.DefaultBranch);
            case Core.Domain.RepositoryKind.GitRemote:
                return new RemoteInfo(repository.Location, null, repository.DefaultBranch);
            case Core.Domain.RepositoryKind.GitHub:
                var resolver = gitHub.FirstOrDefault()
                    ?? throw new InvalidOperationException("GitHub repositories need the GitHub integration, which is not registered.");
                return await resolver.ResolveAsync(repository, cancellationToken);
            default:
                throw new InvalidOperationException($"Unknown repository kind {repository.Kind}.");
        }
    }
}

/// <summary>Resolves a GitHub repository's clone address and token (implemented by the GitHub integration).</summary>
public interface IGitHubRemoteResolver
{
    Task<RemoteInfo> ResolveAsync(Core.Domain.Repository repository, CancellationToken cancellationToken);
}

internal static class GitCredentials
{
    /// <summary>A token as HTTPS basic credentials, the form GitHub and most git servers accept.</summary>
    public static CredentialsHandler ForToken(string token) =>
        (_, _, _) => new UsernamePasswordCredentials { Username = "x-access-token", Password = token };
}
