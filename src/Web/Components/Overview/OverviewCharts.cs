using System.Globalization;
using MigrationTracker.Core.Portfolio;
using MudBlazor;

namespace MigrationTracker.Web.Components.Overview;

/// <summary>The overview's chart series, built from the weekly trend points, with a sentence per chart for screen readers.</summary>
public sealed record OverviewCharts(
    string[] Labels,
    List<ChartSeries<double>> RustShare,
    List<ChartSeries<double>> BurnDown,
    List<ChartSeries<double>> UnsafeShare,
    List<ChartSeries<double>> Bands,
    string RustShareSummary,
    string BurnDownSummary,
    string UnsafeShareSummary,
    string BandsSummary)
{
    /// <summary>Every n-th week is labelled, so a year of weeks stays readable on a narrow chart.</summary>
    public const int LabelEvery = 4;

    public static OverviewCharts Empty { get; } = From([]);

    public static OverviewCharts From(IReadOnlyList<TrendPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var labels = points
            .Select((p, i) => i % LabelEvery == 0 || i == points.Count - 1 ? p.WeekStart.ToString("MMM d", CultureInfo.InvariantCulture) : string.Empty)
            .ToArray();

        // A week with nothing measured yet carries the previous value (or zero) so the line does not drop.
        var rust = CarryForward(points.Select(p => p.RustShareOfCode * 100));
        var burnDown = points.Select(p => (double)p.CLinesRemaining).ToArray();
        var unsafeShare = CarryForward(points.Select(p => p.MeanUnsafeShare * 100));

        return new OverviewCharts(
            labels,
            [Series("Rust share of code (%)", rust)],
            [Series("C/C++ lines remaining", burnDown)],
            [Series("Mean unsafe share (%)", unsafeShare)],
            [
                Series("Ready", [.. points.Select(p => (double)p.Ready)]),
                Series("Needs work", [.. points.Select(p => (double)p.NeedsWork)]),
                Series("Blocked", [.. points.Select(p => (double)p.Blocked)]),
            ],
            Summary(points, "Rust share of code", rust, "0.0", " %"),
            Summary(points, "C/C++ lines remaining", burnDown, "N0", string.Empty),
            Summary(points, "Mean unsafe share", unsafeShare, "0.0", " %"),
            points.Count == 0
                ? "No weeks to show."
                : string.Create(CultureInfo.InvariantCulture, $"In the week of {points[^1].WeekStart:yyyy-MM-dd}: {points[^1].Ready} Ready, {points[^1].NeedsWork} Needs work, {points[^1].Blocked} Blocked C/C++ drivers."));
    }

    private static ChartSeries<double> Series(string name, double[] data) => new() { Name = name, Data = data };

    private static double[] CarryForward(IEnumerable<double?> values)
    {
        var result = new List<double>();
        double last = 0;
        foreach (var value in values)
        {
            last = value ?? last;
            result.Add(Math.Round(last, 2));
        }

        return [.. result];
    }

    private static string Summary(IReadOnlyList<TrendPoint> points, string name, double[] values, string format, string unit) =>
        points.Count == 0
            ? "No weeks to show."
            : string.Create(CultureInfo.InvariantCulture,
                $"{name}: {values[0].ToString(format, CultureInfo.InvariantCulture)}{unit} in the week of {points[0].WeekStart:yyyy-MM-dd}, {values[^1].ToString(format, CultureInfo.InvariantCulture)}{unit} in the week of {points[^1].WeekStart:yyyy-MM-dd}.");
}
