using LibGit2Sharp;
using MigrationTracker.Workers.Tests.Scanning;

namespace MigrationTracker.Workers.Tests.Sync;

/// <summary>
/// A real git repository with a working tree, written commit by commit with explicit dates so
/// that its history is dated: files written, moved and deleted, branches merged with a merge
/// commit, and a branch rewritten as a force-push does.
/// </summary>
internal sealed class TestGitRepository : IDisposable
{
    public const string MainBranch = "main";

    private readonly Repository _git;

    public TestGitRepository(string path)
    {
        Path = path;
        Repository.Init(path);
        _git = new Repository(path);
        _git.Refs.UpdateTarget("HEAD", $"refs/heads/{MainBranch}");
    }

    public string Path { get; }

    public string Head => _git.Head.Tip.Sha;

    public TestGitRepository Write(string relativePath, string text)
    {
        EchoFixture.WriteText(Path, relativePath, text);
        return this;
    }

    public TestGitRepository Delete(string relativePath)
    {
        var full = System.IO.Path.Combine(Path, relativePath);
        if (Directory.Exists(full))
        {
            Directory.Delete(full, recursive: true);
        }
        else
        {
            File.Delete(full);
        }

        return this;
    }

    public TestGitRepository Move(string from, string to)
    {
        File.Move(System.IO.Path.Combine(Path, from), System.IO.Path.Combine(Path, to));
        return this;
    }

    /// <summary>Stages everything (additions, changes, deletions) and commits it as authored and committed at <paramref name="when"/>.</summary>
    public string Commit(string message, DateTimeOffset when)
    {
        Commands.Stage(_git, "*");
        var signature = Signature(when);
        return _git.Commit(message, signature, signature).Sha;
    }

    /// <summary>Creates a branch at the current commit and switches to it.</summary>
    public void StartBranch(string name) => Commands.Checkout(_git, _git.CreateBranch(name));

    public void Switch(string name) => Commands.Checkout(_git, _git.Branches[name]);

    /// <summary>Merges <paramref name="branch"/> into the current branch with a merge commit, even when a fast-forward would do.</summary>
    public string Merge(string branch, DateTimeOffset when)
    {
        var result = _git.Merge(_git.Branches[branch], Signature(when), new MergeOptions { FastForwardStrategy = FastForwardStrategy.NoFastForward });
        result.Status.ShouldBe(MergeStatus.NonFastForward);
        return result.Commit.Sha;
    }

    /// <summary>Moves the current branch back to <paramref name="commit"/>, dropping what followed (the first half of a force-push).</summary>
    public void ResetTo(string commit) => _git.Reset(ResetMode.Hard, _git.Lookup<Commit>(commit));

    /// <summary>The path of the loose object file that stores <paramref name="objectId"/>.</summary>
    public string LooseObjectPath(string objectId) => System.IO.Path.Combine(Path, ".git", "objects", objectId[..2], objectId[2..]);

    /// <summary>The blob id of a file at a commit.</summary>
    public string BlobAt(string commit, string relativePath) => _git.Lookup<Commit>(commit)[relativePath].Target.Sha;

    /// <summary>The (blob id, extension) of every C, header and Rust file in the commit's tree.</summary>
    public IEnumerable<(string Blob, string Extension)> SourceBlobs(string commit)
    {
        var stack = new Stack<Tree>([_git.Lookup<Commit>(commit).Tree]);
        while (stack.TryPop(out var tree))
        {
            foreach (var entry in tree)
            {
                if (entry.TargetType == TreeEntryTargetType.Tree)
                {
                    stack.Push((Tree)entry.Target);
                }
                else if (System.IO.Path.GetExtension(entry.Name) is ".c" or ".h" or ".rs")
                {
                    yield return (entry.Target.Sha, System.IO.Path.GetExtension(entry.Name));
                }
            }
        }
    }

    private static Signature Signature(DateTimeOffset when) => new("Driver Team", "drivers@example.com", when);

    /// <summary>Deletes the repository's folder, as someone who moved or removed it would.</summary>
    public void DeleteFolder()
    {
        _git.Dispose();
        foreach (var file in Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories))
        {
            File.SetAttributes(file, FileAttributes.Normal);
        }

        Directory.Delete(Path, recursive: true);
    }

    public void Dispose() => _git.Dispose();
}
