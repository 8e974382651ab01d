using System.Globalization;
using System.Text;

namespace MigrationTracker.Core.Reports;

/// <summary>How report figures read as text, the same in every format: 42.5%, 71, 12,345 lines, +3.2 pts.</summary>
public static class ReportText
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public const string Missing = "–";

    public static string Value(double? value, FigureUnit unit) => value is not { } v || !double.IsFinite(v) ? Missing : unit switch
    {
        FigureUnit.Share => (v * 100).ToString("0.0", Invariant) + "%",
        FigureUnit.Score => v.ToString("0.#", Invariant),
        FigureUnit.Lines or FigureUnit.Count => v.ToString("#,0", Invariant),
        _ => v.ToString(Invariant),
    };

    /// <summary>A signed change: shares in percentage points, scores in points, counts and lines as numbers.</summary>
    public static string Change(double? change, FigureUnit unit)
    {
        if (change is not { } c || !double.IsFinite(c))
        {
            return Missing;
        }

        var size = Math.Abs(c);
        var text = unit switch
        {
            FigureUnit.Share => (size * 100).ToString("0.0", Invariant),
            FigureUnit.Score => size.ToString("0.#", Invariant),
            _ => size.ToString("#,0", Invariant),
        };

        // A change too small to show is no change: "±0.0 pts", never "−0.0 pts".
        var sign = text.Any(ch => ch is >= '1' and <= '9') ? (c > 0 ? "+" : "−") : "±";
        return sign + text + (unit == FigureUnit.Share ? " pts" : "");
    }

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", Invariant);

    /// <summary>"Week 2026-W47 (2026-11-16 to 2026-11-22)".</summary>
    public static string Week(WeeklyReport report) =>
        $"Week {report.IsoWeek} ({Date(report.WeekStart)} to {Date(report.WeekEnd)})";

    public static string Title(WeeklyReport report) => $"Driver migration report: {report.ScopeName}, {Week(report)}";

    public static string Projection(WeeklyReport report) => report.Projection.CompletionDate is { } date
        ? $"Projected completion: {Date(date)} at {report.Projection.LinesPerWeek.ToString("#,0", Invariant)} C/C++ lines a week."
        : $"Projected completion: none. {report.Projection.Reason}";

    /// <summary>
    /// A short plain-text summary (the mail body, the webhook's text): the headline figures with their change,
    /// the regressions, the newly paired and migrated drivers, and the projection.
    /// </summary>
    public static string Summary(WeeklyReport report)
    {
        var text = new StringBuilder();
        text.Append(Title(report)).Append('\n');
        text.Append("Figures as of ").Append(report.AsOf.ToString("yyyy-MM-dd HH:mm", Invariant)).Append(" UTC; change since the week before.\n\n");
        foreach (var figure in report.Headlines)
        {
            text.Append("- ").Append(figure.Label).Append(": ").Append(Value(figure.Now, figure.Unit));
            if (figure.Change is not null)
            {
                text.Append(" (").Append(Change(figure.Change, figure.Unit)).Append(')');
            }

            text.Append('\n');
        }

        text.Append('\n').Append(Projection(report)).Append('\n');
        if (report.Regressions.Count > 0)
        {
            text.Append("\nRegressions:\n");
            foreach (var regression in report.Regressions.Take(10))
            {
                text.Append("- ").Append(regression.Driver ?? regression.Repository).Append(": ").Append(regression.Detail).Append('\n');
            }

            if (report.Regressions.Count > 10)
            {
                text.Append("- and ").Append(report.Regressions.Count - 10).Append(" more in the attached report\n");
            }
        }

        foreach (var (heading, events) in new[] { ("Newly paired with a Rust port", report.NewlyPaired), ("Newly migrated", report.NewlyMigrated) })
        {
            if (events.Count > 0)
            {
                text.Append('\n').Append(heading).Append(":\n");
                foreach (var e in events)
                {
                    text.Append("- ").Append(e.Driver).Append(": ").Append(e.Detail).Append('\n');
                }
            }
        }

        return text.ToString();
    }

    /// <summary>"Figures as of 2026-11-22 23:59 UTC; change since the week before." (the line under every format's title).</summary>
    public static string AsOf(WeeklyReport report) =>
        $"Figures as of {report.AsOf.ToString("yyyy-MM-dd HH:mm", Invariant)} UTC; change since the week before.";

    public static string Build(BuildHealth health) => health switch
    {
        BuildHealth.Passing => "Passing",
        BuildHealth.Failing => "Failing",
        _ => "Unknown",
    };

    public static string Regression(RegressionKind kind) => kind switch
    {
        RegressionKind.ReadinessDown => "Readiness down",
        RegressionKind.UnsafeShareUp => "Unsafe share up",
        RegressionKind.BuildBroken => "Build broken",
        RegressionKind.NewWithoutOwner => "New without an owner",
        _ => kind.ToString(),
    };

    /// <summary>
    /// The unit of a regression's <see cref="ReportRegression.Before"/> and <see cref="ReportRegression.After"/>,
    /// which the model leaves implied by its kind; null for kinds that carry no figures.
    /// </summary>
    public static FigureUnit? RegressionUnit(RegressionKind kind) => kind switch
    {
        RegressionKind.ReadinessDown => FigureUnit.Score,
        RegressionKind.UnsafeShareUp => FigureUnit.Share,
        _ => null,
    };

    /// <summary>
    /// The text without the characters an XML document cannot hold (control characters other than tab, line feed and
    /// carriage return, U+FFFE, U+FFFF and unpaired surrogates): names come from repositories and people, and one stray
    /// control character must not make a spreadsheet unreadable.
    /// </summary>
    public static string Clean(string text)
    {
        var i = 0;
        while (i < text.Length && IsXmlChar(text, i))
        {
            i += char.IsHighSurrogate(text[i]) ? 2 : 1;
        }

        if (i == text.Length)
        {
            return text;
        }

        var clean = new StringBuilder(text.Length).Append(text, 0, i);
        while (i < text.Length)
        {
            if (IsXmlChar(text, i))
            {
                if (char.IsHighSurrogate(text[i]))
                {
                    clean.Append(text[i++]);
                }

                clean.Append(text[i]);
            }

            i++;
        }

        return clean.ToString();
    }

    private static bool IsXmlChar(string text, int i)
    {
        var c = text[i];
        if (char.IsHighSurrogate(c))
        {
            return i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
        }

        return c is '\t' or '\n' or '\r' or (>= ' ' and <= '\uD7FF') or (>= '\uE000' and <= '\uFFFD');
    }
}
