namespace MigrationTracker.Core.Repositories;

/// <summary>Follows symbolic links the way the file system does when a program opens a path.</summary>
public static class SymbolicLinks
{
    /// <summary>As many links as Linux follows in one path before it gives up (MAXSYMLINKS).</summary>
    private const int MaxLinks = 40;

    /// <summary>
    /// The absolute path with every symbolic link along it replaced by where it leads, the parts after a link
    /// included; null when the links go round in a loop. Parts that do not exist are kept as written.
    /// </summary>
    public static string? Resolve(string path)
    {
        var full = Path.GetFullPath(path);
        var resolved = Path.GetPathRoot(full)!;
        var remaining = new Queue<string>(Segments(full));
        var followed = 0;
        while (remaining.TryDequeue(out var segment))
        {
            var next = Path.Combine(resolved, segment);
            if (new FileInfo(next).LinkTarget is not { } target)
            {
                resolved = next;
                continue;
            }

            if (++followed > MaxLinks)
            {
                return null;
            }

            // Everything before the link is resolved, so a relative target's '..' can be taken literally.
            var targetPath = Path.GetFullPath(target, resolved);
            resolved = Path.GetPathRoot(targetPath)!;
            remaining = new Queue<string>(Segments(targetPath).Concat(remaining));
        }

        return Path.TrimEndingDirectorySeparator(resolved);
    }

    private static string[] Segments(string fullPath) =>
        fullPath[Path.GetPathRoot(fullPath)!.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
}
