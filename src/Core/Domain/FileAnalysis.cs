namespace MigrationTracker.Core.Domain;

/// <summary>
/// The analysis of one file content, keyed by its git blob id and the analyser version,
/// so the same content is never analysed twice across commits and repositories.
/// </summary>
public class FileAnalysis
{
    public long Id { get; set; }

    /// <summary>Git blob id (hexadecimal) of the content.</summary>
    public required string BlobId { get; set; }

    /// <summary>Bumped when the analyser's output changes, which invalidates older entries.</summary>
    public int AnalyzerVersion { get; set; }

    /// <summary>cloc's language name (the content was read as this language).</summary>
    public required string Language { get; set; }

    public long SizeBytes { get; set; }

    public int BlankLines { get; set; }

    public int CommentLines { get; set; }

    public int CodeLines { get; set; }

    public int UnsafeLines { get; set; }

    /// <summary>Why the file was not analysed (binary, too large, ...); null when it was.</summary>
    public string? SkipReason { get; set; }

    /// <summary>Constructs and their line evidence as JSON.</summary>
    public string? DetailJson { get; set; }

    public DateTime AnalyzedAt { get; set; }
}
