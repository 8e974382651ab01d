using System.Text;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using MigrationTracker.Core.Reports;
using MigrationTracker.Core.Reports.Formats;
using MigrationTracker.Testing;

namespace MigrationTracker.Core.Tests.Reports.Formats;

public sealed class MarkdownReportWriterTests
{
    private static MarkdownDoc Write(WeeklyReport report) =>
        new(Encoding.UTF8.GetString(FormatSamples.Render(new MarkdownReportWriter(), report)));

    [Fact]
    public void The_report_opens_with_its_title_and_as_of_line()
    {
        var doc = Write(SampleReports.Small());

        doc.Headings.First().ShouldBe("Driver migration report: Whole organisation, Week 2026-W47 (2026-11-16 to 2026-11-22)");
        doc.Text.ShouldStartWith("# Driver migration report");
        doc.Text.ShouldContain("\n\nFigures as of 2026-11-22 23:59 UTC; change since the week before.\n\n");
        doc.Text.ShouldEndWith("|\n");
        doc.Text.ShouldNotContain("\r");
    }

    [Fact]
    public void The_headline_table_gives_each_figure_now_a_week_earlier_and_its_change()
    {
        var doc = Write(SampleReports.Small());

        var table = doc.Table("Headline figures").ShouldNotBeNull();

        table[0].ShouldBe(["Figure", "Now", "Week earlier", "Change"]);
        table.Count.ShouldBe(12);
        table[1].ShouldBe(["Drivers tracked", "4", "3", "+1"]);
        table[3].ShouldBe(["Rust drivers", "1", "1", "±0"]);
        table[6].ShouldBe(["Rust share of driver code", "25.0%", "20.0%", "+5.0 pts"]);
        table[7].ShouldBe(["C/C++ code lines left to migrate", "3,600", "4,000", "−400"]);
        table[8].ShouldBe(["Median Rust-readiness (C/C++)", "64", "61", "+3"]);
        table[10].ShouldBe(["Builds passing", "50.0%", "100.0%", "−50.0 pts"]);
        table[11].ShouldBe(["Regressions this week", "3", "–", "–"]);
    }

    [Fact]
    public void The_projection_follows_the_headline_figures()
    {
        var doc = Write(SampleReports.Small());

        doc.Section("Headline figures").ShouldBe(
            "Projected completion: 2027-08-30 at 92 C/C++ lines a week. Assumes C/C++ code keeps disappearing at the average pace of the last 12 weeks.");
    }

    [Fact]
    public void Regressions_movers_and_newly_paired_drivers_are_listed()
    {
        var doc = Write(SampleReports.Small());

        var regressions = MarkdownDoc.Rows(doc.Table("Regressions").ShouldNotBeNull());
        regressions.Count.ShouldBe(4);
        regressions[0]["Regression"].ShouldBe("Readiness down");
        regressions[0]["Driver"].ShouldBe("toaster, \"legacy\"");
        regressions[0]["Detail"].ShouldBe("Readiness fell from 52 to 40");
        regressions[3]["Regression"].ShouldBe("New without an owner");

        var movers = MarkdownDoc.Rows(doc.Table("Top movers").ShouldNotBeNull());
        movers.Count.ShouldBe(4);
        movers[2].Values.ShouldBe(["toaster, \"legacy\"", "drivers-legacy", "C/C++ lines removed", "2,000", "1,200", "−800"]);
        movers[3]["Change"].ShouldBe("+200");

        doc.Section("Newly paired with a Rust port").ShouldBe("[em:echo] (drivers-main, 2026-11-17): echo-rs (paired by hand on 2026-11-17)");
        doc.Headings.ShouldNotContain("Newly migrated");
    }

    [Fact]
    public void Sections_without_entries_say_so()
    {
        var doc = Write(FormatSamples.Empty());

        doc.Section("Regressions").ShouldBe("None this week.");
        doc.Section("Top movers").ShouldBe("No driver moved this week.");
        doc.Table("Headline figures").ShouldNotBeNull().Count.ShouldBe(1);
        doc.Table("Drivers").ShouldNotBeNull().Count.ShouldBe(1);
    }

