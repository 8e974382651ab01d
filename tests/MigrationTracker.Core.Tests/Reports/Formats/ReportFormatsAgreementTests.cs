using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml.Spreadsheet;
using MigrationTracker.Core.Reports;
using MigrationTracker.Core.Reports.Formats;

namespace MigrationTracker.Core.Tests.Reports.Formats;

/// <summary>The XLSX, CSV and Markdown written from one model give the same figures, and the model's.</summary>
public sealed class ReportFormatsAgreementTests : IDisposable
{
    private readonly WeeklyReport _report = FormatSamples.Hostile();
    private readonly XlsxBook _xlsx;
    private readonly List<Dictionary<string, string>> _csv;
    private readonly MarkdownDoc _markdown;

    public ReportFormatsAgreementTests()
    {
        var renderer = new ReportRenderer([new XlsxReportWriter(), new CsvReportWriter(), new MarkdownReportWriter()]);
        _xlsx = new XlsxBook(renderer.Render(_report, ReportFormat.Xlsx));
        _csv = CsvFile.Read(renderer.Render(_report, ReportFormat.Csv)).Rows;
        _markdown = new MarkdownDoc(Encoding.UTF8.GetString(renderer.Render(_report, ReportFormat.Markdown)));
    }

    public void Dispose() => _xlsx.Dispose();

    [Fact]
    public void Headline_figures_agree()
    {
        var sheet = _xlsx.Table("Summary", headerRow: 7);
        var markdown = MarkdownDoc.Rows(_markdown.Table("Headline figures").ShouldNotBeNull());

        sheet.Count.ShouldBe(_report.Headlines.Count);
        markdown.Count.ShouldBe(_report.Headlines.Count);
        foreach (var (figure, row, md) in _report.Headlines.Zip(sheet, markdown))
        {
            XlsxBook.Text(row["Figure"]).ShouldBe(figure.Label);
            md["Figure"].ShouldBe(figure.Label);
            var now = Number(row, "Now");
            var before = Number(row, "Week earlier");
            var change = Number(row, "Change");
            now.ShouldBe(figure.Now);
            before.ShouldBe(figure.WeekEarlier);
            change.ShouldBe(figure.Change);
            md["Now"].ShouldBe(ReportText.Value(now, figure.Unit));
            md["Week earlier"].ShouldBe(ReportText.Value(before, figure.Unit));
            md["Change"].ShouldBe(ReportText.Change(change, figure.Unit));
        }
    }

    [Fact]
    public void Every_driver_reads_the_same_in_each_format()
    {
        var sheet = _xlsx.Table("Drivers");
        var markdown = MarkdownDoc.Rows(_markdown.Table("Drivers").ShouldNotBeNull());

        sheet.Count.ShouldBe(_report.Drivers.Count);
        _csv.Count.ShouldBe(_report.Drivers.Count);
        markdown.Count.ShouldBe(_report.Drivers.Count);
        for (var i = 0; i < _report.Drivers.Count; i++)
        {
            var (model, row, csv, md) = (_report.Drivers[i], sheet[i], _csv[i], markdown[i]);
            XlsxBook.Number(row["Id"]).ShouldBe(model.Id);
            csv["driver_id"].ShouldBe(model.Id.ToString(CultureInfo.InvariantCulture));

            // Each format keeps the name readable as itself: only its own guard differs.
            var name = ReportText.Clean(model.Name);
            XlsxBook.Text(row["Driver"]).ShouldBe(name.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("_x0041_", "_x005F_x0041_", StringComparison.Ordinal));
            csv["driver"].ShouldBe(name.StartsWith('=') ? "'" + name : name);
            md["Driver"].ShouldBe(name.Replace("\r\n", " ", StringComparison.Ordinal));

            foreach (var (heading, column, unit, value) in new (string, string, FigureUnit, double?)[]
            {
                ("Readiness", "readiness", FigureUnit.Score, model.Readiness),
                ("Unsafe share", "unsafe_share", FigureUnit.Share, model.UnsafeShare),
                ("C/C++ lines", "c_lines", FigureUnit.Lines, model.CCodeLines),
                ("Rust lines", "rust_lines", FigureUnit.Lines, model.RustCodeLines),
            })
            {
                var inSheet = Number(row, heading);
                inSheet.ShouldBe(value, $"{heading} of driver {model.Id}");
                CsvNumber(csv, column).ShouldBe(inSheet, $"{column} of driver {model.Id}");
                md[heading].ShouldBe(ReportText.Value(inSheet, unit), $"{heading} of driver {model.Id}");
            }

            var readinessChange = Number(row, "Readiness change");
            readinessChange.ShouldBe(model.ReadinessChange);
            CsvNumber(csv, "readiness_change").ShouldBe(readinessChange);
            md["Readiness change"].ShouldBe(ReportText.Change(readinessChange, FigureUnit.Score));
            CsvNumber(csv, "unsafe_share_change").ShouldBe(Number(row, "Unsafe share change"));
            CsvNumber(csv, "c_lines_change").ShouldBe(Number(row, "C/C++ lines change"));
            CsvNumber(csv, "rust_lines_change").ShouldBe(Number(row, "Rust lines change"));

            XlsxBook.Text(row["Build"]).ShouldBe(csv["build"]);
            md["Build"].ShouldBe(csv["build"]);
            _xlsx.Date(row["First seen"]).ShouldBe(DateOnly.ParseExact(csv["first_seen"], "yyyy-MM-dd", CultureInfo.InvariantCulture));
            csv["first_seen"].ShouldBe(ReportText.Date(model.FirstSeen));
        }
    }

