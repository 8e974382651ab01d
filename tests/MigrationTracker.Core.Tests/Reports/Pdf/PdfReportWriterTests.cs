using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using MigrationTracker.Core.Portfolio;
using MigrationTracker.Core.Reports;
using MigrationTracker.Core.Reports.Formats;
using MigrationTracker.Testing;

namespace MigrationTracker.Core.Tests.Reports.Pdf;

public sealed partial class PdfReportWriterTests
{
    [Fact]
    public void Page_one_has_the_title_week_each_headline_figure_with_its_change_and_the_projection()
    {
        var report = SampleReports.Small();
        using var pdf = RenderedPdf.Of(report);

        var page1 = pdf.Flat(page: 1);
        page1.ShouldContain("Driver migration report: Whole organisation, Week 2026-W47 (2026-11-16 to 2026-11-22)", Case.Sensitive);
        page1.ShouldContain("Figures as of 2026-11-22 23:59 UTC; change since the week before.", Case.Sensitive);
        foreach (var figure in report.Headlines)
        {
            page1.ShouldContain($"{figure.Label} {ReportText.Value(figure.Now, figure.Unit)} {ReportText.Change(figure.Change, figure.Unit)}", Case.Sensitive);
        }

        // The same figures written out, so a change in how ReportText words them shows here too.
        page1.ShouldContain("Drivers tracked 4 +1", Case.Sensitive);
        page1.ShouldContain("Rust share of driver code 25.0% +5.0 pts", Case.Sensitive);
        page1.ShouldContain("C/C++ code lines left to migrate 3,600 −400", Case.Sensitive);
        page1.ShouldContain("Builds passing 50.0% −50.0 pts", Case.Sensitive);
        page1.ShouldContain("Regressions this week 3 –", Case.Sensitive);
        page1.ShouldContain("Projected completion: 2027-08-30 at 92 C/C++ lines a week.", Case.Sensitive);

        // A figure's row reads across one line in poppler's layout: the label, then its value and its change.
        pdf.Layout(page: 1).ShouldMatch(@"Median Rust-readiness \(C/C\+\+\) +64 +\+3\n");
    }

    [Fact]
    public void A_projection_without_a_date_says_why()
    {
        var report = SampleReports.Small() with
        {
            Projection = new CompletionProjection(null, 0, 3600, "Assumes a steady pace.", "Not enough history yet: the projection needs at least three weeks of snapshots."),
        };
        using var pdf = RenderedPdf.Of(report);

        pdf.Flat(page: 1).ShouldContain(
            "Projected completion: none. Not enough history yet: the projection needs at least three weeks of snapshots.", Case.Sensitive);
    }

    [Fact]
    public void Each_regression_is_listed_with_its_driver_repository_and_what_changed()
    {
        var report = SampleReports.Small();
        using var pdf = RenderedPdf.Of(report);

        var text = pdf.Flat();
        text.ShouldContain("Regressions this week (4)", Case.Sensitive);
        foreach (var regression in report.Regressions)
        {
            text.ShouldContain($"{regression.Driver} {regression.Repository} {regression.Detail}", Case.Sensitive);
        }

        text.ShouldContain("toaster, \"legacy\" drivers-legacy Readiness fell from 52 to 40", Case.Sensitive);
        text.ShouldContain("echo-rs drivers-main Build 'ci' failed on 2026-11-19 after passing before", Case.Sensitive);
    }

    [Fact]
    public void Movers_newly_paired_drivers_and_teams_follow_the_charts()
    {
        using var pdf = RenderedPdf.Of(SampleReports.Small());

        var text = pdf.Flat();
        text.ShouldContain("toaster, \"legacy\" Readiness 52 40 −12", Case.Sensitive);
        text.ShouldContain("echo-rs Rust lines added 1,000 1,200 +200", Case.Sensitive);
        text.ShouldContain("Newly paired with a Rust port (1) Driver On Detail echo 2026-11-17 echo-rs (paired by hand on 2026-11-17)", Case.Sensitive);
        text.ShouldContain("No driver was newly migrated this week.", Case.Sensitive);
        text.ShouldContain("Team A 2 0 40.0% 72 1,800 1", Case.Sensitive);
        text.ShouldContain("No team 1 0 0.0% 64 600 1", Case.Sensitive);
        text.IndexOf("C/C++ drivers by readiness band", StringComparison.Ordinal)
            .ShouldBeLessThan(text.IndexOf("Regressions this week (4)", StringComparison.Ordinal));
    }

