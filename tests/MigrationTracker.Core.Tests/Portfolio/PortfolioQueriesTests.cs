using MigrationTracker.Core.Domain;
using MigrationTracker.Core.Portfolio;
using MigrationTracker.Core.Storage;
using MigrationTracker.Testing;

namespace MigrationTracker.Core.Tests.Portfolio;

/// <summary>
/// A hand-built portfolio whose figures are worked out by hand. Now is Wednesday 2026-11-25 12:00 UTC, so a week
/// earlier is 2026-11-18 12:00 and this week starts on Monday 2026-11-23.
/// <list type="bullet">
/// <item>c1 (C): 1000 lines, readiness 40 on 11-10; 800 lines, readiness 60 on 11-24. Paired with rust1.</item>
/// <item>c2 (C++): 1000 lines, readiness 80 on 11-10; 1000 lines, readiness 75 on 11-24.</item>
/// <item>c3 (C): 500 lines, readiness 10 on 11-10; removed on 11-20.</item>
/// <item>rust1 (Rust, first seen 11-20): 200 lines, 50 unsafe on 11-21; 400 lines, 200 unsafe on 11-24.</item>
/// <item>Builds: the repository passed on 11-17 and failed on 11-24; rust1 passed on 11-22.</item>
/// </list>
/// </summary>
public sealed class PortfolioQueriesTests
{
    private static readonly DateTime Now = Utc(2026, 11, 25, 12);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Headlines_count_the_drivers_present_now_and_a_week_earlier()
    {
        await using var storage = await TestStorage.CreateAsync(DatabaseProvider.Sqlite, Cancel);
        await SeedAsync(storage);

        var headlines = await Queries(storage).HeadlinesAsync(Now, Cancel);

        headlines.Repositories.ShouldBe(1);
        headlines.DriversTracked.ShouldBe(new WeeklyFigure(3, 3));
        headlines.CDriversTracked.ShouldBe(new WeeklyFigure(2, 3));
        headlines.RustDriversTracked.ShouldBe(new WeeklyFigure(1, 0));
        headlines.CDriversWithRustPort.ShouldBe(new WeeklyFigure(1, 0));
        headlines.CDriversWithRustPort.Change.ShouldBe(1);
        headlines.DriversFullyMigrated.ShouldBe(new WeeklyFigure(0, 0));
    }

    [Fact]
    public async Task Headlines_measure_code_readiness_unsafe_share_and_builds_from_each_drivers_latest_snapshot()
    {
        await using var storage = await TestStorage.CreateAsync(DatabaseProvider.Sqlite, Cancel);
        await SeedAsync(storage);

        var headlines = await Queries(storage).HeadlinesAsync(Now, Cancel);

        // Now: 400 Rust lines of 800 + 1000 + 400. A week earlier: no Rust among 1000 + 1000 + 500.
        headlines.RustShareOfCode.Now!.Value.ShouldBe(400.0 / 2200, 1e-9);
        headlines.RustShareOfCode.WeekEarlier.ShouldBe(0);
        headlines.MedianReadiness.ShouldBe(new WeeklyFigure(67.5, 40));
        headlines.MedianReadiness.Change.ShouldBe(27.5);
        headlines.MeanUnsafeShare.ShouldBe(new WeeklyFigure(0.5, null));
        headlines.MeanUnsafeShare.Change.ShouldBeNull();

        // Now the repository's latest build failed and rust1's passed; a week earlier the repository's passed.
        headlines.BuildsPassing.ShouldBe(new WeeklyFigure(0.5, 1.0));
        headlines.BuildsPassing.Change.ShouldBe(-0.5);
    }

    [Fact]
    public async Task A_C_driver_retired_after_its_Rust_port_appeared_counts_as_fully_migrated()
    {
        await using var storage = await TestStorage.CreateAsync(DatabaseProvider.Sqlite, Cancel);
        var ids = await SeedAsync(storage);
        await using (var db = storage.CreateDbContext())
        {
            var c1 = await db.Drivers.FindAsync([ids.C1], Cancel);
            c1!.RemovedAt = Utc(2026, 11, 24, 18);
            await db.SaveChangesAsync(Cancel);
        }

        var headlines = await Queries(storage).HeadlinesAsync(Now, Cancel);

        headlines.DriversFullyMigrated.ShouldBe(new WeeklyFigure(1, 0));
        headlines.CDriversTracked.Now.ShouldBe(1);
    }

