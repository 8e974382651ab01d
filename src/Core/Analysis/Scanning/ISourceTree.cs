namespace MigrationTracker.Core.Analysis.Scanning;

/// <summary>A file of a source tree: its path relative to the root ('/' separators), its size, and its git blob id when it has one.</summary>
public sealed record SourceFile(string Path, long Size, string? BlobId = null);

/// <summary>
/// A tree of files to scan: a folder, or a commit of a git repository read from its object
/// database. Implementations live where I/O is allowed; the scanner only asks for bytes.
/// </summary>
public interface ISourceTree
{
    IReadOnlyList<SourceFile> Files { get; }

    /// <summary>The file's bytes as stored.</summary>
    ReadOnlyMemory<byte> Read(SourceFile file);
}
