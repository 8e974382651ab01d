using MigrationTracker.Core.Analysis.Scanning;

namespace MigrationTracker.Workers.Sources;

/// <summary>A folder on disk as a source tree; <c>.git</c> folders, symbolic links and unreadable entries are left out.</summary>
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
        Files = [.. new DirectoryInfo(_root).EnumerateFiles("*", options)
            .Where(f => !f.FullName.Contains($"{Path.DirectorySeparatorChar}.git{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => new SourceFile(Path.GetRelativePath(_root, f.FullName).Replace(Path.DirectorySeparatorChar, '/'), f.Length))
            .OrderBy(f => f.Path, StringComparer.Ordinal)];
    }

    public IReadOnlyList<SourceFile> Files { get; }

    public ReadOnlyMemory<byte> Read(SourceFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return File.ReadAllBytes(Path.Combine(_root, file.Path));
    }
}
