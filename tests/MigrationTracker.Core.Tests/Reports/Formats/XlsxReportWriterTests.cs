using System.Diagnostics;
using DocumentFormat.OpenXml.Spreadsheet;
using MigrationTracker.Core.Reports;
using MigrationTracker.Core.Reports.Formats;
using MigrationTracker.Testing;

namespace MigrationTracker.Core.Tests.Reports.Formats;

public sealed class XlsxReportWriterTests(ITestOutputHelper output)
{
    private static XlsxBook Write(WeeklyReport report) => new(FormatSamples.Render(new XlsxReportWriter(), report));

    [Fact]
    public void The_workbook_has_the_report_sheets_in_order()
    {
        using var book = Write(SampleReports.Small());

        book.SheetNames.ShouldBe(["Summary", "Drivers", "Teams", "Regressions", "Movers", "Changes"]);
    }

    [Fact]
    public void The_workbook_is_valid_against_the_spreadsheet_schema()
    {
        using var small = Write(FormatSamples.Hostile());
        using var empty = Write(FormatSamples.Empty());

        small.ValidationErrors().ShouldBeEmpty();
        empty.ValidationErrors().ShouldBeEmpty();
    }

    [Fact]
    public void The_summary_gives_title_week_scope_and_as_of()
    {
        var report = SampleReports.Small();
        using var book = Write(report);

        XlsxBook.Text(book.Cell("Summary", "A1")!).ShouldBe("Driver migration report: Whole organisation, Week 2026-W47 (2026-11-16 to 2026-11-22)");
        book.IsBold(book.Cell("Summary", "A1")!).ShouldBeTrue();
        XlsxBook.Text(book.Cell("Summary", "B2")!).ShouldBe("Week 2026-W47 (2026-11-16 to 2026-11-22)");
        XlsxBook.Text(book.Cell("Summary", "B3")!).ShouldBe("Whole organisation");
        book.DateTime(book.Cell("Summary", "B4")!).ShouldBe(new DateTime(2026, 11, 22, 23, 59, 59), TimeSpan.FromMilliseconds(1));
        book.DateTime(book.Cell("Summary", "B5")!).ShouldBe(new DateTime(2026, 11, 23, 7, 0, 0), TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public void Each_headline_figure_has_now_week_earlier_and_change_as_numbers()
    {
        var report = SampleReports.Small();
        using var book = Write(report);

        var rows = book.Table("Summary", headerRow: 7);

        rows.Select(r => XlsxBook.Text(r["Figure"])).ShouldBe(report.Headlines.Select(h => h.Label));
        var share = rows.Single(r => XlsxBook.Text(r["Figure"]) == "Rust share of driver code");
        XlsxBook.Number(share["Now"]).ShouldBe(0.25);
        XlsxBook.Number(share["Week earlier"]).ShouldBe(0.2);
        XlsxBook.Number(share["Change"]).ShouldBe(0.25 - 0.2);
        book.NumberFormat(share["Now"]).ShouldBe("0.0%");
        book.NumberFormat(share["Change"]).ShouldBe("+0.0%;-0.0%;0.0%");
        var lines = rows.Single(r => XlsxBook.Text(r["Figure"]) == "C/C++ code lines left to migrate");
        XlsxBook.Number(lines["Now"]).ShouldBe(3600);
        XlsxBook.Number(lines["Change"]).ShouldBe(-400);
        book.NumberFormat(lines["Now"]).ShouldBe("#,##0");
        var readiness = rows.Single(r => XlsxBook.Text(r["Figure"]) == "Median Rust-readiness (C/C++)");
        XlsxBook.Number(readiness["Now"]).ShouldBe(64);
        XlsxBook.Number(readiness["Change"]).ShouldBe(3);
        // No count a week earlier: both that cell and the change are left empty, not zero.
        var regressions = rows.Single(r => XlsxBook.Text(r["Figure"]) == "Regressions this week");
        XlsxBook.Number(regressions["Now"]).ShouldBe(3);
        regressions.ShouldNotContainKey("Week earlier");
        regressions.ShouldNotContainKey("Change");
    }

    [Fact]
    public void The_summary_gives_the_projection_below_the_figures()
    {
        var report = SampleReports.Small();
        using var book = Write(report);

        var cells = book.Worksheet("Summary").Descendants<Cell>().ToList();
        var label = cells.Single(c => c.InlineString?.Text?.Text == "Projected completion");
        var row = label.CellReference!.Value![1..];
        book.Date(book.Cell("Summary", "B" + row)!).ShouldBe(new DateOnly(2027, 8, 30));
        var perWeek = cells.Single(c => c.InlineString?.Text?.Text == "C/C++ lines a week").CellReference!.Value![1..];
        XlsxBook.Number(book.Cell("Summary", "B" + perWeek)!).ShouldBe(92);
        cells.ShouldContain(c => c.InlineString != null && c.InlineString.Text!.Text == report.Projection.Assumption);
    }

    [Fact]
    public void Without_a_projected_date_the_summary_says_none_and_why()
    {
        var report = SampleReports.Small() with
        {
            Projection = new(null, 0, 3600, "Assumes the pace of the last 12 weeks.", "C/C++ code is flat or rising."),
        };
        using var book = Write(report);

        var texts = book.Worksheet("Summary").Descendants<Cell>().Where(c => c.InlineString != null).Select(XlsxBook.Text).ToList();
        texts.ShouldContain("None");
        texts.ShouldContain("C/C++ code is flat or rising.");
    }

    [Fact]
    public void Every_driver_field_is_in_its_column_with_numbers_as_numbers()
    {
        var report = SampleReports.Small();
        using var book = Write(report);

        var rows = book.Table("Drivers");

        rows.Count.ShouldBe(4);
        var toaster = rows.Single(r => XlsxBook.Number(r["Id"]) == 3);
        XlsxBook.Text(toaster["Driver"]).ShouldBe("toaster, \"legacy\"");
        XlsxBook.Text(toaster["Repository"]).ShouldBe("drivers-legacy");
        XlsxBook.Text(toaster["Team"]).ShouldBe("Team B");
        XlsxBook.Text(toaster["Language"]).ShouldBe("C++");
        XlsxBook.Text(toaster["Model"]).ShouldBe("WDM");
        XlsxBook.Text(toaster["Stage"]).ShouldBe("Not started");
        toaster.ShouldNotContainKey("Rust counterpart");
        book.Date(toaster["First seen"]).ShouldBe(new DateOnly(2024, 6, 3));
        XlsxBook.Text(toaster["Commit"]).ShouldBe("0f0e0d0c0b0a");
        XlsxBook.Number(toaster["Readiness"]).ShouldBe(40);
        XlsxBook.Number(toaster["Readiness week earlier"]).ShouldBe(52);
        XlsxBook.Number(toaster["Readiness change"]).ShouldBe(-12);
        book.NumberFormat(toaster["Readiness change"]).ShouldBe("+0;-0;0");
        XlsxBook.Text(toaster["Band"]).ShouldBe("Blocked");
        XlsxBook.Number(toaster["C/C++ lines"]).ShouldBe(1200);
        XlsxBook.Number(toaster["C/C++ lines week earlier"]).ShouldBe(2000);
        XlsxBook.Number(toaster["C/C++ lines change"]).ShouldBe(-800);
        XlsxBook.Number(toaster["Rust lines"]).ShouldBe(0);
        XlsxBook.Text(toaster["Build"]).ShouldBe("Unknown");

        var port = rows.Single(r => XlsxBook.Number(r["Id"]) == 2);
        XlsxBook.Text(port["Rust counterpart"]).ShouldBe("echo");
        port.ShouldNotContainKey("Readiness");
        XlsxBook.Number(port["Unsafe share"]).ShouldBe(0.125);
        book.NumberFormat(port["Unsafe share"]).ShouldBe("0.0%");
        XlsxBook.Number(port["Unsafe share week earlier"]).ShouldBe(0.1);
        XlsxBook.Number(port["Unsafe share change"]).ShouldBe(0.125 - 0.1);
        XlsxBook.Number(port["Rust lines change"]).ShouldBe(200);
        XlsxBook.Text(port["Build"]).ShouldBe("Failing");
        XlsxBook.Text(port["Build week earlier"]).ShouldBe("Passing");

        var newcomer = rows.Single(r => XlsxBook.Number(r["Id"]) == 4);
        newcomer.ShouldNotContainKey("Team");
        newcomer.ShouldNotContainKey("Readiness week earlier");
        newcomer.ShouldNotContainKey("C/C++ lines change");
        book.Date(newcomer["First seen"]).ShouldBe(new DateOnly(2026, 11, 18));
    }

    [Fact]
    public void A_date_is_stored_as_the_excel_serial_of_that_day()
    {
        using var book = Write(SampleReports.Small());

        var firstSeen = book.Table("Drivers").Single(r => XlsxBook.Number(r["Id"]) == 1)["First seen"];

        // 2025-01-06 is day 45663 counting from Excel's 1899-12-30.
        XlsxBook.Number(firstSeen).ShouldBe(45663);
        book.NumberFormat(firstSeen).ShouldBe("yyyy-mm-dd");
    }

    [Theory]
    [InlineData("Summary", 7u, "A7:D18")]
    [InlineData("Drivers", 1u, "A1:Y5")]
    [InlineData("Teams", 1u, "A1:M4")]
    [InlineData("Regressions", 1u, "A1:H5")]
    [InlineData("Movers", 1u, "A1:G5")]
    [InlineData("Changes", 1u, "A1:G2")]
    public void Each_table_has_a_bold_frozen_header_and_an_autofilter(string sheet, uint headerRow, string range)
    {
        using var book = Write(SampleReports.Small());
        var worksheet = book.Worksheet(sheet);

        var pane = worksheet.Descendants<Pane>().Single();
        pane.State!.Value.ShouldBe(PaneStateValues.Frozen);
        pane.VerticalSplit!.Value.ShouldBe(headerRow);
        pane.TopLeftCell!.Value.ShouldBe($"A{headerRow + 1}");
        worksheet.Descendants<AutoFilter>().Single().Reference!.Value.ShouldBe(range);
        var header = worksheet.Descendants<Row>().Single(r => r.RowIndex! == headerRow).Elements<Cell>().ToList();
        header.ShouldAllBe(c => book.IsBold(c));
        // Excel keeps each filter's range in a hidden name too, with absolute references.
        var absolute = string.Join(":", range.Split(':').Select(r => "$" + r[..1] + "$" + r[1..]));
        book.WorkbookPart.Workbook!.DefinedNames!.Elements<DefinedName>()
            .ShouldContain(n => n.Name == "_xlnm._FilterDatabase" && n.Text == $"'{sheet}'!{absolute}");
    }

    [Fact]
    public void Columns_are_wide_enough_for_their_longest_value()
    {
        using var book = Write(SampleReports.Small());

        var columns = book.Worksheet("Drivers").Descendants<Column>().ToList();

        columns.Count.ShouldBe(25);
        // "toaster, "legacy"" is 17 characters; "Id" holds only single digits but its heading needs room for the filter button.
        columns[1].Width!.Value.ShouldBeGreaterThanOrEqualTo(17);
        columns[0].Width!.Value.ShouldBeLessThan(columns[1].Width!.Value);
        columns.ShouldAllBe(c => c.CustomWidth! == true && c.Width! <= 60);
    }

    [Fact]
    public void Teams_regressions_movers_and_changes_carry_the_models_values()
    {
        var report = SampleReports.Small();
        using var book = Write(report);

        var teams = book.Table("Teams");
        teams.Select(t => XlsxBook.Text(t["Team"])).ShouldBe(["Team A", "Team B", "No team"]);
        XlsxBook.Number(teams[0]["Rust share"]).ShouldBe(0.4);
        book.NumberFormat(teams[0]["Rust share"]).ShouldBe("0.0%");
        XlsxBook.Number(teams[0]["C/C++ lines"]).ShouldBe(1800);
        XlsxBook.Number(teams[1]["Median readiness"]).ShouldBe(40);
        teams[1].ShouldNotContainKey("Mean unsafe share");
        teams[2].ShouldNotContainKey("Slug");

        var regressions = book.Table("Regressions");
        regressions.Count.ShouldBe(4);
        XlsxBook.Text(regressions[0]["Regression"]).ShouldBe("Readiness down");
        XlsxBook.Number(regressions[0]["Before"]).ShouldBe(52);
        book.NumberFormat(regressions[0]["Before"]).ShouldBe("0");
        XlsxBook.Number(regressions[1]["After"]).ShouldBe(0.125);
        book.NumberFormat(regressions[1]["After"]).ShouldBe("0.0%");
        book.DateTime(regressions[2]["At (UTC)"]).ShouldBe(new DateTime(2026, 11, 19, 10, 30, 0), TimeSpan.FromMilliseconds(1));
        XlsxBook.Text(regressions[3]["Detail"]).ShouldBe("New driver first seen on 2026-11-18 with no team: assign an owner");

        var movers = book.Table("Movers");
        movers.Count.ShouldBe(4);
        XlsxBook.Text(movers[2]["Measure"]).ShouldBe("C/C++ lines removed");
        XlsxBook.Number(movers[2]["Change"]).ShouldBe(-800);

        var changes = book.Table("Changes");
        changes.Count.ShouldBe(1);
        XlsxBook.Text(changes[0]["Change"]).ShouldBe("Newly paired");
        XlsxBook.Text(changes[0]["Rust counterpart"]).ShouldBe("echo-rs");
        book.Date(changes[0]["On"]).ShouldBe(new DateOnly(2026, 11, 17));
    }

    [Fact]
    public void Text_is_stored_as_text_never_as_a_formula_and_without_characters_xml_cannot_hold()
    {
        using var book = Write(FormatSamples.Hostile());

        var rows = book.Table("Drivers");
        string Name(int id) => XlsxBook.Text(rows.Single(r => XlsxBook.Number(r["Id"]) == id)["Driver"]);

        book.Worksheet("Drivers").Descendants<CellFormula>().ShouldBeEmpty();
        Name(5).ShouldBe("=HYPERLINK(\"http://evil.example\",\"open\")");
        Name(6).ShouldBe("pipe | back`tick` <b>bold</b>\nnext line");
        Name(7).ShouldBe("bellnul end");
        // Excel would read a literal _x0041_ as "A"; its underscore is escaped so Excel shows the name as it is.
        Name(8).ShouldBe("a_x005F_x0041_b & [link](x)");
        XlsxBook.Text(rows.Single(r => XlsxBook.Number(r["Id"]) == 7)["Stage"]).ShouldBe(" padded ");
    }

    [Fact]
    public void An_empty_report_still_has_every_sheet_with_its_headers()
    {
        using var book = Write(FormatSamples.Empty());

        book.SheetNames.Count.ShouldBe(6);
        foreach (var sheet in new[] { "Drivers", "Teams", "Regressions", "Movers", "Changes" })
        {
            book.Table(sheet).ShouldBeEmpty();
            book.Worksheet(sheet).Descendants<Row>().Single().Elements<Cell>().ShouldNotBeEmpty();
            book.Worksheet(sheet).Descendants<AutoFilter>().Single().Reference!.Value!.ShouldEndWith("1");
        }

        XlsxBook.Text(book.Cell("Drivers", "B1")!).ShouldBe("Driver");
        book.Worksheet("Summary").Descendants<AutoFilter>().Single().Reference!.Value.ShouldBe("A7:D7");
    }

    [Fact]
    public void A_large_report_lists_every_driver_once()
    {
        var report = SampleReports.Large();
        var writer = new XlsxReportWriter();
        FormatSamples.Render(writer, SampleReports.Small());

        var clock = Stopwatch.StartNew();
        var bytes = FormatSamples.Render(writer, report);
        clock.Stop();
        output.WriteLine($"XLSX for {report.Drivers.Count} drivers: {clock.ElapsedMilliseconds} ms, {bytes.Length / 1024} KiB");

        using var book = new XlsxBook(bytes);
        var rows = book.Table("Drivers");
        rows.Select(r => (int)XlsxBook.Number(r["Id"])).ShouldBe(report.Drivers.Select(d => d.Id));
        var last = rows[^1];
        var model = report.Drivers[^1];
        XlsxBook.Text(last["Driver"]).ShouldBe("driver-2000");
        XlsxBook.Number(last["C/C++ lines"]).ShouldBe(model.CCodeLines);
        XlsxBook.Number(last["Unsafe share"]).ShouldBe(model.UnsafeShare!.Value);
        book.Worksheet("Drivers").Descendants<AutoFilter>().Single().Reference!.Value.ShouldBe("A1:Y2001");
        book.Table("Teams").Count.ShouldBe(30);
    }

    [Fact]
    public void Writes_to_a_stream_that_cannot_seek()
    {
        using var target = new MemoryStream();
        using var forwardOnly = new ForwardOnlyStream(target);

        new XlsxReportWriter().Write(SampleReports.Small(), forwardOnly);

        using var book = new XlsxBook(target.ToArray());
        book.Table("Drivers").Count.ShouldBe(4);
    }

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