    [Fact]
    public void Page_one_renders_to_a_picture_that_is_not_blank_and_holds_the_first_chart()
    {
        using var pdf = RenderedPdf.Of(SampleReports.Large());

        var png = pdf.RenderPage(1, dpi: 50);
        RenderedPdf.KeepInOutput(png, "large-page-1.png");
        var (width, height, inked) = RenderedPdf.Ink(png);
        // 360 × 640 pt at 50 dpi.
        width.ShouldBe(250);
        height.ShouldBeInRange(444, 445);
        inked.ShouldBeInRange(0.05, 0.6);

        using var document = pdf.Open();
        var images = document.GetPage(1).GetImages().ToList();
        images.Count.ShouldBeGreaterThanOrEqualTo(1);
        // A chart spans the 320 pt text width at 150 dpi.
        images[0].WidthInSamples.ShouldBe(667);
        document.GetPages().Sum(p => p.GetImages().Count()).ShouldBe(3);
    }

    [Fact]
    public void A_large_organisation_report_fits_in_a_few_numbered_pages_without_listing_every_driver()
    {
        var report = SampleReports.Large();
        var writer = new PdfReportWriter();
        var clock = Stopwatch.StartNew();
        using var pdf = RenderedPdf.Of(report, writer);
        var first = clock.Elapsed;
        clock.Restart();
        using (var again = new MemoryStream())
        {
            writer.Write(report, again);
        }

        var second = clock.Elapsed;

        using var document = pdf.Open();
        var pages = document.NumberOfPages;
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"Large() PDF: {pages} pages, {pdf.Bytes.Length:#,0} bytes; first render {first.TotalMilliseconds:0} ms, second {second.TotalMilliseconds:0} ms.");
        pages.ShouldBeLessThanOrEqualTo(8);
        for (var page = 1; page <= pages; page++)
        {
            pdf.Flat(page).ShouldEndWith($"Whole organisation · 2026-W47 Page {page} of {pages}", Case.Sensitive);
        }