    [Fact]
    public void Teams_movers_and_regressions_agree()
    {
        var teams = _xlsx.Table("Teams");
        var mdTeams = MarkdownDoc.Rows(_markdown.Table("Teams").ShouldNotBeNull());
        teams.Count.ShouldBe(_report.Teams.Count);
        mdTeams.Count.ShouldBe(_report.Teams.Count);
        foreach (var (team, row, md) in _report.Teams.Zip(teams, mdTeams))
        {
            Number(row, "C/C++ lines").ShouldBe(team.CCodeLines);
            md["C/C++ lines"].ShouldBe(ReportText.Value(Number(row, "C/C++ lines"), FigureUnit.Lines));
            Number(row, "Rust share").ShouldBe(team.RustShare);
            md["Rust share"].ShouldBe(ReportText.Value(Number(row, "Rust share"), FigureUnit.Share));
            Number(row, "Median readiness").ShouldBe(team.MedianReadiness);
            md["Median readiness"].ShouldBe(ReportText.Value(Number(row, "Median readiness"), FigureUnit.Score));
            Number(row, "Regressions").ShouldBe(team.Regressions);
            md["Regressions"].ShouldBe(ReportText.Value(Number(row, "Regressions"), FigureUnit.Count));
        }

        var movers = _xlsx.Table("Movers");
        var mdMovers = MarkdownDoc.Rows(_markdown.Table("Top movers").ShouldNotBeNull());
        movers.Count.ShouldBe(_report.TopMovers.Count);
        foreach (var (mover, row, md) in _report.TopMovers.Zip(movers, mdMovers))
        {
            Number(row, "Change").ShouldBe(mover.Change);
            md["Change"].ShouldBe(ReportText.Change(Number(row, "Change"), mover.Unit));
            md["After"].ShouldBe(ReportText.Value(Number(row, "After"), mover.Unit));
        }

        var regressions = _xlsx.Table("Regressions");
        var mdRegressions = MarkdownDoc.Rows(_markdown.Table("Regressions").ShouldNotBeNull());
        regressions.Select(r => XlsxBook.Text(r["Detail"])).ShouldBe(_report.Regressions.Select(r => r.Detail));
        mdRegressions.Select(r => r["Detail"]).ShouldBe(_report.Regressions.Select(r => r.Detail));
        mdRegressions.Select(r => r["Regression"]).ShouldBe(regressions.Select(r => XlsxBook.Text(r["Regression"])));
    }

    private static double? Number(Dictionary<string, Cell> row, string heading) =>
        row.TryGetValue(heading, out var cell) ? XlsxBook.Number(cell) : null;

    private static double? CsvNumber(Dictionary<string, string> row, string column) =>
        row[column].Length == 0 ? null : double.Parse(row[column], NumberStyles.Float, CultureInfo.InvariantCulture);
}
