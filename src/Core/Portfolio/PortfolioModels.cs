using MigrationTracker.Core.Domain;

namespace MigrationTracker.Core.Portfolio;

/// <summary>A headline figure now and a week earlier; null where there is nothing to measure.</summary>
public sealed record WeeklyFigure(double? Now, double? WeekEarlier)
{
    public double? Change => Now is { } now && WeekEarlier is { } before ? now - before : null;
}

/// <summary>The portfolio's headline figures as of a time, each with its value a week earlier.</summary>
public sealed record PortfolioHeadlines(
    DateTime AsOf,
    int Repositories,
    WeeklyFigure DriversTracked,
    WeeklyFigure CDriversTracked,
    WeeklyFigure RustDriversTracked,
    WeeklyFigure CDriversWithRustPort,
    WeeklyFigure DriversFullyMigrated,
    WeeklyFigure RustShareOfCode,
    WeeklyFigure MedianReadiness,
    WeeklyFigure MeanUnsafeShare,
    WeeklyFigure BuildsPassing);

/// <summary>The portfolio at the end of one week (Monday-start, UTC), each driver at its latest snapshot by then.</summary>
public sealed record TrendPoint(
    DateOnly WeekStart,
    double? RustShareOfCode,
    long CLinesRemaining,
    double? MeanUnsafeShare,
    int Ready,
    int NeedsWork,
    int Blocked);

/// <summary>
/// When the C/C++ code would be gone if the recent burn-down went on. <see cref="CompletionDate"/> is null
/// when it cannot be projected; <see cref="Reason"/> then says why.
/// </summary>
public sealed record CompletionProjection(
    DateOnly? CompletionDate,
    double LinesPerWeek,
    long CLinesRemaining,
    string Assumption,
    string? Reason);

/// <summary>A driver figure that moved the wrong way within a week.</summary>
public sealed record DriverRegression(int DriverId, string DriverName, string RepositoryName, double Before, double After);

/// <summary>A build that failed in the week after the one before it had passed.</summary>
public sealed record BrokenBuild(
    int RepositoryId,
    string RepositoryName,
    int? DriverId,
    string? DriverName,
    string? BuildName,
    DateTime FailedAt,
    string? Url);

/// <summary>What got worse in one week (Monday to Monday, UTC).</summary>
public sealed record WeeklyRegressions(
    DateOnly WeekStart,
    IReadOnlyList<DriverRegression> ReadinessDown,
    IReadOnlyList<DriverRegression> UnsafeShareUp,
    IReadOnlyList<BrokenBuild> BuildsBroken)
{
    public int Count => ReadinessDown.Count + UnsafeShareUp.Count + BuildsBroken.Count;
}

/// <summary>
/// The drivers a figure is measured over (a team's, for a team report), and their stages where those differ
/// from the stored ones (a past week's report uses the stages as they were then).
/// </summary>
public sealed record PortfolioScope(IReadOnlySet<int> DriverIds, IReadOnlyDictionary<int, MigrationStage>? Stages = null);
