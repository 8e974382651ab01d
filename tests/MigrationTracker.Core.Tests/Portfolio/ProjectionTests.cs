using MigrationTracker.Core.Domain;
using MigrationTracker.Core.Storage;
using MigrationTracker.Testing;
using static MigrationTracker.Core.Tests.Portfolio.PortfolioQueriesTests;

namespace MigrationTracker.Core.Tests.Portfolio;

public sealed class ProjectionTests
{
    // The last tick of Sunday 2026-11-29: the current week is complete, so every trend point ends a whole week.
    private static readonly DateTime Now = new DateTime(2026, 11, 30, 0, 0, 0, DateTimeKind.Utc).AddTicks(-1);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_steady_burn_down_is_extended_from_todays_remaining_lines()
    {
        await using var storage = await TestStorage.CreateAsync(DatabaseProvider.Sqlite, Cancel);
        // 1,000 lines fewer each week for 16 weeks, ending at 8,000 lines this week.
        await SeedWeeklyAsync(storage, week => 8_000 + (1_000 * week));

        var projection = await Queries(storage, Now).ProjectionAsync(Cancel);

        projection.Reason.ShouldBeNull();
        projection.LinesPerWeek.ShouldBe(1_000, 0.01);
        projection.CLinesRemaining.ShouldBe(8_000);
        // 8,000 lines at 1,000 a week: eight weeks after Sunday 2026-11-29.
        projection.CompletionDate.ShouldBe(new DateOnly(2027, 1, 24));
        projection.Assumption.ShouldContain("12 weeks");
    }

    [Fact]
    public async Task A_flat_burn_down_gives_no_date_and_says_why()
    {
        await using var storage = await TestStorage.CreateAsync(DatabaseProvider.Sqlite, Cancel);
        await SeedWeeklyAsync(storage, _ => 5_000);

        var projection = await Queries(storage, Now).ProjectionAsync(Cancel);

        projection.CompletionDate.ShouldBeNull();
        projection.Reason.ShouldNotBeNull().ShouldContain("flat or rising");
    }

    /// <summary>One C driver with a snapshot each Monday noon; <paramref name="linesWeeksAgo"/> gives its lines that many weeks back.</summary>
    private static async Task SeedWeeklyAsync(TestStorage storage, Func<int, int> linesWeeksAgo)
    {
        await using var db = storage.CreateDbContext();
        var repository = new Repository { Name = "drivers", Location = "/srv/drivers", Kind = RepositoryKind.LocalPath };
        db.Repositories.Add(repository);
        await db.SaveChangesAsync(Cancel);
        var driver = Driver(repository, "c1", DriverLanguage.C, Utc(2026, 1, 1, 0));
        db.Drivers.Add(driver);
        await db.SaveChangesAsync(Cancel);

        var thisMonday = new DateTime(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc);
        for (var weeksAgo = 0; weeksAgo < 16; weeksAgo++)
        {
            db.Snapshots.Add(CSnapshot(driver, $"w{weeksAgo}", thisMonday.AddDays(-7 * weeksAgo), c: linesWeeksAgo(weeksAgo)));
        }

        await db.SaveChangesAsync(Cancel);
    }
}
