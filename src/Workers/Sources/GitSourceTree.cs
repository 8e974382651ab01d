using LibGit2Sharp;
using MigrationTracker.Core.Analysis.Scanning;

namespace MigrationTracker.Workers.Sources;

/// <summary>
/// One commit of a git repository (bare or not) as a source tree, read straight from the object
/// database: no checkout, no working-tree filters. Missing objects (partial clones) are reported as unreadable.
/// </summary>
public sealed class GitSourceTree : ISourceTree, IDisposable
{
    private readonly Repository _repository;
    private readonly bool _ownsRepository;
    private readonly Dictionary<string, ObjectId> _blobs = new(StringComparer.Ordinal);

    /// <summary>Opens the repository at <paramref name="repositoryPath"/> and reads <paramref name="revision"/>.</summary>
    public GitSourceTree(string repositoryPath, string revision)
    {
        if (string.IsNullOrWhiteSpace(revision))
        {
            throw new SourceUnavailableException("No commit given: name a branch, tag or commit id.");
        }

        _repository = new Repository(repositoryPath);
        _ownsRepository = true;
        var commit = Find(_repository, revision);
        if (commit is null)
        {
            _repository.Dispose();
            throw new SourceUnavailableException($"'{revision}' names no commit in {repositoryPath}. Give a branch, tag or commit id.");
        }

        (Commit, CommitTime, Files) = Load(commit, new GitTreeCache());
    }

    /// <summary>
    /// Reads a commit of an open repository, which stays open after this tree is disposed. A
    /// <paramref name="cache"/> shared across commits lists each unchanged folder once.
    /// </summary>
    public GitSourceTree(Repository repository, string commit, GitTreeCache cache)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(cache);
        _repository = repository;
        var found = Find(repository, commit) ?? throw new SourceUnavailableException($"Commit {commit} is not in the repository's mirror. Sync the repository, then try again.");
        (Commit, CommitTime, Files) = Load(found, cache);
    }

    public string Commit { get; }

    public DateTimeOffset CommitTime { get; }

    public IReadOnlyList<SourceFile> Files { get; }

    public ReadOnlyMemory<byte> Read(SourceFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var id = _blobs[file.Path];
        lock (_repository)
        {
            var blob = (_repository.ObjectDatabase.Contains(id) ? _repository.Lookup<Blob>(id) : null)
                ?? throw new IOException($"git object {id.Sha} is missing from the repository");
            using var stream = blob.GetContentStream();
            var bytes = new byte[blob.Size];
            stream.ReadExactly(bytes);
            return bytes;
        }
    }

    public void Dispose()
    {
        if (_ownsRepository)
        {
            _repository.Dispose();
        }
    }

    private static Commit? Find(Repository repository, string revision)
    {
        try
        {
            return repository.Lookup<Commit>(revision);
        }
        catch (LibGit2SharpException)
        {
            return null; // a malformed revision is as unknown as a missing one
        }
    }

    private (string, DateTimeOffset, IReadOnlyList<SourceFile>) Load(Commit commit, GitTreeCache cache)
    {
        cache.NextCommit();
        var entries = cache.List(_repository, commit.Tree);
        var files = new List<SourceFile>(entries.Count);
        foreach (var entry in entries)
        {
            _blobs[entry.Path] = entry.Blob;
            files.Add(new SourceFile(entry.Path, entry.Size, entry.Blob.Sha));
        }

        return (commit.Sha, commit.Committer.When, files);
    }
}

/// <summary>
/// Flattened listings of git trees by tree id. Consecutive commits share most folders, so scanning
/// a history lists each distinct folder once instead of walking the whole tree for every commit.
/// </summary>
public sealed class GitTreeCache
{
    // Two generations: folders listed for the current commit and for the one before. Folders no
    // commit in between used are dropped, so memory stays at about two trees' worth over any history.
    private Dictionary<ObjectId, List<GitTreeEntry>> _trees = [];
    private Dictionary<ObjectId, List<GitTreeEntry>> _previous = [];

    /// <summary>Starts the listing of another commit: folders only the commit before the last one used are forgotten.</summary>
    public void NextCommit()
    {
        _previous = _trees;
        _trees = [];
    }

    /// <summary>The files under <paramref name="tree"/> (symbolic links left out), paths relative to it, sorted.</summary>
    public IReadOnlyList<GitTreeEntry> List(Repository repository, Tree tree)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(tree);
        if (_trees.TryGetValue(tree.Id, out var known))
        {
            return known;
        }

        if (_previous.Remove(tree.Id, out var earlier))
        {
            _trees[tree.Id] = earlier;
            return earlier;
        }

        var result = new List<GitTreeEntry>();
        foreach (var entry in tree)
        {
            switch (entry.TargetType)
            {
                case TreeEntryTargetType.Tree:
                    var prefix = entry.Name + "/";
                    foreach (var child in List(repository, (Tree)entry.Target))
                    {
                        result.Add(child with { Path = prefix + child.Path });
                    }

                    break;
                case TreeEntryTargetType.Blob when entry.Mode != Mode.SymbolicLink:
                    result.Add(new GitTreeEntry(entry.Name, entry.Target.Id, SizeOf(repository, entry.Target.Id)));
                    break;
            }
        }

        result.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        _trees[tree.Id] = result;
        return result;
    }

    private static long SizeOf(Repository repository, ObjectId id)
    {
        try
        {
            return repository.ObjectDatabase.RetrieveObjectMetadata(id)?.Size ?? 0;
        }
        catch (LibGit2SharpException)
        {
            return 0; // a missing object: reading it later reports the file as unreadable
        }
    }
}

/// <summary>A file in a git tree: its path, blob id and size.</summary>
public sealed record GitTreeEntry(string Path, ObjectId Blob, long Size);
