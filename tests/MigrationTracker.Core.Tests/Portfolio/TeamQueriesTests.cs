using MigrationTracker.Core.Domain;
using MigrationTracker.Core.Portfolio;
using MigrationTracker.Core.Storage;
using MigrationTracker.Testing;

namespace MigrationTracker.Core.Tests.Portfolio;

public sealed class TeamQueriesTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_team_rolls_up_its_drivers_newest_figures()
    {
        await using var storage = await TestStorage.CreateAsync(DatabaseProvider.Sqlite, Cancel);
        await using (var context = storage.CreateDbContext())
        {
            var team = new Team { Name = "Storage", Slug = "storage" };
            var repository = new Repository { Name = "drivers", Kind = RepositoryKind.LocalPath, Location = "/srv/git/drivers.git" };
            var time = new DateTime(2026, 11, 2, 0, 0, 0, DateTimeKind.Utc);
            Driver C(string name) => new() { Repository = repository, Team = team, Name = name, ProjectPath = $"{name}/{name}.vcxproj", Language = DriverLanguage.C };
            var a = C("a");
            var b = C("b");
            var c = C("c");
            var port = new Driver { Repository = repository, Team = team, Name = "a-rs", ProjectPath = "rust/a/Cargo.toml", Language = DriverLanguage.Rust, Stage = MigrationStage.Migrated };
            var loner = new Driver { Repository = repository, Name = "loner", ProjectPath = "x/x.vcxproj", Language = DriverLanguage.C };
            context.AddRange(a, b, c, port, loner);
            await context.SaveChangesAsync(Cancel);
            a.CounterpartId = port.Id;
            Snapshot S(Driver d, int week, double? readiness, int cLines, int rustLines = 0, double? unsafeShare = null) => new()
            {
                DriverId = d.Id, CommitId = $"c{week}", CommitTime = time.AddDays(7 * week), CCodeLines = cLines, RustCodeLines = rustLines,
                ReadinessScore = readiness, UnsafeShare = unsafeShare, MetricsJson = "{}",
            };
            context.Snapshots.AddRange(
                S(a, 0, 10, 5000), S(a, 1, 30, 4000),
                S(b, 1, 50, 1000),
                S(c, 1, 90, 500),
                S(port, 1, null, 0, 1500, 0.3),
                S(loner, 1, 70, 100));
            await context.SaveChangesAsync(Cancel);
        }

        var rollups = await new TeamQueries(storage).RollupsAsync(Cancel);

        rollups.Select(r => r.Team).ShouldBe(["Storage", "No team"]);
        var storageTeam = rollups[0];
        storageTeam.CDrivers.ShouldBe(3);
        storageTeam.RustDrivers.ShouldBe(1);
        storageTeam.CDriversWithPort.ShouldBe(1);
        storageTeam.Migrated.ShouldBe(1);
        storageTeam.CCodeLines.ShouldBe(4000 + 1000 + 500, "newest snapshots only");
        storageTeam.RustCodeLines.ShouldBe(1500);
        storageTeam.RustShare!.Value.ShouldBe(1500.0 / 7000, 1e-12);
        storageTeam.MedianReadiness.ShouldBe(50, "the median of 30, 50 and 90");
        storageTeam.MeanUnsafeShare.ShouldBe(0.3);
        rollups[1].CDrivers.ShouldBe(1);
    }

    [Theory]
    [InlineData(new double[0], null)]
    [InlineData(new[] { 7.0 }, 7.0)]
    [InlineData(new[] { 9.0, 1.0, 5.0 }, 5.0)]
    [InlineData(new[] { 4.0, 1.0, 3.0, 2.0 }, 2.5)]
    public void The_median_is_the_middle_value_or_the_mean_of_the_two_middle_ones(double[] values, double? expected)
    {
        TeamQueries.Median(values).ShouldBe(expected);
    }
}
