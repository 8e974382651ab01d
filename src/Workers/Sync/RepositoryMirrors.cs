using Hangfire;
using LibGit2Sharp;
using MigrationTracker.Core.Storage;
using MigrationTracker.Workers.Sources;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MigrationTracker.Workers.Sync;

/// <summary>A fetched mirror: where it is, the branch that counts, and that branch's newest commit.</summary>
public sealed record MirrorState(string Path, string Branch, string HeadCommit);

/// <summary>
/// Bare mirror clones of the tracked repositories in the data folder, fetched on each sync and read
/// straight from their object databases (never checked out). One process fetches a given
/// repository at a time, whichever worker it runs on (a lock in the job storage).
/// </summary>
public sealed class RepositoryMirrors(
    StorageSettings storage,
    IRepositoryRemotes remotes,
    JobStorage jobStorage,
    IOptions<SyncOptions> options,
    ILogger<RepositoryMirrors> logger)
{
    private static readonly string[] RefSpecs = ["+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"];

    public string PathOf(int repositoryId) => System.IO.Path.Combine(storage.DataDirectory, "mirrors", $"{repositoryId}.git");

    /// <summary>Fetches the repository into its mirror (creating it the first time) and finds the branch to follow.</summary>
    /// <exception cref="SourceUnavailableException">The remote is gone or refuses access: the message says so in plain words.</exception>
    public async Task<MirrorState> FetchAsync(Core.Domain.Repository repository, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var remote = await remotes.ResolveAsync(repository, cancellationToken);
        var path = PathOf(repository.Id);

        using var connection = jobStorage.GetConnection();
        using (connection.AcquireDistributedLock($"migrationtracker:fetch:{repository.Id}", options.Value.FetchLockTimeout))
        {
            return await Task.Run(() => Fetch(repository, remote, path), cancellationToken);
        }
    }

    /// <summary>The mirror's state without fetching, when it has the commit asked for; null when it must be fetched first.</summary>
    public MirrorState? Existing(Core.Domain.Repository repository, string? commit)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var path = PathOf(repository.Id);
        if (!LibGit2Sharp.Repository.IsValid(path) || repository.DefaultBranch is null)
        {
            return null;
        }

        using var git = new LibGit2Sharp.Repository(path);
        var branch = git.Branches[repository.DefaultBranch];
        if (branch?.Tip is null || (commit is not null && git.Lookup<Commit>(commit) is null))
        {
            return null;
        }

        return new MirrorState(path, repository.DefaultBranch, branch.Tip.Sha);
    }

    private MirrorState Fetch(Core.Domain.Repository repository, RemoteInfo remote, string path)
    {
        try
        {
            if (!LibGit2Sharp.Repository.IsValid(path))
            {
                Directory.CreateDirectory(path);
                LibGit2Sharp.Repository.Init(path, isBare: true);
            }

            using var git = new LibGit2Sharp.Repository(path);
            var origin = git.Network.Remotes["origin"];
            if (origin is null)
            {
                git.Network.Remotes.Add("origin", remote.Url, RefSpecs[0]);
            }
            else if (origin.Url != remote.Url)
            {
                git.Network.Remotes.Update("origin", r => r.Url = remote.Url);
            }

            logger.LogInformation("Fetching repository {RepositoryId} ({Name})", repository.Id, repository.Name);
            var fetch = new FetchOptions { Prune = true, TagFetchMode = TagFetchMode.None, CredentialsProvider = remote.Credentials };
            Commands.Fetch(git, "origin", RefSpecs, fetch, logMessage: null);

            var branch = remote.DefaultBranch ?? RemoteHead(git, remote) ?? Fallback(git)
                ?? throw new SourceUnavailableException($"{repository.Name} has no branches yet: push a first commit, then sync again.");
            var tip = git.Branches[branch]?.Tip
                ?? throw new SourceUnavailableException($"{repository.Name} has no branch '{branch}'. Set the default branch of the repository to one that exists.");
            return new MirrorState(path, branch, tip.Sha);
        }
        catch (LibGit2SharpException ex)
        {
            throw Classify(repository, path, ex);
        }
    }

    /// <summary>The branch the remote's HEAD points at.</summary>
    private static string? RemoteHead(LibGit2Sharp.Repository git, RemoteInfo remote)
    {
        var origin = git.Network.Remotes["origin"];
        var references = remote.Credentials is null ? git.Network.ListReferences(origin) : git.Network.ListReferences(origin, remote.Credentials);
        var head = references.FirstOrDefault(r => r.CanonicalName == "HEAD");
        const string Heads = "refs/heads/";
        return head is SymbolicReference { TargetIdentifier: { } target } && target.StartsWith(Heads, StringComparison.Ordinal)
            ? target[Heads.Length..]
            : null;
    }

    private static readonly string[] UsualBranches = ["main", "master"];

    private static string? Fallback(LibGit2Sharp.Repository git) =>
        UsualBranches.FirstOrDefault(name => git.Branches[name] is not null) ?? git.Branches.FirstOrDefault()?.FriendlyName;

    /// <summary>Gone or forbidden is the user's to fix (no retry); anything else may pass (the job is retried).</summary>
    private static Exception Classify(Core.Domain.Repository repository, string mirrorPath, LibGit2SharpException ex)
    {
        var message = ex.Message;
        bool Has(string text) => message.Contains(text, StringComparison.OrdinalIgnoreCase);
        if (Has("No space left on device") || Has("Disk quota exceeded"))
        {
            // The server's disk, not the repository: libgit2 names a temporary pack file, which tells the user nothing.
            return new IOException(
                $"No space left on the disk of {System.IO.Path.GetDirectoryName(mirrorPath)} to fetch {repository.Location}. Free space there (or move {StorageSettings.DataDirectoryKey} to a larger disk); the sync will be retried, and the history already collected is kept.",
                ex);
        }

        // A missing object, or one whose bytes do not inflate ("failed to read loose object header"): no retry repairs either.
        if (Has("object not found") || Has("corrupt") || Has("bad object") || Has("loose object") || Has("inflate"))
        {
            return new SourceUnavailableException(
                $"{repository.Location} is damaged: {message}. Repair the source repository (git fsck shows what is missing), then sync again; the history already collected is kept.");
        }

        if (Has("not found") || Has("404") || Has("does not exist") || Has("could not find repository") || Has("failed to resolve path") || Has("not a git repository"))
        {
            return new SourceUnavailableException(
                $"{repository.Location} cannot be found: the repository was deleted, moved or renamed. Check the address; the history already collected is kept.");
        }

        if (Has("authentication") || Has("401") || Has("403") || Has("credentials") || Has("permission"))
        {
            return new SourceUnavailableException(
                $"{repository.Location} refuses access. Check the repository's credential (token or password); the history already collected is kept.");
        }

        return new IOException($"Fetching {repository.Location} failed: {message}. The sync will be retried.", ex);
    }
}
