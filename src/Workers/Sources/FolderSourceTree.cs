using System.IO.Enumeration;
using MigrationTracker.Core.Analysis.Scanning;

namespace MigrationTracker.Workers.Sources;

/// <summary>A folder on disk as a source tree; <c>.git</c> folders (never entered), symbolic links and unreadable entries are left out.</summary>
public sealed class FolderSourceTree : ISourceTree
{
    private readonly string _root;

    public FolderSourceTree(string root)
    {
        _root = Path.GetFullPath(root);
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            IgnoreInaccessible = true,
            AttributesToSkip = FileAttributes.ReparsePoint,
            ReturnSpecialDirectories = false,
        };
        var prefix = _root.Length + 1;
        var files = new FileSystemEnumerable<SourceFile>(
            _root,
            (ref FileSystemEntry entry) => new SourceFile(
                string.Concat(entry.Directory[Math.Min(prefix, entry.Directory.Length)..], entry.Directory.Length >= prefix ? "/" : "", entry.FileName).Replace(Path.DirectorySeparatorChar, '/'),
                entry.Length),
            options)
        {
            ShouldIncludePredicate = (ref FileSystemEntry entry) => !entry.IsDirectory,
            ShouldRecursePredicate = (ref FileSystemEntry entry) => !entry.FileName.SequenceEqual(".git"),
        };
        Files = [.. files.OrderBy(f => f.Path, StringComparer.Ordinal)];
    }

    public IReadOnlyList<SourceFile> Files { get; }

    public ReadOnlyMemory<byte> Read(SourceFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return File.ReadAllBytes(Path.Combine(_root, file.Path));
    }
}