    [Fact]
    public async Task Trends_carry_each_drivers_last_figures_forward_week_by_week()
    {
        await using var storage = await TestStorage.CreateAsync(DatabaseProvider.Sqlite, Cancel);
        await SeedAsync(storage);

        var points = await Queries(storage).TrendsAsync(Utc(2026, 11, 4, 0), Now, Cancel);

        points.Select(p => p.WeekStart).ShouldBe([new DateOnly(2026, 11, 2), new DateOnly(2026, 11, 9), new DateOnly(2026, 11, 16), new DateOnly(2026, 11, 23)]);

        points[0].CLinesRemaining.ShouldBe(0);
        points[0].RustShareOfCode.ShouldBeNull();

        points[1].CLinesRemaining.ShouldBe(2500);
        (points[1].Ready, points[1].NeedsWork, points[1].Blocked).ShouldBe((1, 1, 1));

        // No C snapshot in the week of 11-16: c1 and c2 keep their 11-10 figures; c3 is gone.
        points[2].CLinesRemaining.ShouldBe(2000);
        points[2].RustShareOfCode!.Value.ShouldBe(200.0 / 2200, 1e-9);
        points[2].MeanUnsafeShare!.Value.ShouldBe(0.25, 1e-9);
        (points[2].Ready, points[2].NeedsWork, points[2].Blocked).ShouldBe((1, 1, 0));

        points[3].CLinesRemaining.ShouldBe(1800);
        points[3].RustShareOfCode!.Value.ShouldBe(400.0 / 2200, 1e-9);
        points[3].MeanUnsafeShare!.Value.ShouldBe(0.5, 1e-9);
    }

    [Fact]
    public async Task Regressions_list_readiness_down_unsafe_share_up_and_builds_broken_this_week()
    {
        await using var storage = await TestStorage.CreateAsync(DatabaseProvider.Sqlite, Cancel);
        var ids = await SeedAsync(storage);

        var regressions = await Queries(storage).RegressionsAsync(Now, Cancel);

        regressions.WeekStart.ShouldBe(new DateOnly(2026, 11, 23));
        regressions.ReadinessDown.ShouldBe([new DriverRegression(ids.C2, "c2", "drivers", 80, 75)]);
        regressions.UnsafeShareUp.ShouldBe([new DriverRegression(ids.Rust1, "rust1", "drivers", 0.25, 0.5)]);
        var broken = regressions.BuildsBroken.ShouldHaveSingleItem();
        broken.DriverId.ShouldBeNull();
        broken.FailedAt.ShouldBe(Utc(2026, 11, 24, 9));
    }

    [Fact]
    public async Task An_empty_database_has_no_figures_and_no_regressions()
    {
        await using var storage = await TestStorage.CreateAsync(DatabaseProvider.Sqlite, Cancel);
        var queries = Queries(storage);

        var headlines = await queries.HeadlinesAsync(Now, Cancel);
        var regressions = await queries.RegressionsAsync(Now, Cancel);
        var projection = await queries.ProjectionAsync(Cancel);

        headlines.Repositories.ShouldBe(0);
        headlines.RustShareOfCode.ShouldBe(new WeeklyFigure(null, null));
        headlines.BuildsPassing.ShouldBe(new WeeklyFigure(null, null));
        regressions.Count.ShouldBe(0);
        projection.CompletionDate.ShouldBeNull();
        projection.Reason.ShouldNotBeNull();
    }

    internal static PortfolioQueries Queries(TestStorage storage, DateTime? now = null) => new(storage, new FixedTime(now ?? Now));

    internal static DateTime Utc(int year, int month, int day, int hour) => new(year, month, day, hour, 0, 0, DateTimeKind.Utc);

