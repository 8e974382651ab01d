namespace MigrationTracker.Core.Analysis.Discovery;

/// <summary>
/// Reads a file of the scanned tree as text already decoded (UTF-8 or UTF-16), so the discovery
/// engine stays free of file system and git access.
/// </summary>
public interface ISourceTreeText
{
    /// <summary>The file's text, or null when it cannot be read (missing, binary, too large).</summary>
    string? ReadText(string path);
}
