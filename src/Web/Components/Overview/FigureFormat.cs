using System.Globalization;
using MigrationTracker.Core.Portfolio;
using MudBlazor;

namespace MigrationTracker.Web.Components.Overview;

/// <summary>How a headline figure is written.</summary>
public enum FigureKind
{
    /// <summary>A whole number (drivers).</summary>
    Count,

    /// <summary>A share from 0 to 1, shown as a percentage; changes are in percentage points.</summary>
    Share,

    /// <summary>A readiness score from 0 to 100.</summary>
    Score,
}

/// <summary>Which way a figure should move.</summary>
public enum GoodDirection
{
    Neither,
    Up,
    Down,
}

/// <summary>A headline figure written out: its value, its change with an arrow, and the same as one sentence for screen readers.</summary>
public sealed record FigureText(string Value, string Change, string Icon, Color Color, string AccessibleText);

/// <summary>Writes headline figures and their week-over-week change.</summary>
public static class FigureFormat
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    public static string Value(double? value, FigureKind kind) => value switch
    {
        null => "n/a",
        { } v => kind switch
        {
            FigureKind.Count => v.ToString("N0", Culture),
            FigureKind.Share => (v * 100).ToString("0.0", Culture) + " %",
            _ => v.ToString("0.0", Culture),
        },
    };

    public static FigureText Describe(string title, WeeklyFigure figure, FigureKind kind, GoodDirection good)
    {
        ArgumentNullException.ThrowIfNull(figure);
        var value = Value(figure.Now, kind);
        if (figure.Change is not { } change)
        {
            var why = figure.Now is null ? "nothing to measure yet" : "no figure a week earlier to compare with";
            return new FigureText(value, "no comparison", Icons.Material.Filled.Remove, Color.Default, $"{title}: {value}, {why}.");
        }

        // Changes too small to show at the figure's precision read as no change.
        var shown = kind switch
        {
            FigureKind.Count => Math.Round(change),
            FigureKind.Share => Math.Round(change * 100, 1),
            _ => Math.Round(change, 1),
        };
        var before = Value(figure.WeekEarlier, kind);
        if (shown == 0)
        {
            return new FigureText(value, "no change", Icons.Material.Filled.TrendingFlat, Color.Default,
                $"{title}: {value}, unchanged from a week earlier.");
        }

        var magnitude = kind switch
        {
            FigureKind.Count => Math.Abs(shown).ToString("N0", Culture),
            FigureKind.Share => Math.Abs(shown).ToString("0.0", Culture) + " pts",
            _ => Math.Abs(shown).ToString("0.0", Culture),
        };
        var up = shown > 0;
        var color = good switch
        {
            GoodDirection.Up => up ? Color.Success : Color.Error,
            GoodDirection.Down => up ? Color.Error : Color.Success,
            _ => Color.Info,
        };
        var verdict = color == Color.Success ? " (better)" : color == Color.Error ? " (worse)" : string.Empty;
        return new FigureText(
            value,
            (up ? "+" : "\u2212") + magnitude,
            up ? Icons.Material.Filled.TrendingUp : Icons.Material.Filled.TrendingDown,
            color,
            $"{title}: {value}, {(up ? "up" : "down")} {magnitude} from {before} a week earlier{verdict}.");
    }
}