    private static async Task<(int C1, int C2, int C3, int Rust1)> SeedAsync(TestStorage storage)
    {
        await using var db = storage.CreateDbContext();
        var repository = new Repository { Name = "drivers", Location = "/srv/drivers", Kind = RepositoryKind.LocalPath };
        db.Repositories.Add(repository);
        await db.SaveChangesAsync(Cancel);

        var c1 = Driver(repository, "c1", DriverLanguage.C, Utc(2026, 10, 1, 0));
        var c2 = Driver(repository, "c2", DriverLanguage.Cpp, Utc(2026, 10, 1, 0));
        var c3 = Driver(repository, "c3", DriverLanguage.C, Utc(2026, 10, 1, 0));
        c3.RemovedAt = Utc(2026, 11, 20, 0);
        var rust1 = Driver(repository, "rust1", DriverLanguage.Rust, Utc(2026, 11, 20, 0));
        db.Drivers.AddRange(c1, c2, c3, rust1);
        await db.SaveChangesAsync(Cancel);
        c1.CounterpartId = rust1.Id;
        rust1.CounterpartId = c1.Id;

        db.Snapshots.AddRange(
            CSnapshot(c1, "a", Utc(2026, 11, 10, 10), c: 800, header: 200, readiness: 40, band: ReadinessBand.NeedsWork),
            CSnapshot(c1, "b", Utc(2026, 11, 24, 10), c: 600, header: 200, readiness: 60, band: ReadinessBand.NeedsWork),
            CSnapshot(c2, "a", Utc(2026, 11, 10, 10), cpp: 1000, readiness: 80, band: ReadinessBand.Ready),
            CSnapshot(c2, "b", Utc(2026, 11, 24, 10), cpp: 1000, readiness: 75, band: ReadinessBand.Ready),
            CSnapshot(c3, "a", Utc(2026, 11, 10, 10), c: 500, readiness: 10, band: ReadinessBand.Blocked),
            RustSnapshot(rust1, "r1", Utc(2026, 11, 21, 10), rust: 200, unsafeLines: 50),
            RustSnapshot(rust1, "r2", Utc(2026, 11, 24, 10), rust: 400, unsafeLines: 200));
        db.BuildResults.AddRange(
            Build(repository, null, "1", Utc(2026, 11, 17, 9), BuildStatus.Succeeded),
            Build(repository, null, "2", Utc(2026, 11, 24, 9), BuildStatus.Failed),
            Build(repository, rust1, "3", Utc(2026, 11, 22, 9), BuildStatus.Succeeded),
            Build(repository, null, "4", Utc(2026, 11, 23, 9), BuildStatus.Cancelled));
        await db.SaveChangesAsync(Cancel);
        return (c1.Id, c2.Id, c3.Id, rust1.Id);
    }

    internal static Driver Driver(Repository repository, string name, DriverLanguage language, DateTime firstSeen) => new()
    {
        RepositoryId = repository.Id,
        Name = name,
        ProjectPath = $"{name}/{name}.vcxproj",
        Language = language,
        FirstSeenAt = firstSeen,
    };

    internal static Snapshot CSnapshot(Driver driver, string commit, DateTime time, int c = 0, int cpp = 0, int header = 0, double readiness = 50, ReadinessBand band = ReadinessBand.NeedsWork) => new()
    {
        DriverId = driver.Id,
        CommitId = commit,
        CommitTime = time,
        CCodeLines = c,
        CppCodeLines = cpp,
        HeaderCodeLines = header,
        ReadinessScore = readiness,
        ReadinessBand = band,
        MetricsJson = "{}",
    };

    private static Snapshot RustSnapshot(Driver driver, string commit, DateTime time, int rust, int unsafeLines) => new()
    {
        DriverId = driver.Id,
        CommitId = commit,
        CommitTime = time,
        RustCodeLines = rust,
        UnsafeLines = unsafeLines,
        UnsafeShare = unsafeLines / (double)rust,
        MetricsJson = "{}",
    };

    private static BuildResult Build(Repository repository, Driver? driver, string id, DateTime completed, BuildStatus status) => new()
    {
        RepositoryId = repository.Id,
        DriverId = driver?.Id,
        CommitId = "abc",
        ExternalId = id,
        Status = status,
        CompletedAt = completed,
        ReceivedAt = completed,
    };
}
