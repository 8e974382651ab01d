using MigrationTracker.Core.Scoring;

namespace MigrationTracker.Core.Analysis.Scanning;

/// <summary>
/// Runs the whole analysis on a source tree: file metrics, driver discovery, per-driver totals,
/// readiness scores for C/C++ drivers, unsafe share for Rust drivers, and pairing suggestions.
/// </summary>
public static class ScanReportBuilder
{
    /// <summary>How many of a Rust driver's biggest unsafe regions the report lists.</summary>
    public const int HotspotCount = 10;

    public static ScanReport Build(ISourceTree tree, ScanOptions options, string? commit, ReadinessPolicy? policy = null) =>
        new TreeAnalyzer(options, policy ?? ReadinessPolicy.Default).Analyze(tree, commit);
}
