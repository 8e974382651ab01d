namespace MigrationTracker.Core.Analysis.Discovery;

/// <summary>Tells test code from product code by path, the only evidence a file list gives.</summary>
public static class FileRoles
{
    private static readonly string[] CTestFolders = ["test", "tests"];
    private static readonly string[] RustTestFolders = ["tests", "benches", "examples"];

    /// <summary>
    /// A C/C++ file is test code under a <c>test/</c> or <c>tests/</c> folder of its project, or
    /// named <c>*_test.c</c> / <c>test_*.c</c>. Folders above the project folder do not count:
    /// a driver kept under <c>tests/</c> still has product code.
    /// </summary>
    public static bool IsCTest(string projectFolder, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var stem = Path.GetFileNameWithoutExtension(path);
        return stem.StartsWith("test_", StringComparison.OrdinalIgnoreCase)
            || stem.EndsWith("_test", StringComparison.OrdinalIgnoreCase)
            || FoldersBelow(projectFolder, path).Any(f => CTestFolders.Contains(f, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>
    /// A Rust file is test code under the crate's <c>tests/</c>, <c>benches/</c> or <c>examples/</c>.
    /// <c>#[cfg(test)]</c> modules inside product files need a lexer and are left to it.
    /// </summary>
    public static bool IsRustTest(string crateFolder, string path) =>
        FoldersBelow(crateFolder, path).Any(f => RustTestFolders.Contains(f, StringComparer.Ordinal));

    /// <summary>Folder names between the root folder and the file; none when the file lies outside the root.</summary>
    internal static IEnumerable<string> FoldersBelow(string root, string path)
    {
        if (root.Length > 0 && !path.StartsWith(root + "/", StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }

        var relative = root.Length == 0 ? path : path[(root.Length + 1)..];
        var segments = relative.Split('/');
        return segments[..^1];
    }
}