        var text = pdf.Flat();
        text.ShouldContain("Team 00 66 1 12.0% 55 300,000 2", Case.Sensitive);
        text.ShouldContain("Team 29 66 1 12.0% 55 300,000 2", Case.Sensitive);
        text.ShouldContain("Each of the 2,000 drivers is listed in the XLSX and CSV reports.", Case.Sensitive);
        text.ShouldNotContain("driver-0001");
    }

    [Fact]
    public void A_small_team_report_lists_its_drivers_instead_of_the_teams()
    {
        var small = SampleReports.Small();
        var report = small with
        {
            Scope = "team-a",
            ScopeName = "Team A",
            Drivers = [.. small.Drivers.Where(d => d.Team == "Team A")],
            Teams = [.. small.Teams.Where(t => t.Slug == "team-a")],
            Regressions = [.. small.Regressions.Where(r => r.DriverId is 1 or 2)],
        };
        using var pdf = RenderedPdf.Of(report);

        var text = pdf.Flat();
        text.ShouldContain("Driver migration report: Team A, Week 2026-W47", Case.Sensitive);
        text.ShouldContain("Drivers (2) Driver Stage Readiness C/C++ lines Rust lines", Case.Sensitive);
        text.ShouldContain("echo (C) In progress 72 (+2) 1,800 0", Case.Sensitive);
        text.ShouldContain("echo-rs (Rust) In progress – 0 1,200", Case.Sensitive);
        text.ShouldNotContain("Teams Team", Case.Sensitive);
    }

    [Fact]
    public void A_team_report_with_more_than_forty_drivers_points_to_the_spreadsheets_instead()
    {
        var report = SampleReports.Large(drivers: 41, teams: 1) with { Scope = "team-00", ScopeName = "Team 00" };
        using var pdf = RenderedPdf.Of(report);

        var text = pdf.Flat();
        text.ShouldContain("Each of the team's 41 drivers is listed in the XLSX and CSV reports.", Case.Sensitive);
        text.ShouldNotContain("driver-0001");
    }

    [Fact]
    public void Names_too_long_for_their_cell_wrap_or_are_cut_short_and_nothing_leaves_the_page()
    {
        var small = SampleReports.Small();
        var unbroken = new string('W', 150);
        var dashed = "pci-express-root-complex-integrated-endpoint-filter-driver-for-the-storage-stack-of-the-legacy-platform";
        var report = small with
        {
            Regressions =
            [
                .. small.Regressions,
                new(RegressionKind.ReadinessDown, 9, unbroken, "a-repository-whose-name-goes-on-and-on-without-a-single-space-in-it", 60, 50, null,
                    "Readiness fell from 60 to 50 " + string.Join(' ', Enumerable.Repeat("because of a very long explanation", 12))),
            ],
            TopMovers = [.. small.TopMovers, new(9, dashed, "drivers-main", "Readiness", FigureUnit.Score, 50, 60)],
            Teams = [.. small.Teams, new("Storage, file systems and every other driver that touches a disk somewhere in the fleet", "storage", 1, 1, 0, 0, 0, 10, 0, 0, 50, null, 0)],
        };
        using var pdf = RenderedPdf.Of(report);

        using var document = pdf.Open();
        foreach (var page in document.GetPages())
        {
            foreach (var letter in page.Letters.Where(l => !string.IsNullOrWhiteSpace(l.Value)))
            {
                letter.BoundingBox.Left.ShouldBeGreaterThanOrEqualTo(PdfLayout.MarginX - 1, $"'{letter.Value}' on page {page.Number}");
                letter.BoundingBox.Right.ShouldBeLessThanOrEqualTo(page.Width - PdfLayout.MarginX + 1, $"'{letter.Value}' on page {page.Number}");
                letter.BoundingBox.Bottom.ShouldBeGreaterThanOrEqualTo(0);
                letter.BoundingBox.Top.ShouldBeLessThanOrEqualTo(page.Height);
            }
        }

        var text = pdf.Flat();
        // The unbroken name is broken over the cell's three lines and cut short with an ellipsis.
        Regex.IsMatch(text, "W{10,} W{10,} W{5,}…").ShouldBeTrue(text);
        // The dashed name breaks after dashes (each line break reads as a space here).
        text.ShouldContain("pci-express-root- complex-integrated- endpoint-filter-", Case.Sensitive);
        text.ShouldContain("Storage, file", Case.Sensitive);
    }

    [Fact]
    public void A_table_longer_than_a_page_repeats_its_heading_and_header_and_long_lists_stop_at_forty_rows()
    {
        var report = SampleReports.Small() with
        {
            Regressions = [.. Enumerable.Range(1, 60).Select(i => new ReportRegression(
                RegressionKind.ReadinessDown, i, $"driver-{i:00}", "drivers-main", 60, 50, null, "Readiness fell from 60 to 50"))],
        };
        using var pdf = RenderedPdf.Of(report);

        using var document = pdf.Open();
        var continued = Enumerable.Range(1, document.NumberOfPages)
            .Select(page => pdf.Flat(page))
            .Where(text => text.Contains("Regressions this week (60) (continued)", StringComparison.Ordinal))
            .ToList();
        continued.ShouldNotBeEmpty();
        continued.ShouldAllBe(text => text.StartsWith("Regressions this week (60) (continued) Driver Repository What changed driver-", StringComparison.Ordinal));

        var all = pdf.Flat();
        all.ShouldContain("driver-40 drivers-main Readiness fell from 60 to 50", Case.Sensitive);
        all.ShouldNotContain("driver-41");
        all.ShouldContain("… and 20 more regressions in the XLSX and CSV reports.", Case.Sensitive);
    }

    [Fact]
    public void Without_measured_weeks_there_are_no_charts_but_a_sentence_saying_so()
    {
        var small = SampleReports.Small();
        var report = small with { Trend = [.. small.Trend.Select(p => p with { RustShareOfCode = null, MeanUnsafeShare = null, CLinesRemaining = 0 })] };
        using var pdf = RenderedPdf.Of(report);

        using var document = pdf.Open();
        document.GetPages().Sum(p => p.GetImages().Count()).ShouldBe(0);
        pdf.Flat().ShouldContain("No code has been measured in the last weeks, so there is no trend to chart yet.", Case.Sensitive);
    }

    [Fact]
    public void The_document_is_titled_dated_when_generated_and_the_same_each_time_but_for_what_PDFsharp_picks_at_random()
    {
        var report = SampleReports.Small();
        using var pdf = RenderedPdf.Of(report);
        using var again = RenderedPdf.Of(report);

        using var document = pdf.Open();
        document.Information.Title.ShouldBe(ReportText.Title(report));
        document.Information.Subject.ShouldBe("Weekly driver migration report for Whole organisation, Week 2026-W47 (2026-11-16 to 2026-11-22)");
        document.Information.CreationDate.ShouldStartWith("D:20261123070000");
        document.Information.ModifiedDate.ShouldStartWith("D:20261123070000");

        // PDFsharp tags font subsets with six random capitals (PDF 5.5.3) and gives its XMP metadata random UUIDs;
        // everything else, the trailer's document ID included, is the same.
        WithoutRandomParts(again.Bytes).ShouldBe(WithoutRandomParts(pdf.Bytes));
    }

    [Fact]
    public void The_report_can_be_written_to_a_stream_that_cannot_seek_like_a_response_body()
    {
        using var sink = new MemoryStream();
        using var forwardOnly = new ForwardOnlyStream(sink);

        new PdfReportWriter().Write(SampleReports.Small(), forwardOnly);

        using var pdf = RenderedPdf.Of(SampleReports.Small());
        sink.Length.ShouldBe(pdf.Bytes.Length);
        Encoding.ASCII.GetString(sink.ToArray(), 0, 8).ShouldBe("%PDF-1.7");
    }

    private static string WithoutRandomParts(byte[] pdf) =>
        XmpUuid().Replace(SubsetTag().Replace(Encoding.Latin1.GetString(pdf), "XXXXXX+"), "uuid:00000000-0000-0000-0000-000000000000");

    [GeneratedRegex("[A-Z]{6}\\+")]
    private static partial Regex SubsetTag();

    [GeneratedRegex("uuid:[0-9a-f-]{36}")]
    private static partial Regex XmpUuid();

    private sealed class ForwardOnlyStream(Stream inner) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    }
}
