using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace MigrationTracker.Core.Reports.Formats;

/// <summary>
/// The weekly report as a PDF a manager can read on a phone: a few narrow pages with the headline figures and the
/// projection first, then the trend charts, then the regressions, top movers, newly paired and migrated drivers, and
/// the teams (or a small team's drivers). Every driver is in the XLSX and CSV reports, not here.
/// </summary>
public sealed class PdfReportWriter(ReportFonts fonts) : IReportWriter
{
    /// <summary>A team report lists its drivers when it has at most this many.</summary>
    public const int MaxDriversListed = 40;

    /// <summary>Longer lists of regressions or events stop here and point to the full reports.</summary>
    public const int MaxRowsPerList = 40;

    private const double ChartHeight = 128;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Reads Liberation Sans from the first of <see cref="ReportFonts.DefaultFolders"/> that has it.</summary>
    public PdfReportWriter()
        : this(new ReportFonts())
    {
    }

    public ReportFormat Format => ReportFormat.Pdf;

    public void Write(WeeklyReport report, Stream output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);

        var charts = ReportCharts.Render(report.Trend, fonts.Family, PdfLayout.Width, ChartHeight);
        using var document = new PdfDocument();
        Describe(document, report);

        var images = new List<XImage>();
        try
        {
            using (var layout = new PdfLayout(document, fonts.Family))
            {
                Summary(layout, report);
                foreach (var chart in charts)
                {
                    var image = XImage.FromStream(new MemoryStream(chart.Png, writable: false));
                    images.Add(image);
                    layout.Figure(chart.Title, image, ChartHeight);
                }

                if (charts.Count == 0)
                {
                    layout.SectionHeading("Trend", 0);
                    layout.Paragraph("No code has been measured in the last weeks, so there is no trend to chart yet.", layout.Body);
                }

                Regressions(layout, report);
                Movers(layout, report);
                Events(layout, "Newly paired with a Rust port", report.NewlyPaired, "No driver was newly paired with a Rust port this week.");
                Events(layout, "Newly migrated", report.NewlyMigrated, "No driver was newly migrated this week.");
                if (report.IsOrganisation)
                {
                    Teams(layout, report);
                }
                else
                {
                    Drivers(layout, report);
                }

                layout.Finish($"{report.ScopeName} · {report.IsoWeek}");
            }

            // PDFsharp asks the stream for its position as it writes, which a response body cannot tell.
            using var buffer = new MemoryStream();
            document.Save(buffer, closeStream: false);
            buffer.Position = 0;
            buffer.CopyTo(output);
        }
        finally
        {
            foreach (var image in images)
            {
                image.Dispose();
            }
        }
    }

    private static void Describe(PdfDocument document, WeeklyReport report)
    {
        document.Info.Title = ReportText.Title(report);
        document.Info.Subject = $"Weekly driver migration report for {report.ScopeName}, {ReportText.Week(report)}";
        document.Info.Creator = "MigrationTracker";
        document.Info.Author = "MigrationTracker";
        var generated = DateTime.SpecifyKind(report.GeneratedAt, DateTimeKind.Utc);
        document.Info.CreationDate = generated;
        document.Info.ModificationDate = generated;
        document.Language = "en";

        // The same report gets the same document ID. Two renderings still differ where PDFsharp 6.2 picks at random
        // with no way to choose: the font subset tags and the UUIDs in the XMP metadata it writes on saving.
        var id = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(
            FormattableString.Invariant($"{report.Scope}|{report.WeekStart:yyyy-MM-dd}|{report.GeneratedAt:O}")))[..16]);
        document.Internals.FirstDocumentID = id;
        document.Internals.SecondDocumentID = id;
    }

    private static void Summary(PdfLayout layout, WeeklyReport report)
    {
        layout.Paragraph(ReportText.Title(report), layout.Title, spaceAfter: 4);
        layout.Paragraph(
            $"Figures as of {report.AsOf.ToString("yyyy-MM-dd HH:mm", Invariant)} UTC; change since the week before.",
            layout.Small, PdfLayout.MutedBrush, spaceAfter: 6);

        layout.Table(
            null,
            [new("Figure"), new("Now", 62, Numeric: true), new("Change", 66, Numeric: true)],
            report.Headlines.Select(f => (IReadOnlyList<string>)[f.Label, ReportText.Value(f.Now, f.Unit), ReportText.Change(f.Change, f.Unit)]),
            maxLines: 2);

        layout.Paragraph(ReportText.Projection(report), layout.Strong, spaceAfter: 2);
        if (report.Projection.CompletionDate is not null)
        {
            layout.Paragraph(report.Projection.Assumption, layout.Small, PdfLayout.MutedBrush);
        }
    }

    private static void Regressions(PdfLayout layout, WeeklyReport report)
    {
        var heading = $"Regressions this week ({ReportText.Value(report.Regressions.Count, FigureUnit.Count)})";
        if (report.Regressions.Count == 0)
        {
            layout.SectionHeading(heading, 12);
            layout.Paragraph("Nothing got worse this week.", layout.Body);
            return;
        }

        layout.Table(
            heading,
            [new("Driver", 92), new("Repository", 78), new("What changed")],
            report.Regressions.Take(MaxRowsPerList).Select(r => (IReadOnlyList<string>)[r.Driver ?? ReportText.Missing, r.Repository, r.Detail]));
        More(layout, report.Regressions.Count, "regressions");
    }

    private static void Movers(PdfLayout layout, WeeklyReport report)
    {
        if (report.TopMovers.Count == 0)
        {
            return;
        }

        layout.Table(
            "Top movers",
            [new("Driver"), new("Measure", 84), new("Week before", 50, Numeric: true), new("Now", 46, Numeric: true), new("Change", 50, Numeric: true)],
            report.TopMovers.Select(m => (IReadOnlyList<string>)
                [m.Driver, m.Measure, ReportText.Value(m.Before, m.Unit), ReportText.Value(m.After, m.Unit), ReportText.Change(m.Change, m.Unit)]));
    }

    private static void Events(PdfLayout layout, string heading, IReadOnlyList<ReportEvent> events, string none)
    {
        if (events.Count == 0)
        {
            layout.SectionHeading(heading, 12);
            layout.Paragraph(none, layout.Body);
            return;
        }

        layout.Table(
            $"{heading} ({ReportText.Value(events.Count, FigureUnit.Count)})",
            [new("Driver", 92), new("On", 58), new("Detail")],
            events.Take(MaxRowsPerList).Select(e => (IReadOnlyList<string>)[e.Driver, ReportText.Date(e.On), e.Detail]));
        More(layout, events.Count, "drivers");
    }

    private static void Teams(PdfLayout layout, WeeklyReport report)
    {
        if (report.Teams.Count > 0)
        {
            layout.Table(
                "Teams",
                [
                    new("Team"), new("Drivers", 36, Numeric: true), new("Migrated", 42, Numeric: true), new("Rust share", 38, Numeric: true),
                    new("Median readiness", 44, Numeric: true), new("C/C++ lines", 44, Numeric: true), new("Regressions", 54, Numeric: true),
                ],
                report.Teams.Select(t => (IReadOnlyList<string>)
                [
                    t.Name, ReportText.Value(t.Drivers, FigureUnit.Count), ReportText.Value(t.Migrated, FigureUnit.Count), ReportText.Value(t.RustShare, FigureUnit.Share),
                    ReportText.Value(t.MedianReadiness, FigureUnit.Score), ReportText.Value(t.CCodeLines, FigureUnit.Lines),
                    ReportText.Value(t.Regressions, FigureUnit.Count),
                ]),
                maxLines: 2);
        }

        layout.Paragraph(
            $"Each of the {ReportText.Value(report.Drivers.Count, FigureUnit.Count)} drivers is listed in the XLSX and CSV reports.",
            layout.Small, PdfLayout.MutedBrush);
    }

    private static void Drivers(PdfLayout layout, WeeklyReport report)
    {
        if (report.Drivers.Count == 0)
        {
            layout.Paragraph("The team had no drivers at the end of the week.", layout.Small, PdfLayout.MutedBrush);
            return;
        }

        if (report.Drivers.Count > MaxDriversListed)
        {
            layout.Paragraph(
                $"Each of the team's {ReportText.Value(report.Drivers.Count, FigureUnit.Count)} drivers is listed in the XLSX and CSV reports.",
                layout.Small, PdfLayout.MutedBrush);
            return;
        }

        layout.Table(
            $"Drivers ({ReportText.Value(report.Drivers.Count, FigureUnit.Count)})",
            [new("Driver"), new("Stage", 58), new("Readiness", 58, Numeric: true), new("C/C++ lines", 50, Numeric: true), new("Rust lines", 46, Numeric: true)],
            report.Drivers.Select(d => (IReadOnlyList<string>)
            [
                $"{d.Name} ({d.Language})",
                d.Stage,
                d.ReadinessChange is null
                    ? ReportText.Value(d.Readiness, FigureUnit.Score)
                    : $"{ReportText.Value(d.Readiness, FigureUnit.Score)} ({ReportText.Change(d.ReadinessChange, FigureUnit.Score)})",
                ReportText.Value(d.CCodeLines, FigureUnit.Lines),
                ReportText.Value(d.RustCodeLines, FigureUnit.Lines),
            ]));
    }

    private static void More(PdfLayout layout, int count, string what)
    {
        if (count > MaxRowsPerList)
        {
            layout.Paragraph(
                $"… and {ReportText.Value(count - MaxRowsPerList, FigureUnit.Count)} more {what} in the XLSX and CSV reports.",
                layout.Small, PdfLayout.MutedBrush);
        }
    }
}
