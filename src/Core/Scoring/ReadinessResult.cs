using MigrationTracker.Core.Analysis;
using MigrationTracker.Core.Domain;

namespace MigrationTracker.Core.Scoring;

/// <summary>
/// A driver's Rust-readiness under one policy version: 0 to 100, higher is easier to port now.
/// <see cref="Score"/> keeps full precision and equals 100 minus the sum of the factors' contributions
/// (up to floating-point rounding); round only for display, with <see cref="DisplayScore"/>.
/// </summary>
public sealed record ReadinessResult(
    int PolicyVersion,
    double Score,
    ReadinessBand Band,
    IReadOnlyList<string> BlockingReasons,
    IReadOnlyList<FactorResult> Factors)
{
    /// <summary>The score rounded to one decimal, as pages and reports show it.</summary>
    public double DisplayScore => Math.Round(Score, 1, MidpointRounding.AwayFromZero);
}

/// <summary>
/// One factor of a readiness score: what was measured, how much it costs and where in the code.
/// <see cref="Contribution"/> = weight / sum of weights × penalty × 100: the points this factor takes off 100.
/// </summary>
public sealed record FactorResult(
    string Id,
    string Title,
    double MeasuredValue,
    string Unit,
    string Measurement,
    double Penalty,
    double Weight,
    double Contribution,
    string Explanation,
    IReadOnlyList<SourceLocation> Evidence,
    int EvidenceCount);
