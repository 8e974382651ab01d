using MigrationTracker.Core.Portfolio;
using MigrationTracker.Core.Reports;

namespace MigrationTracker.Testing;

/// <summary>Report models written out by hand (small) or generated (large), for the format writers' and delivery tests.</summary>
public static class SampleReports
{
    public static readonly DateOnly Week = new(2026, 11, 16);

    /// <summary>Two teams, four drivers (a C driver and its port in team A, a C driver without team data, a new unowned driver).</summary>
    public static WeeklyReport Small() => new(
        WeeklyReport.CurrentFormatVersion,
        Week,
        new DateTime(2026, 11, 22, 23, 59, 59, DateTimeKind.Utc),
        new DateTime(2026, 11, 23, 7, 0, 0, DateTimeKind.Utc),
        WeeklyReport.OrganisationScope,
        "Whole organisation",
        [
            new("drivers", "Drivers tracked", FigureUnit.Count, 4, 3),
            new("c_drivers", "C/C++ drivers", FigureUnit.Count, 3, 2),
            new("rust_drivers", "Rust drivers", FigureUnit.Count, 1, 1),
            new("c_with_port", "C/C++ drivers with a Rust port", FigureUnit.Count, 1, 1),
            new("migrated", "Drivers fully migrated", FigureUnit.Count, 0, 0),
            new("rust_share", "Rust share of driver code", FigureUnit.Share, 0.25, 0.2),
            new("c_lines", "C/C++ code lines left to migrate", FigureUnit.Lines, 3600, 4000),
            new("median_readiness", "Median Rust-readiness (C/C++)", FigureUnit.Score, 64, 61),
            new("mean_unsafe", "Mean unsafe share (Rust)", FigureUnit.Share, 0.125, 0.1),
            new("builds_passing", "Builds passing", FigureUnit.Share, 0.5, 1),
            new("regressions", "Regressions this week", FigureUnit.Count, 3, null),
        ],
        [
            new(1, "echo", "drivers-main", "Team A", "C", "KMDF", "In progress", "echo-rs", new(2025, 1, 6), "a1b2c3d4e5f6",
                72, 70, "Ready", null, null, 1800, 2000, 0, 0, BuildHealth.Passing, BuildHealth.Passing),
            new(2, "echo-rs", "drivers-main", "Team A", "Rust", "KMDF", "In progress", "echo", new(2026, 3, 2), "a1b2c3d4e5f6",
                null, null, null, 0.125, 0.1, 0, 0, 1200, 1000, BuildHealth.Failing, BuildHealth.Passing),
            new(3, "toaster, \"legacy\"", "drivers-legacy", "Team B", "C++", "WDM", "Not started", null, new(2024, 6, 3), "0f0e0d0c0b0a",
                40, 52, "Blocked", null, null, 1200, 2000, 0, 0, BuildHealth.Unknown, BuildHealth.Unknown),
            new(4, "newcomer", "drivers-legacy", null, "C", "Unknown", "Not started", null, new(2026, 11, 18), "0f0e0d0c0b0a",
                64, null, "Needs work", null, null, 600, null, 0, null, BuildHealth.Unknown, BuildHealth.Unknown),
        ],
        [
            new("Team A", "team-a", 2, 1, 1, 1, 0, 1800, 1200, 0.4, 72, 0.125, 1),
            new("Team B", "team-b", 1, 1, 0, 0, 0, 1200, 0, 0, 40, null, 1),
            new("No team", null, 1, 1, 0, 0, 0, 600, 0, 0, 64, null, 1),
        ],
        [
            new(3, "toaster, \"legacy\"", "drivers-legacy", "Readiness", FigureUnit.Score, 52, 40),
            new(1, "echo", "drivers-main", "Readiness", FigureUnit.Score, 70, 72),
            new(3, "toaster, \"legacy\"", "drivers-legacy", "C/C++ lines removed", FigureUnit.Lines, 2000, 1200),
            new(2, "echo-rs", "drivers-main", "Rust lines added", FigureUnit.Lines, 1000, 1200),
        ],
        [
            new(RegressionKind.ReadinessDown, 3, "toaster, \"legacy\"", "drivers-legacy", 52, 40, null, "Readiness fell from 52 to 40"),
            new(RegressionKind.UnsafeShareUp, 2, "echo-rs", "drivers-main", 0.1, 0.125, null, "Unsafe share rose from 10.0% to 12.5%"),
            new(RegressionKind.BuildBroken, 2, "echo-rs", "drivers-main", null, null, new DateTime(2026, 11, 19, 10, 30, 0, DateTimeKind.Utc),
                "Build 'ci' failed on 2026-11-19 after passing before"),
            new(RegressionKind.NewWithoutOwner, 4, "newcomer", "drivers-legacy", null, null, new DateTime(2026, 11, 18, 9, 0, 0, DateTimeKind.Utc),
                "New driver first seen on 2026-11-18 with no team: assign an owner"),
        ],
        [new(1, "echo", "drivers-main", "echo-rs", new(2026, 11, 17), "echo-rs (paired by hand on 2026-11-17)")],
        [],
        [.. Enumerable.Range(0, 26).Select(i => new TrendPoint(
            Week.AddDays(-7 * (25 - i)), 0.05 + (i * 0.008), 6000 - (i * 92), i < 5 ? null : 0.1 + (i * 0.001), 1, 1 + (i % 2), 1))],
        new CompletionProjection(new DateOnly(2027, 8, 30), 92, 3600, "Assumes C/C++ code keeps disappearing at the average pace of the last 12 weeks.", null));

    /// <summary>The same figures as a team's report.</summary>
    public static WeeklyReport ForTeam(string slug, string name) => Small() with { Scope = slug, ScopeName = name };

    /// <summary>A generated organisation report: <paramref name="drivers"/> drivers in <paramref name="teams"/> teams.</summary>
    public static WeeklyReport Large(int drivers = 2000, int teams = 30)
    {
        var small = Small();
        var random = new Random(7);
        var rows = Enumerable.Range(1, drivers).Select(i =>
        {
            var rust = i % 4 == 0;
            var c = rust ? 0 : random.Next(500, 40_000);
            var r = rust ? random.Next(500, 20_000) : 0;
            return new ReportDriver(i, $"driver-{i:0000}", $"repo-{i % 40:00}", $"Team {i % teams:00}", rust ? "Rust" : "C", "KMDF",
                rust ? "In progress" : "Not started", null, new DateOnly(2025, 1, 6), "a1b2c3d4e5f6",
                rust ? null : random.Next(10, 100), rust ? null : random.Next(10, 100), rust ? null : "Needs work",
                rust ? random.NextDouble() / 3 : null, rust ? random.NextDouble() / 3 : null,
                c, c + random.Next(0, 200), r, Math.Max(0, r - random.Next(0, 200)), BuildHealth.Passing, BuildHealth.Passing);
        }).ToList();
        var teamRows = Enumerable.Range(0, teams).Select(t => new ReportTeam($"Team {t:00}", $"team-{t:00}", drivers / teams, drivers / teams * 3 / 4,
            drivers / teams / 4, 3, 1, 300_000, 40_000, 0.12, 55, 0.2, 2)).ToList();
        return small with { Drivers = rows, Teams = teamRows };
    }
}
