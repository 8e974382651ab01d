using System.Text.RegularExpressions;

namespace MigrationTracker.Core.Analysis.Discovery;

/// <summary>
/// The list of paths in a tree, indexed for the look-ups discovery needs. Look-ups ignore case
/// because project files were written on Windows, where <c>Device.c</c> names <c>device.c</c>.
/// </summary>
internal sealed class SourceTree
{
    private readonly Dictionary<string, string> _byPath = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, List<string>> _byFolder = new(StringComparer.OrdinalIgnoreCase);

    public SourceTree(IEnumerable<string> paths)
    {
        foreach (var raw in paths)
        {
            var path = Normalize(raw);
            if (path is null || !_byPath.TryAdd(path, path))
            {
                continue;
            }

            var folder = FolderOf(path);
            if (!_byFolder.TryGetValue(folder, out var files))
            {
                _byFolder[folder] = files = [];
            }

            files.Add(path);
        }
    }

    public IEnumerable<string> Paths => _byPath.Values;

    /// <summary>The path as the tree spells it, or null when the tree has no such file.</summary>
    public string? Find(string path) => _byPath.GetValueOrDefault(path);

    /// <summary>Files directly inside a folder ("" is the root).</summary>
    public IReadOnlyList<string> FilesIn(string folder) =>
        _byFolder.TryGetValue(folder, out var files) ? files : [];

    public static string FolderOf(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? "" : path[..slash];
    }

    public static string Combine(string folder, string relative) => folder.Length == 0 ? relative : folder + "/" + relative;

    /// <summary>
    /// '/' separators, no "." or ".." segments; null when the path leaves the tree root.
    /// </summary>
    public static string? Normalize(string path)
    {
        var segments = new List<string>();
        foreach (var segment in path.Replace('\\', '/').Split('/'))
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (segments.Count == 0)
                {
                    return null;
                }

                segments.RemoveAt(segments.Count - 1);
                continue;
            }

            segments.Add(segment);
        }

        return segments.Count == 0 ? null : string.Join('/', segments);
    }

    /// <summary>
    /// Files an MSBuild item spec names, relative to the project folder: several specs split by ';',
    /// wildcards '*' and '?' in a file name, '**' for any folder depth. Specs built from properties
    /// (<c>$(IntDir)</c>) or item lists (<c>@(...)</c>) name generated files and are skipped.
    /// </summary>
    public IEnumerable<string> Expand(string projectFolder, string itemSpec)
    {
        foreach (var spec in itemSpec.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (spec.Contains("$(", StringComparison.Ordinal) || spec.Contains("@(", StringComparison.Ordinal) || spec.Contains("%(", StringComparison.Ordinal))
            {
                continue;
            }

            var resolved = Normalize(Combine(projectFolder, spec));
            if (resolved is null)
            {
                continue;
            }

            if (resolved.IndexOfAny(['*', '?']) < 0)
            {
                if (Find(resolved) is { } found)
                {
                    yield return found;
                }

                continue;
            }

            var pattern = GlobToRegex(resolved);
            IEnumerable<string> candidates = resolved.Contains("**", StringComparison.Ordinal)
                ? _byPath.Values
                : FilesIn(FolderOf(resolved));
            foreach (var candidate in candidates)
            {
                if (pattern.IsMatch(candidate))
                {
                    yield return candidate;
                }
            }
        }
    }

    private static Regex GlobToRegex(string glob)
    {
        var pattern = Regex.Escape(glob)
            .Replace(@"\*\*/", "(?:.*/)?", StringComparison.Ordinal)
            .Replace(@"\*\*", ".*", StringComparison.Ordinal)
            .Replace(@"\*", "[^/]*", StringComparison.Ordinal)
            .Replace(@"\?", "[^/]", StringComparison.Ordinal);
        return new Regex("^" + pattern + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    }
}
