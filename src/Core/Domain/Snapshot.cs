namespace MigrationTracker.Core.Domain;

public enum ReadinessBand
{
    /// <summary>Not scored (a Rust driver, or no C/C++ code).</summary>
    None = 0,
    Ready = 1,
    NeedsWork = 2,
    Blocked = 3,
}

/// <summary>One driver's measurements at one analysed commit. Unique per driver and commit.</summary>
public class Snapshot
{
    public long Id { get; set; }

    public int DriverId { get; set; }

    public Driver? Driver { get; set; }

    /// <summary>Full hexadecimal commit id.</summary>
    public required string CommitId { get; set; }

    /// <summary>Committer time, UTC: the time axis of every trend.</summary>
    public DateTime CommitTime { get; set; }

    public DateTime AnalyzedAt { get; set; }

    public int FileCount { get; set; }

    public int BlankLines { get; set; }

    public int CommentLines { get; set; }

    /// <summary>Code lines in C sources.</summary>
    public int CCodeLines { get; set; }

    /// <summary>Code lines in C++ sources.</summary>
    public int CppCodeLines { get; set; }

    /// <summary>Code lines in C/C++ headers.</summary>
    public int HeaderCodeLines { get; set; }

    public int RustCodeLines { get; set; }

    /// <summary>Rust code lines that sit inside unsafe regions.</summary>
    public int UnsafeLines { get; set; }

    /// <summary>UnsafeLines / RustCodeLines for Rust drivers; null otherwise.</summary>
    public double? UnsafeShare { get; set; }

    /// <summary>0 to 100 for C/C++ drivers; null for Rust drivers.</summary>
    public double? ReadinessScore { get; set; }

    public ReadinessBand ReadinessBand { get; set; }

    /// <summary>Version of the scoring policy that produced the score.</summary>
    public int ScoringPolicyVersion { get; set; }

    /// <summary>The full measurement (constructs with evidence, factors, unsafe hotspots) as JSON, so a rescore needs no rescan.</summary>
    /// <summary>Product code lines of the driver's test files and test modules, kept apart from the figures above.</summary>
    public int TestCodeLines { get; set; }

    /// <summary>Compact numbers beyond the columns: construct counts, functions, unsafe counts by kind.</summary>
    public required string MetricsJson { get; set; }

    /// <summary>The full analysis (<see cref="SnapshotDetail"/>), shared by snapshots whose driver did not change.</summary>
    public string? DetailHash { get; set; }

    /// <summary>Factor breakdown and blocking reasons of the score, as JSON.</summary>
    public string? ScoreJson { get; set; }

    public int TotalCodeLines => CCodeLines + CppCodeLines + HeaderCodeLines + RustCodeLines;
}
