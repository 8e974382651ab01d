using System.Globalization;
using System.Text;
using MigrationTracker.Core.Reports;
using MigrationTracker.Core.Reports.Formats;
using MigrationTracker.Testing;

namespace MigrationTracker.Core.Tests.Reports.Formats;

public sealed class CsvReportWriterTests
{
    private static byte[] Write(WeeklyReport report) => FormatSamples.Render(new CsvReportWriter(), report);

    private static string? Number(double? value) => value?.ToString("R", CultureInfo.InvariantCulture);

    [Fact]
    public void The_file_is_utf8_with_a_byte_order_mark_and_crlf_line_ends()
    {
        var bytes = Write(SampleReports.Small());

        bytes.Take(3).ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF });
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        text.ShouldStartWith("week,week_start,scope,scope_name,driver_id,driver,repository,team,");
        text.Split("\r\n").Length.ShouldBe(6);
        text.ShouldEndWith("\r\n");
    }

    [Fact]
    public void Each_row_carries_every_field_of_its_driver()
    {
        var report = SampleReports.Small();

        var (header, rows) = CsvFile.Read(Write(report));

        header.ShouldBe(CsvReportWriter.Columns);
        rows.Count.ShouldBe(report.Drivers.Count);
        foreach (var (row, d) in rows.Zip(report.Drivers))
        {
            row["week"].ShouldBe("2026-W47");
            row["week_start"].ShouldBe("2026-11-16");
            row["scope"].ShouldBe("");
            row["scope_name"].ShouldBe("Whole organisation");
            row["driver_id"].ShouldBe(d.Id.ToString(CultureInfo.InvariantCulture));
            row["driver"].ShouldBe(d.Name);
            row["repository"].ShouldBe(d.Repository);
            row["team"].ShouldBe(d.Team ?? "");
            row["language"].ShouldBe(d.Language);
            row["model"].ShouldBe(d.Model);
            row["stage"].ShouldBe(d.Stage);
            row["rust_counterpart"].ShouldBe(d.Counterpart ?? "");
            row["first_seen"].ShouldBe(d.FirstSeen.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            row["commit"].ShouldBe(d.CommitId ?? "");
            row["readiness"].ShouldBe(Number(d.Readiness) ?? "");
            row["readiness_before"].ShouldBe(Number(d.ReadinessBefore) ?? "");
            row["readiness_change"].ShouldBe(Number(d.ReadinessChange) ?? "");
            row["band"].ShouldBe(d.Band ?? "");
            row["unsafe_share"].ShouldBe(Number(d.UnsafeShare) ?? "");
            row["unsafe_share_before"].ShouldBe(Number(d.UnsafeShareBefore) ?? "");
            row["unsafe_share_change"].ShouldBe(Number(d.UnsafeShareChange) ?? "");
            row["c_lines"].ShouldBe(Number(d.CCodeLines));
            row["c_lines_before"].ShouldBe(Number(d.CCodeLinesBefore) ?? "");
            row["c_lines_change"].ShouldBe(Number(d.CCodeLinesChange) ?? "");
            row["rust_lines"].ShouldBe(Number(d.RustCodeLines));
            row["rust_lines_before"].ShouldBe(Number(d.RustCodeLinesBefore) ?? "");
            row["rust_lines_change"].ShouldBe(Number(d.RustCodeLinesChange) ?? "");
            row["build"].ShouldBe(d.Build.ToString());
            row["build_before"].ShouldBe(d.BuildBefore.ToString());
        }
    }

    [Fact]
    public void Values_are_plain_numbers_iso_dates_and_empty_where_the_report_has_none()
    {
        var (_, rows) = CsvFile.Read(Write(SampleReports.Small()));

        var toaster = rows.Single(r => r["driver_id"] == "3");
        toaster["driver"].ShouldBe("toaster, \"legacy\"");
        toaster["readiness"].ShouldBe("40");
        toaster["readiness_change"].ShouldBe("-12");
        toaster["c_lines_before"].ShouldBe("2000");
        toaster["c_lines_change"].ShouldBe("-800");
        toaster["first_seen"].ShouldBe("2024-06-03");
        toaster["unsafe_share"].ShouldBe("");
        var port = rows.Single(r => r["driver_id"] == "2");
        // Shares are fractions, not percentages.
        port["unsafe_share"].ShouldBe("0.125");
        port["unsafe_share_before"].ShouldBe("0.1");
        double.Parse(port["unsafe_share_change"], CultureInfo.InvariantCulture).ShouldBe(0.025, 1e-12);
        port["build"].ShouldBe("Failing");
        var newcomer = rows.Single(r => r["driver_id"] == "4");
        newcomer["team"].ShouldBe("");
        newcomer["readiness_before"].ShouldBe("");
        newcomer["rust_lines_before"].ShouldBe("");
    }

    [Fact]
    public void A_name_with_a_comma_and_quotes_is_quoted_in_the_file()
    {
        var text = Encoding.UTF8.GetString(Write(SampleReports.Small()));

        text.ShouldContain(",\"toaster, \"\"legacy\"\"\",drivers-legacy,");
    }

    [Fact]
    public void Text_a_spreadsheet_would_run_as_a_formula_gets_a_leading_apostrophe()
    {
        var (_, rows) = CsvFile.Read(Write(FormatSamples.Hostile()));

        var formula = rows.Single(r => r["driver_id"] == "5");
        formula["driver"].ShouldBe("'=HYPERLINK(\"http://evil.example\",\"open\")");
        formula["repository"].ShouldBe("'+repo");
        formula["team"].ShouldBe("'-ops");
        formula["commit"].ShouldBe("'@deadbeef");
        rows.Single(r => r["driver_id"] == "6")["repository"].ShouldBe("'\ttabbed");
        rows.Single(r => r["driver_id"] == "8")["rust_counterpart"].ShouldBe("'\rcr");
        // Line breaks inside a name survive in a quoted field; control characters do not.
        rows.Single(r => r["driver_id"] == "6")["driver"].ShouldBe("pipe | back`tick` <b>bold</b>\r\nnext line");
        rows.Single(r => r["driver_id"] == "7")["driver"].ShouldBe("bellnul end");
        // Numbers are never prefixed, negative or not.
        rows.Single(r => r["driver_id"] == "3")["readiness_change"].ShouldBe("-12");
    }

    [Fact]
    public void A_team_report_names_its_scope_on_every_row()
    {
        var (_, rows) = CsvFile.Read(Write(FormatSamples.TeamA()));

        rows.Count.ShouldBe(2);
        rows.ShouldAllBe(r => r["scope"] == "team-a" && r["scope_name"] == "Team A");
    }

    [Fact]
    public void A_report_without_drivers_has_the_header_alone()
    {
        var (header, rows) = CsvFile.Read(Write(FormatSamples.Empty()));

        header.Length.ShouldBe(29);
        rows.ShouldBeEmpty();
    }

    [Fact]
    public void A_large_report_has_one_row_per_driver()
    {
        var report = SampleReports.Large();

        var (_, rows) = CsvFile.Read(Write(report));

        rows.Select(r => int.Parse(r["driver_id"], CultureInfo.InvariantCulture)).ShouldBe(report.Drivers.Select(d => d.Id));
        rows[^1]["unsafe_share"].ShouldBe(Number(report.Drivers[^1].UnsafeShare));
        rows[^2]["c_lines"].ShouldBe(Number(report.Drivers[^2].CCodeLines));
    }
}
