using System.Text.Json.Nodes;
using MigrationTracker.Core.Domain;
using MigrationTracker.Core.Portfolio;
using MigrationTracker.Core.Reports;
using MigrationTracker.Core.Storage;
using MigrationTracker.Core.Tests.Portfolio;
using MigrationTracker.Core.Tests.Storage;
using MigrationTracker.Testing;
using static MigrationTracker.Core.Tests.Reports.ReportPortfolio;

namespace MigrationTracker.Core.Tests.Reports;

/// <summary>
/// Reports for week 2026-W47 of <see cref="ReportPortfolio"/>, built on Wednesday 2026-11-25 unless a test says otherwise.
/// "Now" in the comments is the end of the week (Sunday 2026-11-22 24:00 UTC), "before" the end of the week before.
/// </summary>
public sealed class WeeklyReportBuilderTests
{
    private const double Tolerance = 1e-9;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(StorageProviders.All), MemberType = typeof(StorageProviders))]
    public async Task The_organisation_headlines_stand_at_the_end_of_the_week_and_of_the_week_before(DatabaseProvider provider)
    {
        await using var storage = await TestStorage.CreateAsync(provider, Cancel);
        await SeedAsync(storage, changesByHand: true, Cancel);

        var report = await Builder(storage).BuildAsync(Week, WeeklyReport.OrganisationScope, Cancel);

        report.WeekStart.ShouldBe(Week);
        report.AsOf.ShouldBe(WeekEnd);
        report.Scope.ShouldBe("");
        report.ScopeName.ShouldBe("Whole organisation");
        report.Headlines.Select(h => h.Key).ShouldBe(
            ["drivers", "c_drivers", "rust_drivers", "c_with_port", "migrated", "rust_share", "c_lines", "median_readiness", "mean_unsafe", "builds_passing", "regressions"]);

        // Now: disk, cache, cache-rs (first seen 11-20), nic, nic-rs, wifi-rs, usbhub (11-18); wifi was removed on 11-19.
        // Before: disk, cache, nic, nic-rs, wifi, wifi-rs.
        ShouldBe(report, "drivers", 7, 6);
        ShouldBe(report, "c_drivers", 4, 4);
        ShouldBe(report, "rust_drivers", 3, 2);

        // Now: cache (cache-rs appeared 11-20) and nic (paired by hand 11-18); wifi is gone. Before: only wifi had its port.
        ShouldBe(report, "c_with_port", 2, 1);

        // Now: nic (marked Migrated 11-18) and wifi (retired 11-19 beside wifi-rs). Before: nic was still In progress.
        ShouldBe(report, "migrated", 2, 0);

        // Now: Rust 400 + 600 + 2600 = 3600 lines, C 1200 + 1000 + 2500 + 700 = 5400 → 3600 of 9000.
        // Before: Rust 500 + 2000 = 2500 lines, C 1800 + 1000 + 3000 + 1500 = 7300 → 2500 of 9800.
        ShouldBe(report, "rust_share", 3600.0 / 9000, 2500.0 / 9800);
        ShouldBe(report, "c_lines", 5400, 7300);

        // Now: 40, 45, 62, 70 → (45 + 62) / 2. Before: 30, 55, 60, 80 → (55 + 60) / 2.
        ShouldBe(report, "median_readiness", 53.5, 57.5);

        // Now: (0.25 + 0.2 + 0.1) / 3. Before: (0.1 + 0.1) / 2.
        ShouldBe(report, "mean_unsafe", 0.55 / 3, 0.1);

        // Latest build of each repository and driver build in the 7 days to now: storage-drivers failed (11-18),
        // nic-rs passed (11-19), driver-tools passed (11-20) → 2 of 3. Before: storage-drivers passed (11-13),
        // disk passed (11-14), nic-rs failed (11-10), driver-tools failed (11-12) → 2 of 4.
        ShouldBe(report, "builds_passing", 2.0 / 3, 0.5);

        // cache readiness down, nic-rs unsafe share up, storage-drivers build broken, usbhub new without a team.
        ShouldBe(report, "regressions", 4, null);
    }

    [Fact]
    public async Task Driver_rows_show_each_drivers_figures_at_the_end_of_the_week_and_of_the_week_before()
    {
        await using var storage = await TestStorage.CreateAsync(DatabaseProvider.Sqlite, Cancel);
        var ids = await SeedAsync(storage, changesByHand: true, Cancel);

        var report = await Builder(storage).BuildAsync(Week, WeeklyReport.OrganisationScope, Cancel);

        // By name; wifi was removed in the week, so it has no row.
        report.Drivers.Select(d => d.Name).ShouldBe(["cache", "cache-rs", "disk", "nic", "nic-rs", "usbhub", "wifi-rs"]);
        var rows = report.Drivers.ToDictionary(d => d.Name);

        // disk's snapshot of 11-24 is after the week. Its own build (passed 11-14) outweighs the repository's failure of 11-18.
        rows["disk"].ShouldBe(new ReportDriver(
            ids.Disk, "disk", "storage-drivers", "Storage", "C", "KMDF", "In progress", null, new DateOnly(2026, 10, 1), "disk-c",
            70, 55, "Ready", null, null, 1200, 1800, 0, 0, BuildHealth.Passing, BuildHealth.Passing));
        rows["disk"].ReadinessChange.ShouldBe(15);
        rows["disk"].CCodeLinesChange.ShouldBe(-600);

        // No build of its own: the repository's build passed on 11-13 and failed on 11-18.
        rows["cache"].ShouldBe(new ReportDriver(
            ids.Cache, "cache", "storage-drivers", "Storage", "C++", "WDM", "Planned", "cache-rs", new DateOnly(2026, 10, 1), "cache-b",
            62, 80, "Needs work", null, null, 1000, 1000, 0, 0, BuildHealth.Failing, BuildHealth.Passing));

        // First seen in the week: nothing to compare with.
        var cacheRs = rows["cache-rs"];
        (cacheRs.Language, cacheRs.Counterpart, cacheRs.FirstSeen, cacheRs.Band).ShouldBe(("Rust", "cache", new DateOnly(2026, 11, 20), null));
        (cacheRs.UnsafeShare, cacheRs.UnsafeShareBefore, cacheRs.RustCodeLines, cacheRs.RustCodeLinesBefore).ShouldBe((0.25, null, 400, null));
        cacheRs.Build.ShouldBe(BuildHealth.Failing);

        // Stage and pairing as alice set them on 11-18; the net-drivers repository has no build.
        rows["nic"].ShouldBe(new ReportDriver(
            ids.Nic, "nic", "net-drivers", "Network", "C", "KMDF", "Migrated", "nic-rs", new DateOnly(2026, 10, 1), "nic-b",
            40, 30, "Blocked", null, null, 2500, 3000, 0, 0, BuildHealth.Unknown, BuildHealth.Unknown));

        // Its own build failed on 11-10 and passed on 11-19.
        rows["nic-rs"].ShouldBe(new ReportDriver(
            ids.NicRs, "nic-rs", "net-drivers", "Network", "Rust", "KMDF", "Not started", "nic", new DateOnly(2026, 11, 2), "nic-rs-b",
            null, null, null, 0.2, 0.1, 0, 0, 600, 500, BuildHealth.Passing, BuildHealth.Failing));

        rows["usbhub"].ShouldBe(new ReportDriver(
            ids.UsbHub, "usbhub", "net-drivers", null, "C", "KMDF", "Not started", null, new DateOnly(2026, 11, 18), "usbhub-a",
            45, null, "Needs work", null, null, 700, null, 0, null, BuildHealth.Unknown, BuildHealth.Unknown));

        // Its C original is gone, but it existed during the week.
        rows["wifi-rs"].ShouldBe(new ReportDriver(
            ids.WifiRs, "wifi-rs", "net-drivers", "Network", "Rust", "KMDF", "Not started", "wifi", new DateOnly(2026, 10, 20), "wifi-rs-b",
            null, null, null, 0.1, 0.1, 0, 0, 2600, 2000, BuildHealth.Unknown, BuildHealth.Unknown));
    }

    [Fact]
    public async Task A_team_report_covers_only_that_teams_drivers()
    {
        await using var storage = await TestStorage.CreateAsync(DatabaseProvider.Sqlite, Cancel);
        var ids = await SeedAsync(storage, changesByHand: true, Cancel);

        var report = await Builder(storage).BuildAsync(Week, "storage", Cancel);

        report.Scope.ShouldBe("storage");
        report.ScopeName.ShouldBe("Storage");
        report.Drivers.Select(d => d.Id).ShouldBe([ids.Cache, ids.CacheRs, ids.Disk]);
        report.Teams.Select(t => t.Name).ShouldBe(["Storage"]);

        // Now: disk, cache, cache-rs. Before: disk, cache.
        ShouldBe(report, "drivers", 3, 2);
        ShouldBe(report, "c_drivers", 2, 2);
        ShouldBe(report, "rust_drivers", 1, 0);
        ShouldBe(report, "c_with_port", 1, 0);
        ShouldBe(report, "migrated", 0, 0);

        // Now: Rust 400 of 400 + 1200 + 1000. Before: no Rust, C 1800 + 1000.
        ShouldBe(report, "rust_share", 400.0 / 2600, 0);
        ShouldBe(report, "c_lines", 2200, 2800);
        ShouldBe(report, "median_readiness", (62 + 70) / 2.0, (55 + 80) / 2.0);
        ShouldBe(report, "mean_unsafe", 0.25, null);

        // The storage-drivers build and disk's own: now the repository's failed (disk's passed before the 7 days);
        // before both passed.
        ShouldBe(report, "builds_passing", 0, 1);

        // cache's readiness fell and the storage-drivers build broke.
        report.Regressions.Select(r => r.Kind).ShouldBe([RegressionKind.ReadinessDown, RegressionKind.BuildBroken]);
        ShouldBe(report, "regressions", 2, null);

        report.NewlyPaired.Select(e => e.Driver).ShouldBe(["cache"]);
        report.NewlyMigrated.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_team_rows_of_the_organisation_report_add_up_to_its_figures()
    {
        await using var storage = await TestStorage.CreateAsync(DatabaseProvider.Sqlite, Cancel);
        await SeedAsync(storage, changesByHand: true, Cancel);

        var report = await Builder(storage).BuildAsync(Week, WeeklyReport.OrganisationScope, Cancel);

        report.Teams.Select(t => t.Name).ShouldBe(["Network", "Storage", "No team"]);
        var (network, storageTeam, noTeam) = (report.Teams[0], report.Teams[1], report.Teams[2]);

        // Network: nic, nic-rs, wifi-rs; wifi (retired beside its port) counts as migrated with nic. Mean unsafe (0.2 + 0.1) / 2.
        network.MeanUnsafeShare!.Value.ShouldBe(0.15, Tolerance);
        (network with { MeanUnsafeShare = null }).ShouldBe(new ReportTeam("Network", "network", 3, 1, 2, 1, 2, 2500, 3200, 3200 / 5700.0, 40, null, 1));

        // Storage: disk, cache, cache-rs. Median readiness (62 + 70) / 2.
        storageTeam.ShouldBe(new ReportTeam("Storage", "storage", 3, 2, 1, 1, 0, 2200, 400, 400 / 2600.0, 66, 0.25, 1));

        // No team: usbhub.
        noTeam.ShouldBe(new ReportTeam("No team", null, 1, 1, 0, 0, 0, 700, 0, 0, 45, null, 1));

        ((double)report.Teams.Sum(t => t.Drivers)).ShouldBe(NowOf(report, "drivers"));
        ((double)report.Teams.Sum(t => t.CDrivers)).ShouldBe(NowOf(report, "c_drivers"));
        ((double)report.Teams.Sum(t => t.RustDrivers)).ShouldBe(NowOf(report, "rust_drivers"));
        ((double)report.Teams.Sum(t => t.CDriversWithPort)).ShouldBe(NowOf(report, "c_with_port"));
        ((double)report.Teams.Sum(t => t.Migrated)).ShouldBe(NowOf(report, "migrated"));
        ((double)report.Teams.Sum(t => t.CCodeLines)).ShouldBe(NowOf(report, "c_lines"));
        var rust = report.Teams.Sum(t => t.RustCodeLines);
        (rust / (double)(rust + report.Teams.Sum(t => t.CCodeLines))).ShouldBe(NowOf(report, "rust_share"), Tolerance);
    }

    [Fact]
    public async Task Each_team_report_agrees_with_its_row_in_the_organisation_report()
    {
        await using var storage = await TestStorage.CreateAsync(DatabaseProvider.Sqlite, Cancel);
        await SeedAsync(storage, changesByHand: true, Cancel);

        var reports = await Builder(storage).BuildAllAsync(Week, Cancel);

        reports.Select(r => r.Scope).ShouldBe(["", "network", "storage"]);
        foreach (var team in reports.Skip(1))
        {
            var row = reports[0].Teams.Single(t => t.Slug == team.Scope);
            team.Teams.ShouldHaveSingleItem().ShouldBe(row);
            (NowOf(team, "drivers"), NowOf(team, "c_drivers"), NowOf(team, "rust_drivers")).ShouldBe((row.Drivers, row.CDrivers, row.RustDrivers), team.Scope);
            (NowOf(team, "c_with_port"), NowOf(team, "migrated"), NowOf(team, "c_lines")).ShouldBe((row.CDriversWithPort, row.Migrated, (double)row.CCodeLines), team.Scope);
        }
    }

    [Fact]
    public async Task An_unknown_team_is_refused_with_a_message_naming_it()
    {
        await using var storage = await TestStorage.CreateAsync(DatabaseProvider.Sqlite, Cancel);
        await SeedAsync(storage, changesByHand: true, Cancel);

        var error = await Should.ThrowAsync<UnknownScopeException>(() => Builder(storage).BuildAsync(Week, "graphics", Cancel));

        error.Scope.ShouldBe("graphics");
        error.Message.ShouldContain("'graphics'");
    }

    [Fact]
    public async Task Regressions_list_readiness_down_unsafe_share_up_broken_builds_and_new_drivers_without_a_team()
    {
        await using var storage = await TestStorage.CreateAsync(DatabaseProvider.Sqlite, Cancel);
        var ids = await SeedAsync(storage, changesByHand: true, Cancel);

        var report = await Builder(storage).BuildAsync(Week, WeeklyReport.OrganisationScope, Cancel);

        // cache-rs is new too, but Storage owns it: not a regression. disk's readiness rose; wifi-rs's unsafe share held;
        // nic-rs's build was fixed; driver-tools failed before the week and passed in it.
        report.Regressions.ShouldBe([
            new ReportRegression(RegressionKind.ReadinessDown, ids.Cache, "cache", "storage-drivers", 80, 62, null, "Readiness fell from 80 to 62"),
            new ReportRegression(RegressionKind.UnsafeShareUp, ids.NicRs, "nic-rs", "net-drivers", 0.1, 0.2, null, "Unsafe share rose from 10.0% to 20.0%"),
            new ReportRegression(RegressionKind.BuildBroken, null, null, "storage-drivers", null, null, Utc(2026, 11, 18, 12),
                "Build 'ci' failed on 2026-11-18 after passing before"),
            new ReportRegression(RegressionKind.NewWithoutOwner, ids.UsbHub, "usbhub", "net-drivers", null, null, Utc(2026, 11, 18, 9),
                "New driver first seen on 2026-11-18 with no team: assign an owner"),
        ]);
    }

    [Fact]
    public async Task Newly_paired_lists_a_port_first_seen_and_a_pairing_made_by_hand_in_the_week()
    {
        await using var storage = await TestStorage.CreateAsync(DatabaseProvider.Sqlite, Cancel);
        var ids = await SeedAsync(storage, changesByHand: true, Cancel);

        var report = await Builder(storage).BuildAsync(Week, WeeklyReport.OrganisationScope, Cancel);

        // wifi and wifi-rs were paired long before the week.
        report.NewlyPaired.ShouldBe([
            new ReportEvent(ids.Nic, "nic", "net-drivers", "nic-rs", new DateOnly(2026, 11, 18), "nic-rs (paired by hand on 2026-11-18)"),
            new ReportEvent(ids.Cache, "cache", "storage-drivers", "cache-rs", new DateOnly(2026, 11, 20), "cache-rs (Rust port first seen on 2026-11-20)"),
        ]);
    }

    [Fact]
    public async Task Newly_migrated_lists_a_driver_marked_Migrated_and_a_C_driver_retired_beside_its_port()
    {
        await using var storage = await TestStorage.CreateAsync(DatabaseProvider.Sqlite, Cancel);
        var ids = await SeedAsync(storage, changesByHand: true, Cancel);

        var report = await Builder(storage).BuildAsync(Week, WeeklyReport.OrganisationScope, Cancel);

        report.NewlyMigrated.ShouldBe([
            new ReportEvent(ids.Nic, "nic", "net-drivers", "nic-rs", new DateOnly(2026, 11, 18), "Marked Migrated by alice"),
            new ReportEvent(ids.Wifi, "wifi", "net-drivers", "wifi-rs", new DateOnly(2026, 11, 19),
                "C/C++ project removed on 2026-11-19; its Rust port wifi-rs carries on"),
        ]);
    }

    [Fact]
    public async Task A_C_driver_retired_earlier_is_newly_migrated_in_the_week_its_Rust_port_appears()
    {
        await using var storage = await TestStorage.CreateAsync(DatabaseProvider.Sqlite, Cancel);
        var ids = await SeedAsync(storage, changesByHand: true, Cancel);
        int serialId;
        await using (var db = storage.CreateDbContext())
        {
            var serial = Driver(ids.NetRepository, ids.NetworkTeam, "serial", DriverLanguage.C, Utc(2026, 10, 1, 0), MigrationStage.InProgress);
            serial.RemovedAt = Utc(2026, 11, 5, 0);
            var serialRs = Driver(ids.NetRepository, ids.NetworkTeam, "serial-rs", DriverLanguage.Rust, Utc(2026, 11, 17, 10));
            db.Drivers.AddRange(serial, serialRs);
            await db.SaveChangesAsync(Cancel);
            Pair(serial, serialRs, PairingSource.Suggested);
            db.Snapshots.AddRange(
                CSnapshot(serial.Id, "serial-a", Utc(2026, 11, 2, 10), c: 800),
                RustSnapshot(serialRs.Id, "serial-rs-a", Utc(2026, 11, 17, 10), rust: 900, unsafeLines: 90));
            await db.SaveChangesAsync(Cancel);
            serialId = serial.Id;
        }

        var report = await Builder(storage).BuildAsync(Week, WeeklyReport.OrganisationScope, Cancel);

        // Now nic, wifi and serial; before none (serial's port did not exist yet).
        ShouldBe(report, "migrated", 3, 0);
        report.NewlyMigrated.Select(e => e.Driver).ShouldBe(["serial", "nic", "wifi"], "by date: 11-17, 11-18, 11-19");
        report.NewlyMigrated.Single(e => e.DriverId == serialId).ShouldBe(new ReportEvent(
            serialId, "serial", "net-drivers", "serial-rs", new DateOnly(2026, 11, 17),
            "Rust port serial-rs first seen on 2026-11-17; the C/C++ project was already removed"));
        report.Teams.Single(t => t.Slug == "network").Migrated.ShouldBe(3);
        report.NewlyPaired.ShouldNotContain(e => e.DriverId == serialId, "serial is gone: no C/C++ driver is left to pair");
    }

    [Fact]
    public async Task Top_movers_are_ordered_by_the_size_of_their_change()
    {
        await using var storage = await TestStorage.CreateAsync(DatabaseProvider.Sqlite, Cancel);
        var ids = await SeedAsync(storage, changesByHand: true, Cancel);

        var report = await Builder(storage).BuildAsync(Week, WeeklyReport.OrganisationScope, Cancel);

        // Readiness: cache −18, disk +15, nic +10 (the fall first: it is the largest). C lines: disk −600, nic −500.
        // Rust lines: wifi-rs +600, nic-rs +100. New drivers (cache-rs, usbhub) have nothing to compare with.
        report.TopMovers.ShouldBe([
            new ReportMover(ids.Cache, "cache", "storage-drivers", "Readiness", FigureUnit.Score, 80, 62),
            new ReportMover(ids.Disk, "disk", "storage-drivers", "Readiness", FigureUnit.Score, 55, 70),
            new ReportMover(ids.Nic, "nic", "net-drivers", "Readiness", FigureUnit.Score, 30, 40),
            new ReportMover(ids.Disk, "disk", "storage-drivers", "C/C++ lines removed", FigureUnit.Lines, 1800, 1200),
            new ReportMover(ids.Nic, "nic", "net-drivers", "C/C++ lines removed", FigureUnit.Lines, 3000, 2500),
            new ReportMover(ids.WifiRs, "wifi-rs", "net-drivers", "Rust lines added", FigureUnit.Lines, 2000, 2600),
            new ReportMover(ids.NicRs, "nic-rs", "net-drivers", "Rust lines added", FigureUnit.Lines, 500, 600),
        ]);
    }

    [Fact]
    public async Task Top_movers_keep_the_five_largest_of_each_measure()
    {
        await using var storage = await TestStorage.CreateAsync(DatabaseProvider.Sqlite, Cancel);
        await SeedMoversAsync(storage);

        var report = await Builder(storage).BuildAsync(Week, WeeklyReport.OrganisationScope, Cancel);

        var readiness = report.TopMovers.Where(m => m.Measure == "Readiness").ToList();
        var removed = report.TopMovers.Where(m => m.Measure == "C/C++ lines removed").ToList();
        var added = report.TopMovers.Where(m => m.Measure == "Rust lines added").ToList();

        // Changes: a +3, b −12, c +7, d −1, e +20, f −9, g +5 → e, b, f, c, g.
        readiness.Select(m => (m.Driver, m.Change)).ShouldBe([("e", 20.0), ("b", -12.0), ("f", -9.0), ("c", 7.0), ("g", 5.0)]);

        // a −100, b −50, c −500, d −200, e +50, f −1000, g −100 → f, c, d, then a and g (equal, by name).
        removed.Select(m => (m.Driver, m.Change)).ShouldBe([("f", -1000.0), ("c", -500.0), ("d", -200.0), ("a", -100.0), ("g", -100.0)]);

        // r1 +10, r2 +300, r3 0, r4 +120, r5 +50, r6 +700, r7 +5 → r6, r2, r4, r5, r1.
        added.Select(m => (m.Driver, m.Change)).ShouldBe([("r6", 700.0), ("r2", 300.0), ("r4", 120.0), ("r5", 50.0), ("r1", 10.0)]);
        report.TopMovers.Count.ShouldBe(15);
    }

    [Theory]
    [MemberData(nameof(StorageProviders.All), MemberType = typeof(StorageProviders))]
    public async Task A_past_week_rebuilt_after_later_commits_changes_by_hand_and_builds_is_the_same_report(DatabaseProvider provider)
    {
        await using var storage = await TestStorage.CreateAsync(provider, Cancel);
        var ids = await SeedAsync(storage, changesByHand: true, Cancel);
        await using (var db = storage.CreateDbContext())
        {
            // A repository that never gets a driver: its builds count for the organisation only.
            var docs = new Repository { Name = "driver-docs", Location = "/srv/git/docs.git", Kind = RepositoryKind.LocalPath };
            db.Repositories.Add(docs);
            await db.SaveChangesAsync(Cancel);
            db.BuildResults.Add(Build(docs.Id, null, "docs-1", Utc(2026, 11, 20, 10), BuildStatus.Succeeded, "docs"));
            await db.SaveChangesAsync(Cancel);
        }

        var first = await Builder(storage).BuildAllAsync(Week, Cancel);

        await using (var db = storage.CreateDbContext())
        {
            // New commits after the week, and a new Rust driver in the tools repository that Storage owns.
            var diskRs = Driver(ids.ToolsRepository, ids.StorageTeam, "disk-rs", DriverLanguage.Rust, Utc(2026, 11, 24, 10));
            db.Drivers.Add(diskRs);
            await db.SaveChangesAsync(Cancel);
            db.Snapshots.AddRange(
                CSnapshot(ids.Cache, "cache-c", Utc(2026, 11, 24, 10), cpp: 500, readiness: 85, band: ReadinessBand.Ready),
                CSnapshot(ids.UsbHub, "usbhub-b", Utc(2026, 11, 23, 0), c: 700, readiness: 20, band: ReadinessBand.Blocked),
                RustSnapshot(ids.NicRs, "nic-rs-c", Utc(2026, 11, 23, 10), rust: 900, unsafeLines: 90),
                RustSnapshot(diskRs.Id, "disk-rs-a", Utc(2026, 11, 24, 10), rust: 300, unsafeLines: 30));

            // Builds failing after the week.
            db.BuildResults.AddRange(
                Build(ids.StorageRepository, ids.Disk, "8", Utc(2026, 11, 23, 10), BuildStatus.Failed, "disk-ci"),
                Build(ids.StorageRepository, null, "9", Utc(2026, 11, 24, 10), BuildStatus.Failed, "ci"),
                Build(ids.ToolsRepository, null, "10", Utc(2026, 11, 23, 10), BuildStatus.Failed, "tools"));
            await db.SaveChangesAsync(Cancel);
        }

        // Stages and teams changed by hand after the week: cache moves to Network and won't be migrated, usbhub gets
        // an owner, nic goes back to In progress.
        var pages = PagesAt(storage, Utc(2026, 11, 24, 9));
        await pages.UpdateAsync(ids.Cache, MigrationStage.WontMigrate, ids.NetworkTeam, ids.CacheRs, DriverEditor.AnyTeam("bob"), Cancel);
        await pages.UpdateAsync(ids.UsbHub, MigrationStage.InProgress, ids.StorageTeam, null, DriverEditor.AnyTeam("bob"), Cancel);
        await pages.UpdateAsync(ids.Nic, MigrationStage.InProgress, ids.NetworkTeam, ids.NicRs, DriverEditor.AnyTeam("bob"), Cancel);

        var again = await Builder(storage, Utc(2026, 11, 27, 8)).BuildAllAsync(Week, Cancel);

        again.Select(r => r.GeneratedAt).ShouldAllBe(t => t == Utc(2026, 11, 27, 8));
        ShouldBeTheSame(again, first);
        NowOf(first[0], "migrated").ShouldBe(2);
        NowOf(first[0], "builds_passing").ShouldBe(0.75, "storage-drivers failed; nic-rs, driver-tools and driver-docs passed");
        first[0].Regressions.Count(r => r.Kind == RegressionKind.NewWithoutOwner).ShouldBe(1);
    }

    [Fact]
    public async Task A_pairing_changed_by_hand_after_the_week_does_not_change_its_report()
    {
        await using var storage = await TestStorage.CreateAsync(DatabaseProvider.Sqlite, Cancel);
        var ids = await SeedAsync(storage, changesByHand: true, Cancel);
        var first = await Builder(storage).BuildAllAsync(Week, Cancel);

        // cache-rs is re-paired with disk (cache loses its port), and nic is unpaired from nic-rs.
        var pages = PagesAt(storage, Utc(2026, 11, 24, 9));
        await pages.UpdateAsync(ids.CacheRs, MigrationStage.NotStarted, ids.StorageTeam, ids.Disk, DriverEditor.AnyTeam("carol"), Cancel);
        await pages.UpdateAsync(ids.Nic, MigrationStage.Migrated, ids.NetworkTeam, null, DriverEditor.AnyTeam("carol"), Cancel);

        var again = await Builder(storage, Utc(2026, 11, 27, 8)).BuildAllAsync(Week, Cancel);

        ShouldBeTheSame(again, first);
        first[0].Drivers.Single(d => d.Id == ids.Cache).Counterpart.ShouldBe("cache-rs");
    }

    [Fact]
    public async Task A_week_not_over_yet_stands_at_now_and_compares_with_the_end_of_the_week_before()
    {
        await using var storage = await TestStorage.CreateAsync(DatabaseProvider.Sqlite, Cancel);
        var ids = await SeedAsync(storage, changesByHand: true, Cancel);
        var now = Utc(2026, 11, 18, 12);

        var report = await Builder(storage, now).BuildAsync(Week, WeeklyReport.OrganisationScope, Cancel);

        report.AsOf.ShouldBe(now);
        report.GeneratedAt.ShouldBe(now);

        // Now: disk, cache, nic, nic-rs, wifi (removed tomorrow), wifi-rs, usbhub (seen at 09:00); cache-rs comes on 11-20.
        ShouldBe(report, "drivers", 7, 6);
        ShouldBe(report, "c_with_port", 2, 1);
        ShouldBe(report, "migrated", 1, 0);
        ShouldBe(report, "c_lines", 1200 + 1000 + 3000 + 1500 + 700, 7300);

        // Now: the 7 days to now hold storage-drivers' failure (11-18 12:00), disk's pass (11-14) and driver-tools'
        // failure (11-12) → 1 of 3. Before: the end of the week before, as in the driver rows → 2 of 4.
        ShouldBe(report, "builds_passing", 1.0 / 3, 0.5);

        var disk = report.Drivers.Single(d => d.Id == ids.Disk);
        (disk.CCodeLines, disk.CCodeLinesBefore).ShouldBe((1200, 1800));
        report.Drivers.Single(d => d.Id == ids.Nic).CCodeLines.ShouldBe(3000, "nic's snapshot of 11-19 is still to come");
        report.Trend[^1].WeekStart.ShouldBe(Week);
    }

    [Fact]
    public async Task A_week_that_has_not_started_is_refused()
    {
        await using var storage = await TestStorage.CreateAsync(DatabaseProvider.Sqlite, Cancel);
        await SeedAsync(storage, changesByHand: true, Cancel);

        await Should.ThrowAsync<ArgumentOutOfRangeException>(() => Builder(storage).BuildAsync(new DateOnly(2026, 11, 30), WeeklyReport.OrganisationScope, Cancel));
        await Should.ThrowAsync<ArgumentOutOfRangeException>(() => Builder(storage).BuildAllAsync(new DateOnly(2026, 12, 2), Cancel));
    }

    [Fact]
    public async Task Without_changes_by_hand_the_organisation_headlines_equal_the_portfolio_headlines_at_the_weeks_end()
    {
        await using var storage = await TestStorage.CreateAsync(DatabaseProvider.Sqlite, Cancel);
        await SeedAsync(storage, changesByHand: false, Cancel);

        var report = await Builder(storage).BuildAsync(Week, WeeklyReport.OrganisationScope, Cancel);
        var portfolio = await new PortfolioQueries(storage, new FixedTime(ReportPortfolio.Now)).HeadlinesAsync(WeekEnd, Cancel);

        var expected = new Dictionary<string, WeeklyFigure>
        {
            ["drivers"] = portfolio.DriversTracked,
            ["c_drivers"] = portfolio.CDriversTracked,
            ["rust_drivers"] = portfolio.RustDriversTracked,
            ["c_with_port"] = portfolio.CDriversWithRustPort,
            ["migrated"] = portfolio.DriversFullyMigrated,
            ["rust_share"] = portfolio.RustShareOfCode,
            ["median_readiness"] = portfolio.MedianReadiness,
            ["mean_unsafe"] = portfolio.MeanUnsafeShare,
            ["builds_passing"] = portfolio.BuildsPassing,
        };
        foreach (var (key, figure) in expected)
        {
            var reported = report.Headlines.Single(h => h.Key == key);
            (reported.Now, reported.WeekEarlier).ShouldBe((figure.Now, figure.WeekEarlier), key);
        }

        // nic is Migrated and paired with no date to its change: it counts both weeks. Now cache and nic have a
        // port; before nic and wifi. wifi was retired beside its port in the week.
        portfolio.CDriversWithRustPort.ShouldBe(new WeeklyFigure(2, 2));
        portfolio.DriversFullyMigrated.ShouldBe(new WeeklyFigure(2, 1));
    }

    [Fact]
    public async Task A_report_read_back_from_its_JSON_is_the_same_report()
    {
        await using var storage = await TestStorage.CreateAsync(DatabaseProvider.Sqlite, Cancel);
        await SeedAsync(storage, changesByHand: true, Cancel);
        var report = await Builder(storage).BuildAsync(Week, WeeklyReport.OrganisationScope, Cancel);

        var json = ReportJson.Serialize(report);
        var back = ReportJson.Deserialize(json);

        ReportJson.Serialize(back).ShouldBe(json);
        back.AsOf.ShouldBe(WeekEnd);
        back.AsOf.Kind.ShouldBe(DateTimeKind.Utc);
        back.Drivers.Count.ShouldBe(7);
        back.Headlines.ShouldBe(report.Headlines);
        back.Drivers.ShouldBe(report.Drivers);
        back.Regressions.ShouldBe(report.Regressions);
        back.Projection.ShouldBe(report.Projection);
    }

    /// <summary>Compares the reports' JSON but for the generation time, section by section so a failure names the section.</summary>
    private static void ShouldBeTheSame(IReadOnlyList<WeeklyReport> actual, IReadOnlyList<WeeklyReport> expected)
    {
        actual.Select(r => r.Scope).ShouldBe(expected.Select(r => r.Scope));
        foreach (var (again, first) in actual.Zip(expected))
        {
            var a = JsonNode.Parse(Normalised(again))!.AsObject();
            var b = JsonNode.Parse(Normalised(first))!.AsObject();
            foreach (var (section, value) in b)
            {
                a[section]?.ToJsonString().ShouldBe(value?.ToJsonString(), $"report '{first.Scope}', {section}");
            }

            Normalised(again).ShouldBe(Normalised(first));
        }
    }

    private static string Normalised(WeeklyReport report) => ReportJson.Serialize(report with { GeneratedAt = default });

    private static double NowOf(WeeklyReport report, string key) => report.Headlines.Single(h => h.Key == key).Now!.Value;

    private static void ShouldBe(WeeklyReport report, string key, double? now, double? weekEarlier)
    {
        var figure = report.Headlines.Single(h => h.Key == key);
        if (now is null)
        {
            figure.Now.ShouldBeNull(key);
        }
        else
        {
            figure.Now.ShouldNotBeNull(key);
            figure.Now.Value.ShouldBe(now.Value, Tolerance, key);
        }

        if (weekEarlier is null)
        {
            figure.WeekEarlier.ShouldBeNull(key);
        }
        else
        {
            figure.WeekEarlier.ShouldNotBeNull(key);
            figure.WeekEarlier.Value.ShouldBe(weekEarlier.Value, Tolerance, key);
        }
    }

    /// <summary>Seven C drivers and seven Rust drivers in one repository, each with a snapshot on 11-10 and one on 11-18.</summary>
    private static async Task SeedMoversAsync(TestStorage storage)
    {
        await using var db = storage.CreateDbContext();
        var repository = new Repository { Name = "drivers", Location = "/srv/git/drivers.git", Kind = RepositoryKind.LocalPath };
        db.Repositories.Add(repository);
        await db.SaveChangesAsync(Cancel);

        (string Name, int LinesAfter, double ReadinessAfter)[] c =
            [("a", 900, 53), ("b", 950, 38), ("c", 1500, 57), ("d", 300, 49), ("e", 850, 70), ("f", 2000, 41), ("g", 1100, 55)];
        int[] linesBefore = [1000, 1000, 2000, 500, 800, 3000, 1200];
        (string Name, int LinesAfter)[] rust = [("r1", 110), ("r2", 400), ("r3", 100), ("r4", 220), ("r5", 150), ("r6", 800), ("r7", 105)];

        var cDrivers = c.Select(x => Driver(repository.Id, null, x.Name, DriverLanguage.C, Utc(2026, 10, 1, 0))).ToList();
        var rustDrivers = rust.Select(x => Driver(repository.Id, null, x.Name, DriverLanguage.Rust, Utc(2026, 10, 1, 0))).ToList();
        db.Drivers.AddRange([.. cDrivers, .. rustDrivers]);
        await db.SaveChangesAsync(Cancel);

        for (var i = 0; i < c.Length; i++)
        {
            db.Snapshots.AddRange(
                CSnapshot(cDrivers[i].Id, "before", Utc(2026, 11, 10, 10), c: linesBefore[i], readiness: 50),
                CSnapshot(cDrivers[i].Id, "after", Utc(2026, 11, 18, 10), c: c[i].LinesAfter, readiness: c[i].ReadinessAfter));
        }

        for (var i = 0; i < rust.Length; i++)
        {
            db.Snapshots.AddRange(
                RustSnapshot(rustDrivers[i].Id, "before", Utc(2026, 11, 10, 10), rust: 100, unsafeLines: 10),
                RustSnapshot(rustDrivers[i].Id, "after", Utc(2026, 11, 18, 10), rust: rust[i].LinesAfter, unsafeLines: 10));
        }

        await db.SaveChangesAsync(Cancel);
    }
}
