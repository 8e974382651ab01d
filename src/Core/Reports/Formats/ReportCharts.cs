using System.Globalization;
using MigrationTracker.Core.Portfolio;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace MigrationTracker.Core.Reports.Formats;

/// <summary>A chart drawn as a PNG, with the title the report prints above it.</summary>
internal sealed record ReportChart(string Title, byte[] Png);

/// <summary>
/// The report's trend charts as PNG images, drawn with ScottPlot at the size they take on the page, once each.
/// Sizes are in PDF points; ScottPlot's scale factor turns them into pixels at <see cref="Dpi"/>, so a 9 pt label
/// in a chart reads like 9 pt text beside it.
/// </summary>
internal static class ReportCharts
{
    public const double Dpi = 150;

    private const double LegendHeadRoom = 1.4;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private static readonly Color Rust = Color.FromHex("#C2410C");
    private static readonly Color Unsafe = Color.FromHex("#6B7280");
    private static readonly Color CCode = Color.FromHex("#1D4ED8");
    private static readonly Color Ready = Color.FromHex("#15803D");
    private static readonly Color NeedsWork = Color.FromHex("#CA8A04");
    private static readonly Color Blocked = Color.FromHex("#B91C1C");

    /// <summary>
    /// The charts for <paramref name="trend"/>: Rust share (with the mean unsafe share), the C/C++ burn-down and the readiness bands.
    /// Weeks before any code was measured are left out, and a share with no value in a week leaves a gap instead of a zero.
    /// </summary>
    public static IReadOnlyList<ReportChart> Render(IReadOnlyList<TrendPoint> trend, string fontFamily, double widthPoints, double heightPoints)
    {
        // A week without a Rust share had no code measured at all: its zero lines and bands mean "no data", not "done".
        var measured = trend.Where(p => p.RustShareOfCode is not null).ToList();
        if (measured.Count == 0)
        {
            return [];
        }

        // Every chart spans the same weeks, so their dates line up down the page.
        var weeks = (First: X(measured[0].WeekStart) - 4, Last: X(measured[^1].WeekStart) + 4);
        var charts = new List<ReportChart>
        {
            new("Rust share of code, and unsafe share of Rust", Shares(trend, fontFamily, weeks, widthPoints, heightPoints)),
            new("C/C++ code lines left to migrate", BurnDown(measured, fontFamily, weeks, widthPoints, heightPoints)),
        };
        if (measured.Any(p => p.Ready + p.NeedsWork + p.Blocked > 0))
        {
            charts.Add(new("C/C++ drivers by readiness band", Bands(measured, fontFamily, weeks, widthPoints, heightPoints)));
        }

        return charts;
    }

    private static byte[] Shares(IReadOnlyList<TrendPoint> trend, string fontFamily, (double First, double Last) weeks, double width, double height)
    {
        var plot = NewPlot(fontFamily, weeks);
        var top = 0.0;
        foreach (var (values, label, color) in new[]
        {
            (trend.Select(p => p.RustShareOfCode).ToList(), "Rust share of code", Rust),
            (trend.Select(p => p.MeanUnsafeShare).ToList(), "Mean unsafe share", Unsafe),
        })
        {
            var labelled = false;
            foreach (var segment in Segments(trend, values))
            {
                var line = plot.Add.ScatterLine(segment.Xs, segment.Ys, color);
                line.LineWidth = 2;
                if (segment.Xs.Length == 1)
                {
                    line.MarkerSize = 5;
                }

                if (!labelled)
                {
                    line.LegendText = label;
                    labelled = true;
                }

                top = Math.Max(top, segment.Ys.Max());
            }
        }

        plot.Axes.Left.TickGenerator = new NumericAutomatic { LabelFormatter = v => (v * 100).ToString("0", Invariant) + "%" };
        plot.Axes.SetLimitsY(0, Math.Max(top, 0.01) * LegendHeadRoom);
        ShowLegend(plot);
        return Png(plot, width, height);
    }

    private static byte[] BurnDown(List<TrendPoint> measured, string fontFamily, (double First, double Last) weeks, double width, double height)
    {
        var plot = NewPlot(fontFamily, weeks);
        var xs = measured.Select(p => X(p.WeekStart)).ToArray();
        var ys = measured.Select(p => (double)p.CLinesRemaining).ToArray();
        var line = plot.Add.ScatterLine(xs, ys, CCode);
        line.LineWidth = 2;
        line.FillY = true;
        line.FillYColor = CCode.WithAlpha(0.15);
        if (xs.Length == 1)
        {
            line.MarkerSize = 5;
        }

        plot.Axes.Left.TickGenerator = new NumericAutomatic { LabelFormatter = Compact };
        plot.Axes.SetLimitsY(0, Math.Max(ys.Max(), 1) * 1.1);
        return Png(plot, width, height);
    }

