using MigrationTracker.Core.Portfolio;

namespace MigrationTracker.Web.Components.Overview;

/// <summary>Everything the overview shows, read once per visit.</summary>
public sealed record OverviewData(
    PortfolioHeadlines Headlines,
    IReadOnlyList<TrendPoint> Trends,
    CompletionProjection Projection,
    WeeklyRegressions Regressions);
