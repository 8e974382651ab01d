using MigrationTracker.Core.Analysis.Unsafe;
using MigrationTracker.Core.Domain;

namespace MigrationTracker.Core.Analysis.Scanning;

/// <summary>Everything a scan found in one tree: what the scan command prints and what a snapshot stores.</summary>
public sealed record ScanReport(
    string? Commit,
    IReadOnlyList<LanguageTotals> Languages,
    IReadOnlyList<FileEntry> Files,
    IReadOnlyList<DriverEntry> Drivers,
    IReadOnlyList<SkippedFile> Skipped,
    IReadOnlyList<Discovery.DiscoveryProblem> Problems);

/// <summary>One analysed file's counts; <see cref="UnsafeLines"/> only for Rust.</summary>
public sealed record FileEntry(string Path, string Language, int Blank, int Comment, int Code, int? UnsafeLines);

/// <summary>Code lines of a driver's files by language (product code), and its test code apart.</summary>
public sealed record DriverCode(int Files, int CCode, int CppCode, int HeaderCode, int RustCode, int TestFiles, int TestCode, int Blank = 0, int Comment = 0)
{
    public int Total => CCode + CppCode + HeaderCode + RustCode;
}

/// <summary>A Rust driver's unsafe code: counts by kind, share of its product code lines, biggest regions.</summary>
public sealed record UnsafeSummary(
    int CodeLines,
    int UnsafeLines,
    double? Share,
    IReadOnlyDictionary<UnsafeKind, int> Counts,
    IReadOnlyList<UnsafeRegion> Hotspots,
    int TestCodeLines,
    int TestUnsafeLines);

/// <summary>A driver found in the tree, with its measured code and its score or unsafe share.</summary>
public sealed record DriverEntry
{
    public required string Name { get; init; }

    /// <summary>The project file (.vcxproj or Cargo.toml) that defines the driver.</summary>
    public required string Path { get; init; }

    public required DriverLanguage Language { get; init; }

    public required DriverModel Model { get; init; }

    public DriverFramework Framework { get; init; }

    public required DriverCode Code { get; init; }

    public Scoring.ReadinessResult? Readiness { get; init; }

    public UnsafeSummary? Unsafe { get; init; }

    /// <summary>
    /// For C drivers: the measured profile the score was computed from, so it can be rescored without a
    /// rescan. Stored with the snapshot; left out of the scan command's JSON, whose factors carry the evidence.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public CDriverProfile? Profile { get; init; }

    /// <summary>The suggested counterpart (its project path), what they share, and how sure the suggestion is.</summary>
    public string? SuggestedCounterpart { get; init; }

    public string? PairingReason { get; init; }

    public double? PairingConfidence { get; init; }

    /// <summary>Hardware IDs from the driver's INF files, which the pairing and the dashboard show.</summary>
    public IReadOnlyList<string> HardwareIds { get; init; } = [];
}
