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
    private readonly Dictionary<string, ObjectId> _blobs = new(StringComparer.Ordinal);

    public GitSourceTree(string repositoryPath, string revision)
    {
        if (string.IsNullOrWhiteSpace(revision))
        {
            throw new SourceUnavailableException("No commit given: name a branch, tag or commit id.");
        }

        _repository = new Repository(repositoryPath);
        Commit? commit;
        try
        {
            commit = _repository.Lookup<Commit>(revision);
        }
        catch (LibGit2SharpException)
        {
            commit = null; // a malformed revision is as unknown as a missing one
        }

        if (commit is null)
        {
            _repository.Dispose();
            throw new SourceUnavailableException($"'{revision}' names no commit in {repositoryPath}. Give a branch, tag or commit id.");
        }

        Commit = commit.Sha;
        CommitTime = commit.Committer.When;
        var files = new List<SourceFile>();
        Walk(commit.Tree, string.Empty, files);
        files.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        Files = files;
    }

    public string Commit { get; }

    public DateTimeOffset CommitTime { get; }

    public IReadOnlyList<SourceFile> Files { get; }

    public ReadOnlyMemory<byte> Read(SourceFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var id = _blobs[file.Path];
        Blob? blob;
        lock (_repository)
        {
            blob = _repository.ObjectDatabase.Contains(id) ? _repository.Lookup<Blob>(id) : null;
        }

        if (blob is null)
        {
            throw new IOException($"git object {id.Sha} is missing from the repository");
        }

        using var stream = blob.GetContentStream();
        var bytes = new byte[blob.Size];
        stream.ReadExactly(bytes);
        return bytes;
    }

    public void Dispose() => _repository.Dispose();

    private long SizeOf(ObjectId id)
    {
        try
        {
            return _repository.ObjectDatabase.RetrieveObjectMetadata(id)?.Size ?? 0;
        }
        catch (LibGit2SharpException)
        {
            return 0; // a missing object: reading it later reports the file as unreadable
        }
    }

    private void Walk(Tree tree, string prefix, List<SourceFile> files)
    {
        foreach (var entry in tree)
        {
            var path = prefix + entry.Name;
            switch (entry.TargetType)
            {
                case TreeEntryTargetType.Tree:
                    Walk((Tree)entry.Target, path + "/", files);
                    break;
                case TreeEntryTargetType.Blob when entry.Mode != Mode.SymbolicLink:
                    var id = entry.Target.Id;
                    _blobs[path] = id;
                    var size = SizeOf(id);
                    files.Add(new SourceFile(path, size, id.Sha));
                    break;
            }
        }
    }
}
