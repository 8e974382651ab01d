namespace MigrationTracker.Core.Analysis.Discovery;

/// <summary>
/// Reads a file of the scanned tree as text already decoded (UTF-8 or UTF-16), so the discovery
/// engine stays free of file system and git access.
/// </summary>
public interface ISourceTreeText
{
    /// <summary>The file's text, or null when it cannot be read (missing, binary, too large).</summary>
    string? ReadText(string path);

    /// <summary>
    /// The <c>#include</c> lines of a C/C++ file when the caller has them already (the scan lexes every
    /// source file anyway); null makes discovery read the text itself.
    /// </summary>
    IReadOnlyList<IncludeDirective>? IncludesOf(string path) => null;
}

/// <summary>An <c>#include</c> line: where it is and the name it includes as written (without quotes or angle brackets).</summary>
public readonly record struct IncludeDirective(int Line, string Name);
