namespace MigrationTracker.Core.Analysis;

/// <summary>A line in a file of the scanned tree (path relative to the tree root, '/' separators; lines from 1).</summary>
public readonly record struct SourceLocation(string Path, int Line);

/// <summary>A range of lines in a file, inclusive.</summary>
public readonly record struct SourceRange(string Path, int FirstLine, int LastLine)
{
    public int LineCount => LastLine - FirstLine + 1;
}
