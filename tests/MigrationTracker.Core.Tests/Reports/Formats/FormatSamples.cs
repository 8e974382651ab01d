using MigrationTracker.Core.Reports;
using MigrationTracker.Testing;

namespace MigrationTracker.Core.Tests.Reports.Formats;

/// <summary>Variants of <see cref="SampleReports"/> for the format writers' tests.</summary>
internal static class FormatSamples
{
    /// <summary>
    /// <see cref="SampleReports.Small"/> plus four drivers and a team whose text a spreadsheet could run as a formula,
    /// Markdown could read as markup, Excel could read as an escape, or XML cannot hold at all.
    /// </summary>
    public static WeeklyReport Hostile()
    {
        var small = SampleReports.Small();
        var echo = small.Drivers[0];
        ReportDriver[] hostile =
        [
            echo with { Id = 5, Name = "=HYPERLINK(\"http://evil.example\",\"open\")", Repository = "+repo", Team = "-ops", CommitId = "@deadbeef" },
            echo with { Id = 6, Name = "pipe | back`tick` <b>bold</b>\r\nnext line", Repository = "\ttabbed", Team = "team_a *b*" },
            echo with { Id = 7, Name = "bell\u0007nul\u0001 end\uFFFF", Stage = " padded " },
            echo with { Id = 8, Name = "a_x0041_b & [link](x)", Counterpart = "\rcr" },
        ];
        ReportTeam formulaTeam = small.Teams[0] with { Name = "=1+2 | <i>team</i>", Slug = "formula" };
        return small with { Drivers = [.. small.Drivers, .. hostile], Teams = [.. small.Teams, formulaTeam] };
    }

    /// <summary>A team's report: the Small organisation report narrowed to Team A's scope.</summary>
    public static WeeklyReport TeamA() => SampleReports.Small() with
    {
        Scope = "team-a",
        ScopeName = "Team A",
        Drivers = [.. SampleReports.Small().Drivers.Where(d => d.Team == "Team A")],
        Teams = [SampleReports.Small().Teams[0]],
    };

    public static WeeklyReport Empty() => SampleReports.Small() with
    {
        Headlines = [],
        Drivers = [],
        Teams = [],
        TopMovers = [],
        Regressions = [],
        NewlyPaired = [],
        NewlyMigrated = [],
        Trend = [],
    };

    public static byte[] Render(IReportWriter writer, WeeklyReport report)
    {
        using var output = new MemoryStream();
        writer.Write(report, output);
        return output.ToArray();
    }
}
