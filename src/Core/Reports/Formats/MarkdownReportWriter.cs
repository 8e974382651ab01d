using System.Text;

namespace MigrationTracker.Core.Reports.Formats;

/// <summary>
/// Writes the report as Markdown (CommonMark with GitHub pipe tables) for a wiki page or a chat message.
/// </summary>
/// <remarks>
/// Figures read exactly as in the other formats (<see cref="ReportText"/>). Names are escaped so that a pipe, a
/// backtick, an angle bracket or a line break in a driver's name cannot break a table or inject HTML. The drivers table
/// is left out of large reports, which point to the XLSX and CSV exports instead; regressions are capped the same way.
/// UTF-8 without a byte order mark, LF line ends.
/// </remarks>
public sealed class MarkdownReportWriter : IReportWriter
{
    /// <summary>The most drivers (and regressions) listed in full; a longer list would bury the rest of the report.</summary>
    public const int MaxRows = 50;

    public ReportFormat Format => ReportFormat.Markdown;

    public void Write(WeeklyReport report, Stream output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);

        var md = new StringBuilder();
        md.Append("# ").Append(Escape(ReportText.Title(report))).Append("\n\n");
        md.Append(ReportText.AsOf(report)).Append("\n\n");

        md.Append("## Headline figures\n\n");
        Table(md, ["Figure", "Now", "Week earlier", "Change"], [false, true, true, true], report.Headlines.Select(f => new[]
        {
            Escape(f.Label), ReportText.Value(f.Now, f.Unit), ReportText.Value(f.WeekEarlier, f.Unit), ReportText.Change(f.Change, f.Unit),
        }));
        md.Append(Escape(ReportText.Projection(report))).Append(' ').Append(Escape(report.Projection.Assumption)).Append("\n\n");

        md.Append("## Regressions\n\n");
        if (report.Regressions.Count == 0)
        {
            md.Append("None this week.\n\n");
        }
        else
        {
            Table(md, ["Regression", "Driver", "Repository", "Detail"], [false, false, false, false], report.Regressions.Take(MaxRows).Select(r => new[]
            {
                ReportText.Regression(r.Kind), Escape(r.Driver), Escape(r.Repository), Escape(r.Detail),
            }));
            if (report.Regressions.Count > MaxRows)
            {
                md.Append("And ").Append(report.Regressions.Count - MaxRows).Append(" more: see the XLSX report.\n\n");
            }
        }

        md.Append("## Top movers\n\n");
        if (report.TopMovers.Count == 0)
        {
            md.Append("No driver moved this week.\n\n");
        }
        else
        {
            Table(md, ["Driver", "Repository", "Measure", "Before", "After", "Change"], [false, false, false, true, true, true], report.TopMovers.Select(m => new[]
            {
                Escape(m.Driver), Escape(m.Repository), Escape(m.Measure),
                ReportText.Value(m.Before, m.Unit), ReportText.Value(m.After, m.Unit), ReportText.Change(m.Change, m.Unit),
            }));
        }

        Events(md, "Newly paired with a Rust port", report.NewlyPaired);
        Events(md, "Newly migrated", report.NewlyMigrated);

        if (report.IsOrganisation)
        {
            md.Append("## Teams\n\n");
            Table(
                md,
                ["Team", "Drivers", "C/C++ drivers", "Rust drivers", "With a Rust port", "Migrated", "C/C++ lines", "Rust share", "Median readiness", "Mean unsafe share", "Regressions"],
                [false, true, true, true, true, true, true, true, true, true, true],
                report.Teams.Select(t => new[]
                {
                    Escape(t.Name),
                    ReportText.Value(t.Drivers, FigureUnit.Count),
                    ReportText.Value(t.CDrivers, FigureUnit.Count),
                    ReportText.Value(t.RustDrivers, FigureUnit.Count),
                    ReportText.Value(t.CDriversWithPort, FigureUnit.Count),
                    ReportText.Value(t.Migrated, FigureUnit.Count),
                    ReportText.Value(t.CCodeLines, FigureUnit.Lines),
                    ReportText.Value(t.RustShare, FigureUnit.Share),
                    ReportText.Value(t.MedianReadiness, FigureUnit.Score),
                    ReportText.Value(t.MeanUnsafeShare, FigureUnit.Share),
                    ReportText.Value(t.Regressions, FigureUnit.Count),
                }));
        }

        md.Append("## Drivers\n\n");
        if (report.Drivers.Count > MaxRows)
        {
            md.Append("The report covers ").Append(ReportText.Value(report.Drivers.Count, FigureUnit.Count))
                .Append(" drivers, too many to list here: see the XLSX or CSV export for every driver.\n");
        }
        else
        {
            Table(
                md,
                ["Driver", "Repository", "Team", "Language", "Stage", "Readiness", "Readiness change", "Unsafe share", "C/C++ lines", "Rust lines", "Build"],
                [false, false, false, false, false, true, true, true, true, true, false],
                report.Drivers.Select(d => new[]
                {
                    Escape(d.Name),
                    Escape(d.Repository),
                    Escape(d.Team),
                    Escape(d.Language),
                    Escape(d.Stage),
                    ReportText.Value(d.Readiness, FigureUnit.Score),
                    ReportText.Change(d.ReadinessChange, FigureUnit.Score),
                    ReportText.Value(d.UnsafeShare, FigureUnit.Share),
                    ReportText.Value(d.CCodeLines, FigureUnit.Lines),
                    ReportText.Value(d.RustCodeLines, FigureUnit.Lines),
                    ReportText.Build(d.Build),
                }));
        }

        // Only the last block's blank line is trimmed, so the file ends in a single line feed.
        var text = md.ToString().TrimEnd('\n') + "\n";
        output.Write(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>
    /// The text safe inside a table cell or a line: line breaks become spaces, control characters are dropped, and
    /// Markdown's inline punctuation (including <c>|</c>, backticks and <c>&lt;</c>) is backslash-escaped so it shows as itself.
    /// </summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return ReportText.Missing;
        }

        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in ReportText.Clean(text).Replace("\r\n", "\n", StringComparison.Ordinal))
        {
            switch (c)
            {
                case '\r' or '\n' or '\t':
                    escaped.Append(' ');
                    break;
                case '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '|' or '~' or '&':
                    escaped.Append('\\').Append(c);
                    break;
                default:
                    escaped.Append(c);
                    break;
            }
        }

        return escaped.ToString();
    }

    private static void Table(StringBuilder md, string[] headings, bool[] numeric, IEnumerable<string[]> rows)
    {
        md.Append('|');
        foreach (var heading in headings)
        {
            md.Append(' ').Append(heading).Append(" |");
        }

        md.Append("\n|");
        foreach (var right in numeric)
        {
            md.Append(right ? " ---: |" : " --- |");
        }

        md.Append('\n');
        foreach (var row in rows)
        {
            md.Append('|');
            foreach (var cell in row)
            {
                md.Append(' ').Append(cell).Append(" |");
            }

            md.Append('\n');
        }

        md.Append('\n');
    }

    private static void Events(StringBuilder md, string heading, IReadOnlyList<ReportEvent> events)
    {
        if (events.Count == 0)
        {
            return;
        }

        md.Append("## ").Append(heading).Append("\n\n");
        foreach (var e in events)
        {
            md.Append("- **").Append(Escape(e.Driver)).Append("** (").Append(Escape(e.Repository)).Append(", ")
                .Append(ReportText.Date(e.On)).Append("): ").Append(Escape(e.Detail)).Append('\n');
        }

        md.Append('\n');
    }
}