    [Fact]
    public void An_organisation_report_has_a_teams_table()
    {
        var doc = Write(SampleReports.Small());

        var teams = MarkdownDoc.Rows(doc.Table("Teams").ShouldNotBeNull());

        teams.Select(t => t["Team"]).ShouldBe(["Team A", "Team B", "No team"]);
        teams[0].Values.ShouldBe(["Team A", "2", "1", "1", "1", "0", "1,800", "40.0%", "72", "12.5%", "1"]);
        teams[1]["Mean unsafe share"].ShouldBe("–");
    }

    [Fact]
    public void A_team_report_has_no_teams_table()
    {
        var doc = Write(FormatSamples.TeamA());

        doc.Headings.ShouldNotContain("Teams");
        doc.Headings.First().ShouldStartWith("Driver migration report: Team A, ");
        MarkdownDoc.Rows(doc.Table("Drivers").ShouldNotBeNull()).Select(d => d["Driver"]).ShouldBe(["echo", "echo-rs"]);
    }

    [Fact]
    public void A_small_report_lists_its_drivers()
    {
        var doc = Write(SampleReports.Small());

        var drivers = MarkdownDoc.Rows(doc.Table("Drivers").ShouldNotBeNull());

        drivers.Count.ShouldBe(4);
        drivers[0].Values.ShouldBe(["echo", "drivers-main", "Team A", "C", "In progress", "72", "+2", "–", "1,800", "0", "Passing"]);
        drivers[1]["Unsafe share"].ShouldBe("12.5%");
        drivers[1]["Build"].ShouldBe("Failing");
        drivers[2]["Driver"].ShouldBe("toaster, \"legacy\"");
        drivers[2]["Readiness change"].ShouldBe("−12");
        drivers[3]["Team"].ShouldBe("–");
    }

    [Theory]
    [InlineData(50, true)]
    [InlineData(51, false)]
    public void Drivers_are_listed_only_up_to_fifty(int count, bool listed)
    {
        var doc = Write(SampleReports.Large(count, teams: 5));

        if (listed)
        {
            doc.Table("Drivers").ShouldNotBeNull().Count.ShouldBe(count + 1);
        }
        else
        {
            doc.Table("Drivers").ShouldBeNull();
            doc.Section("Drivers").ShouldBe("The report covers 51 drivers, too many to list here: see the XLSX or CSV export for every driver.");
        }
    }

    [Fact]
    public void Regressions_past_fifty_are_counted_not_listed()
    {
        var small = SampleReports.Small();
        var report = small with { Regressions = [.. Enumerable.Repeat(small.Regressions[0], 53)] };

        var doc = Write(report);

        doc.Table("Regressions").ShouldNotBeNull().Count.ShouldBe(51);
        doc.Section("Regressions").ShouldBe("And 3 more: see the XLSX report.");
    }

    [Fact]
    public void Names_cannot_break_a_table_or_turn_into_markup()
    {
        var doc = Write(FormatSamples.Hostile());

        var table = doc.Table("Drivers").ShouldNotBeNull();
        table.ShouldAllBe(row => row.Length == 11);
        var drivers = MarkdownDoc.Rows(table);
        drivers.Count.ShouldBe(8);
        drivers[4]["Driver"].ShouldBe("=HYPERLINK(\"http://evil.example\",\"open\")");
        drivers[5]["Driver"].ShouldBe("pipe | back`tick` <b>bold</b> next line");
        drivers[5]["Team"].ShouldBe("team_a *b*");
        drivers[6]["Driver"].ShouldBe("bellnul end");
        drivers[7]["Driver"].ShouldBe("a_x0041_b & [link](x)");
        MarkdownDoc.Rows(doc.Table("Teams").ShouldNotBeNull())[^1]["Team"].ShouldBe("=1+2 | <i>team</i>");
        doc.Document.Descendants<HtmlInline>().ShouldBeEmpty();
        doc.Document.Descendants<CodeInline>().ShouldBeEmpty();
        doc.Document.Descendants<LinkInline>().ShouldBeEmpty();
    }
}