    private static byte[] Bands(List<TrendPoint> measured, string fontFamily, (double First, double Last) weeks, double width, double height)
    {
        var plot = NewPlot(fontFamily, weeks);
        var bars = new List<Bar>();
        foreach (var p in measured)
        {
            var x = X(p.WeekStart);
            double bottom = 0;
            foreach (var (count, color) in new[] { (p.Ready, Ready), (p.NeedsWork, NeedsWork), (p.Blocked, Blocked) })
            {
                if (count > 0)
                {
                    bars.Add(new Bar { Position = x, ValueBase = bottom, Value = bottom + count, Size = 5, FillColor = color, LineWidth = 0 });
                    bottom += count;
                }
            }
        }

        plot.Add.Bars(bars);
        plot.Axes.Left.TickGenerator = new NumericAutomatic { LabelFormatter = Compact, IntegerTicksOnly = true };
        var top = measured.Max(p => p.Ready + p.NeedsWork + p.Blocked);
        plot.Axes.SetLimitsY(0, Math.Max(top, 1) * LegendHeadRoom);
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "Ready", FillColor = Ready });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "Needs work", FillColor = NeedsWork });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "Blocked", FillColor = Blocked });
        ShowLegend(plot);
        return Png(plot, width, height);
    }

    private static Plot NewPlot(string fontFamily, (double First, double Last) weeks)
    {
        var plot = new Plot { ScaleFactor = Dpi / 72 };
        plot.Font.Set(fontFamily);
        plot.Legend.FontName = fontFamily;
        plot.Legend.FontSize = 8;
        var bottom = plot.Axes.DateTimeTicksBottom();
        bottom.TickGenerator = new DateTimeAutomatic { LabelFormatter = d => d.ToString("MMM d", Invariant) };
        foreach (var axis in new IAxis[] { plot.Axes.Bottom, plot.Axes.Left })
        {
            axis.TickLabelStyle.FontSize = 8;
            axis.TickLabelStyle.FontName = fontFamily;
        }

        plot.Grid.MajorLineColor = Color.FromHex("#E5E7EB");
        plot.Axes.SetLimitsX(weeks.First, weeks.Last);
        return plot;
    }

    /// <summary>The key sits in a row at the top, in head room the charts with one leave above their data.</summary>
    private static void ShowLegend(Plot plot)
    {
        plot.Legend.IsVisible = true;
        plot.Legend.Alignment = Alignment.UpperLeft;
        plot.Legend.Orientation = Orientation.Horizontal;
        plot.Legend.ShadowColor = Colors.Transparent;
        plot.Legend.OutlineColor = Colors.Transparent;
        plot.Legend.BackgroundColor = Colors.White.WithAlpha(0.85);
    }

    private static byte[] Png(Plot plot, double widthPoints, double heightPoints)
    {
        // The image is as many pixels as asked for; the scale factor enlarges what is drawn in it to match.
        var width = (int)Math.Round(widthPoints * plot.ScaleFactor);
        var height = (int)Math.Round(heightPoints * plot.ScaleFactor);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    private static double X(DateOnly weekStart) => weekStart.ToDateTime(TimeOnly.MinValue).ToOADate();

    private static string Compact(double v) => Math.Abs(v) switch
    {
        >= 1_000_000 => (v / 1_000_000).ToString("0.#", Invariant) + "M",
        >= 10_000 => (v / 1_000).ToString("0", Invariant) + "k",
        >= 1_000 => (v / 1_000).ToString("0.#", Invariant) + "k",
        _ => v.ToString("0", Invariant),
    };

    /// <summary>Runs of consecutive weeks that have a value: a week without one breaks the line.</summary>
    private static IEnumerable<(double[] Xs, double[] Ys)> Segments(IReadOnlyList<TrendPoint> trend, List<double?> values)
    {
        var xs = new List<double>();
        var ys = new List<double>();
        for (var i = 0; i <= trend.Count; i++)
        {
            if (i < trend.Count && values[i] is { } value)
            {
                xs.Add(X(trend[i].WeekStart));
                ys.Add(value);
            }
            else if (xs.Count > 0)
            {
                yield return ([.. xs], [.. ys]);
                xs.Clear();
                ys.Clear();
            }
        }
    }
}
