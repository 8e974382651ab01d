using MigrationTracker.Core.Domain;
using MigrationTracker.Core.Portfolio;
using MigrationTracker.Core.Storage;
using MigrationTracker.Core.Tests.Storage;
using MigrationTracker.Testing;
using Microsoft.EntityFrameworkCore;

namespace MigrationTracker.Core.Tests.Portfolio;

public sealed class DriverQueriesTests
{
    private static readonly DateTime Week1 = new(2026, 11, 2, 12, 0, 0, DateTimeKind.Utc);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(StorageProviders.All), MemberType = typeof(StorageProviders))]
    public async Task Each_row_shows_the_figures_of_the_drivers_newest_snapshot(DatabaseProvider provider)
    {
        await using var storage = await TestStorage.CreateAsync(provider, Cancel);
        await SeedAsync(storage);

        var page = await new DriverQueries(storage).PageAsync(new DriverGridQuery { Text = "storage/NVME" }, Cancel);

        page.Total.ShouldBe(1);
        var row = page.Rows.Single();
        row.Name.ShouldBe("nvmestor");
        row.Readiness.ShouldBe(55.0, "the newer of its two snapshots");
        row.Band.ShouldBe(ReadinessBand.NeedsWork);
        row.CodeLines.ShouldBe(900 + 100);
        row.Team.ShouldBe("Storage");
        row.Counterpart.ShouldBe("nvmestor-rs");
        row.LastCommit.ShouldBe(Week1.AddDays(7));
    }

    [Theory]
    [MemberData(nameof(StorageProviders.All), MemberType = typeof(StorageProviders))]
    public async Task Filters_combine_and_removed_drivers_are_left_out(DatabaseProvider provider)
    {
        await using var storage = await TestStorage.CreateAsync(provider, Cancel);
        var ids = await SeedAsync(storage);
        var queries = new DriverQueries(storage);

        (await queries.PageAsync(new DriverGridQuery { Language = DriverLanguage.Rust }, Cancel)).Rows.Select(r => r.Name).ShouldBe(["nvmestor-rs"]);
        (await queries.PageAsync(new DriverGridQuery { TeamId = ids.StorageTeam, Language = DriverLanguage.C }, Cancel)).Rows.Select(r => r.Name).ShouldBe(["nvmestor"]);
        (await queries.PageAsync(new DriverGridQuery { Band = ReadinessBand.Blocked }, Cancel)).Rows.Select(r => r.Name).ShouldBe(["ndisfilter"]);
        (await queries.PageAsync(new DriverGridQuery { Framework = "Ndis" }, Cancel)).Rows.Select(r => r.Name).ShouldBe(["ndisfilter"]);
        (await queries.PageAsync(new DriverGridQuery { Framework = "None" }, Cancel)).Total.ShouldBe(2);
        (await queries.PageAsync(new DriverGridQuery(), Cancel)).Rows.Select(r => r.Name).ShouldNotContain("retired");
    }

    [Theory]
    [MemberData(nameof(StorageProviders.All), MemberType = typeof(StorageProviders))]
    public async Task Sorting_and_paging_happen_in_the_database_with_a_stable_order(DatabaseProvider provider)
    {
        await using var storage = await TestStorage.CreateAsync(provider, Cancel);
        await SeedAsync(storage);
        var queries = new DriverQueries(storage);

        var byReadiness = await queries.PageAsync(new DriverGridQuery { Sort = DriverSort.Readiness, Descending = true, PageSize = 2 }, Cancel);
        byReadiness.Total.ShouldBe(3);
        byReadiness.Rows.Select(r => r.Readiness).ShouldBe([55.0, 20.0]);

        var second = await queries.PageAsync(new DriverGridQuery { Sort = DriverSort.Readiness, Descending = true, PageSize = 2, Page = 1 }, Cancel);
        second.Rows.Single().Name.ShouldBe("nvmestor-rs");

        var byName = await queries.PageAsync(new DriverGridQuery { Sort = DriverSort.Name }, Cancel);
        byName.Rows.Select(r => r.Name).ShouldBe(["ndisfilter", "nvmestor", "nvmestor-rs"]);
    }

    [Theory]
    [MemberData(nameof(StorageProviders.All), MemberType = typeof(StorageProviders))]
    public async Task A_manual_change_is_recorded_with_who_made_it_and_pairs_both_drivers(DatabaseProvider provider)
    {
        await using var storage = await TestStorage.CreateAsync(provider, Cancel);
        var ids = await SeedAsync(storage);
        var pages = new DriverPages(storage, TimeProvider.System);

        (await pages.UpdateAsync(ids.Ndis, MigrationStage.Planned, ids.StorageTeam, ids.Rust, new DriverEditor("manager@example.com", true, new HashSet<int>()), Cancel))
            .Error.ShouldBeNull();

        var page = (await pages.LoadAsync(ids.Ndis, Cancel))!;
        page.Stage.ShouldBe(MigrationStage.Planned);
        page.Team.ShouldBe("Storage");
        page.Counterpart!.Name.ShouldBe("nvmestor-rs");
        page.PairingSource.ShouldBe(PairingSource.Manual);
        page.Changes.Select(c => (c.Field, c.OldValue, c.NewValue, c.ChangedBy)).ShouldBe(
            [("Stage", "NotStarted", "Planned", "manager@example.com"), ("Team", null, "Storage", "manager@example.com"), ("Counterpart", null, "nvmestor-rs", "manager@example.com")],
            ignoreOrder: true);

        await using var context = storage.CreateDbContext();
        var rust = await context.Drivers.SingleAsync(d => d.Id == ids.Rust, Cancel);
        rust.CounterpartId.ShouldBe(ids.Ndis);
        var formerPartner = await context.Drivers.SingleAsync(d => d.Id == ids.Nvme, Cancel);
        formerPartner.CounterpartId.ShouldBeNull("the Rust driver now ports the NDIS driver, so its old pairing ends");
    }

    [Fact]
    public void An_evidence_link_points_at_the_line_of_the_file_at_the_snapshots_commit()
    {
        var page = new DriverPageData(1, "d", 1, "r", "https://github.com/contoso/drivers/", "a/d.vcxproj", DriverLanguage.C, DriverModel.Kmdf, null, null, null,
            MigrationStage.NotStarted, PairingSource.None, null, Week1, null, "abc123", Week1, null, [], [], []);

        page.LinkTo(new MigrationTracker.Core.Analysis.SourceLocation("storage/nvme/io queue.c", 42)).ShouldBe("https://github.com/contoso/drivers/blob/abc123/storage/nvme/io%20queue.c#L42");
        (page with { RepositoryWebUrl = null }).LinkTo(new MigrationTracker.Core.Analysis.SourceLocation("x.c", 1)).ShouldBeNull();
    }

    private sealed record Ids(int StorageTeam, int Nvme, int Rust, int Ndis);

    private static async Task<Ids> SeedAsync(TestStorage storage)
    {
        await using var context = storage.CreateDbContext();
        var storageTeam = new Team { Name = "Storage", Slug = "storage" };
        var repository = new Repository { Name = "drivers", Kind = RepositoryKind.LocalPath, Location = "/srv/git/drivers.git" };
        var nvme = new Driver { Repository = repository, Name = "nvmestor", ProjectPath = "storage/nvme/nvmestor.vcxproj", Language = DriverLanguage.C, Model = DriverModel.Kmdf, Team = storageTeam };
        var rust = new Driver { Repository = repository, Name = "nvmestor-rs", ProjectPath = "rust/nvme/Cargo.toml", Language = DriverLanguage.Rust, Model = DriverModel.Kmdf };
        var ndis = new Driver { Repository = repository, Name = "ndisfilter", ProjectPath = "network/filter/filter.vcxproj", Language = DriverLanguage.C, Model = DriverModel.Wdm, Framework = "Ndis" };
        var retired = new Driver { Repository = repository, Name = "retired", ProjectPath = "old/old.vcxproj", Language = DriverLanguage.C, RemovedAt = Week1 };
        context.AddRange(nvme, rust, ndis, retired);
        await context.SaveChangesAsync(Cancel);
        nvme.CounterpartId = rust.Id;
        rust.CounterpartId = nvme.Id;

        Snapshot Snap(Driver d, int week, double? readiness, ReadinessBand band, int c, int rustLines = 0, double? unsafeShare = null) => new()
        {
            DriverId = d.Id, CommitId = $"c{week}", CommitTime = Week1.AddDays(7 * week), CCodeLines = c, HeaderCodeLines = c == 0 ? 0 : 100,
            RustCodeLines = rustLines, ReadinessScore = readiness, ReadinessBand = band, UnsafeShare = unsafeShare, MetricsJson = "{}",
        };
        context.Snapshots.AddRange(
            Snap(nvme, 0, 40, ReadinessBand.NeedsWork, 1000),
            Snap(nvme, 1, 55, ReadinessBand.NeedsWork, 900),
            Snap(rust, 1, null, ReadinessBand.None, 0, 300, 0.4),
            Snap(ndis, 1, 20, ReadinessBand.Blocked, 5000),
            Snap(retired, 0, 90, ReadinessBand.Ready, 10));
        await context.SaveChangesAsync(Cancel);
        return new Ids(storageTeam.Id, nvme.Id, rust.Id, ndis.Id);
    }
}
