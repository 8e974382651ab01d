using MigrationTracker.Core.Domain;
using MigrationTracker.Core.Portfolio;
using MigrationTracker.Core.Storage;
using MigrationTracker.Core.Tests.Storage;
using MigrationTracker.Testing;
using Microsoft.EntityFrameworkCore;

namespace MigrationTracker.Core.Tests.Portfolio;

/// <summary>Changes to a driver's plan: who may make them is decided against the drivers and teams as stored.</summary>
public sealed class DriverPagesTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(StorageProviders.All), MemberType = typeof(StorageProviders))]
    public async Task A_team_maintainer_changes_the_stage_and_pairing_of_their_teams_drivers(DatabaseProvider provider)
    {
        await using var storage = await TestStorage.CreateAsync(provider, Cancel);
        var ids = await SeedAsync(storage);
        var pages = new DriverPages(storage, TimeProvider.System);

        var result = await pages.UpdateAsync(ids.Nvme, MigrationStage.InProgress, ids.Storage, counterpartId: null, StorageMaintainer(ids), Cancel);

        result.Error.ShouldBeNull();
        var page = (await pages.LoadAsync(ids.Nvme, Cancel))!;
        page.Stage.ShouldBe(MigrationStage.InProgress);
        page.Counterpart.ShouldBeNull();
        (await ChangesAsync(storage, ids.NvmeRust)).ShouldBe([("Counterpart", "nvmestor", null, "maintainer@storage")], "the port it was paired with lost its counterpart too");
    }

    [Theory]
    [MemberData(nameof(StorageProviders.All), MemberType = typeof(StorageProviders))]
    public async Task A_team_maintainer_may_not_move_their_driver_to_another_team_or_to_none(DatabaseProvider provider)
    {
        await using var storage = await TestStorage.CreateAsync(provider, Cancel);
        var ids = await SeedAsync(storage);
        var pages = new DriverPages(storage, TimeProvider.System);
        var before = await StateAsync(storage);

        var toNetwork = await pages.UpdateAsync(ids.Nvme, MigrationStage.Planned, ids.Network, ids.NvmeRust, StorageMaintainer(ids), Cancel);
        var toNone = await pages.UpdateAsync(ids.Nvme, MigrationStage.Planned, teamId: null, ids.NvmeRust, StorageMaintainer(ids), Cancel);

        toNetwork.Error.ShouldBe("Your account may not move nvmestor to the team Network: choose one of your teams. Managers and administrators move drivers to any team.");
        toNone.Error.ShouldBe("Your account may not move nvmestor to no team: choose one of your teams. Managers and administrators move drivers to any team.");
        (await StateAsync(storage)).ShouldBe(before, "nothing of a refused change is stored, not even the stage");
    }

    [Theory]
    [MemberData(nameof(StorageProviders.All), MemberType = typeof(StorageProviders))]
    public async Task A_team_maintainer_may_not_pair_their_driver_with_another_teams_driver(DatabaseProvider provider)
    {
        await using var storage = await TestStorage.CreateAsync(provider, Cancel);
        var ids = await SeedAsync(storage);
        var pages = new DriverPages(storage, TimeProvider.System);
        var before = await StateAsync(storage);

        var result = await pages.UpdateAsync(ids.Nvme, MigrationStage.NotStarted, ids.Storage, ids.NdisRust, StorageMaintainer(ids), Cancel);

        result.Error.ShouldBe("Your account may not pair nvmestor with ndisfilter-rs: ndisfilter-rs belongs to the team Network. Ask one of its maintainers or a manager.");
        (await StateAsync(storage)).ShouldBe(before, "the other team's drivers keep their pairing");
    }

    [Theory]
    [MemberData(nameof(StorageProviders.All), MemberType = typeof(StorageProviders))]
    public async Task A_team_maintainer_may_not_unpair_a_partner_of_another_team(DatabaseProvider provider)
    {
        await using var storage = await TestStorage.CreateAsync(provider, Cancel);
        var ids = await SeedAsync(storage);
        var pages = new DriverPages(storage, TimeProvider.System);
        (await pages.UpdateAsync(ids.Nvme, MigrationStage.NotStarted, ids.Storage, ids.NdisRust, Manager, Cancel)).Error.ShouldBeNull();
        var before = await StateAsync(storage);

        var result = await pages.UpdateAsync(ids.Nvme, MigrationStage.NotStarted, ids.Storage, ids.NvmeRust, StorageMaintainer(ids), Cancel);

        result.Error.ShouldBe("Your account may not unpair ndisfilter-rs from nvmestor: ndisfilter-rs belongs to the team Network. Ask one of its maintainers or a manager.");
        (await StateAsync(storage)).ShouldBe(before);
    }

    [Theory]
    [MemberData(nameof(StorageProviders.All), MemberType = typeof(StorageProviders))]
    public async Task A_driver_is_judged_by_its_team_as_stored_not_as_the_page_loaded_it(DatabaseProvider provider)
    {
        await using var storage = await TestStorage.CreateAsync(provider, Cancel);
        var ids = await SeedAsync(storage);
        var pages = new DriverPages(storage, TimeProvider.System);
        var before = await StateAsync(storage);

        // The maintainer's page still offers the edit: the driver belongs to another team (it moved, or the request was forged).
        var otherTeams = await pages.UpdateAsync(ids.Ndis, MigrationStage.WontMigrate, ids.Storage, ids.NdisRust, StorageMaintainer(ids), Cancel);
        var noTeam = await pages.UpdateAsync(ids.Orphan, MigrationStage.WontMigrate, ids.Storage, null, StorageMaintainer(ids), Cancel);
        var viewer = await pages.UpdateAsync(ids.Nvme, MigrationStage.WontMigrate, ids.Storage, ids.NvmeRust, new DriverEditor("viewer@example.com", false, new HashSet<int>()), Cancel);

        otherTeams.Error.ShouldBe("Your account may not change ndisfilter: it belongs to the team Network. Only that team's maintainers, managers and administrators change it.");
        noTeam.Error.ShouldBe("Your account may not change orphan: it belongs to no team. Only managers and administrators change it.");
        viewer.Error.ShouldBe("Your account may not change nvmestor: it belongs to the team Storage. Only that team's maintainers, managers and administrators change it.");
        (await StateAsync(storage)).ShouldBe(before);
    }

    [Theory]
    [MemberData(nameof(StorageProviders.All), MemberType = typeof(StorageProviders))]
    public async Task A_new_pairing_records_a_change_on_every_driver_it_touches(DatabaseProvider provider)
    {
        await using var storage = await TestStorage.CreateAsync(provider, Cancel);
        var ids = await SeedAsync(storage);
        var pages = new DriverPages(storage, TimeProvider.System);

        var result = await pages.UpdateAsync(ids.Nvme, MigrationStage.NotStarted, ids.Storage, ids.NdisRust, Manager, Cancel);

        result.Error.ShouldBeNull();
        await using (var context = storage.CreateDbContext())
        {
            var counterparts = await context.Drivers.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.CounterpartId, Cancel);
            counterparts[ids.Nvme].ShouldBe(ids.NdisRust);
            counterparts[ids.NdisRust].ShouldBe(ids.Nvme);
            counterparts[ids.NvmeRust].ShouldBeNull();
            counterparts[ids.Ndis].ShouldBeNull();
        }

        (await ChangesAsync(storage, ids.Nvme)).ShouldBe([("Counterpart", "nvmestor-rs", "ndisfilter-rs", "manager@example.com")]);
        (await ChangesAsync(storage, ids.NdisRust)).ShouldBe([("Counterpart", "ndisfilter", "nvmestor", "manager@example.com")]);
        (await ChangesAsync(storage, ids.NvmeRust)).ShouldBe([("Counterpart", "nvmestor", null, "manager@example.com")]);
        (await ChangesAsync(storage, ids.Ndis)).ShouldBe([("Counterpart", "ndisfilter-rs", null, "manager@example.com")]);
    }

    [Theory]
    [MemberData(nameof(StorageProviders.All), MemberType = typeof(StorageProviders))]
    public async Task A_counterpart_of_the_same_language_family_or_the_driver_itself_is_refused(DatabaseProvider provider)
    {
        await using var storage = await TestStorage.CreateAsync(provider, Cancel);
        var ids = await SeedAsync(storage);
        var pages = new DriverPages(storage, TimeProvider.System);
        var before = await StateAsync(storage);

        var sameFamily = await pages.UpdateAsync(ids.Nvme, MigrationStage.NotStarted, ids.Storage, ids.Ndis, Manager, Cancel);
        var itself = await pages.UpdateAsync(ids.Nvme, MigrationStage.NotStarted, ids.Storage, ids.Nvme, Manager, Cancel);
        var missing = await pages.UpdateAsync(ids.Nvme, MigrationStage.NotStarted, ids.Storage, 999_999, Manager, Cancel);

        sameFamily.Error.ShouldBe("ndisfilter cannot be the counterpart of nvmestor: a C or C++ driver pairs with a Rust driver, and a Rust driver with a C or C++ one.");
        itself.Error.ShouldBe(sameFamily.Error!.Replace("ndisfilter", "nvmestor", StringComparison.Ordinal));
        missing.Error.ShouldBe("Driver 999999 no longer exists. Reload the page and choose another counterpart.");
        (await StateAsync(storage)).ShouldBe(before);
    }

    private static readonly DriverEditor Manager = new("manager@example.com", true, new HashSet<int>());

    private static DriverEditor StorageMaintainer(Ids ids) => new("maintainer@storage", false, new HashSet<int> { ids.Storage });

    private sealed record Ids(int Storage, int Network, int Nvme, int NvmeRust, int Ndis, int NdisRust, int Orphan);

    private sealed record DriverState(int Id, int? TeamId, MigrationStage Stage, int? CounterpartId, PairingSource PairingSource);

    /// <summary>Every driver's plan and pairing, and how many changes are recorded.</summary>
    private static async Task<List<string>> StateAsync(TestStorage storage)
    {
        await using var context = storage.CreateDbContext();
        var drivers = await context.Drivers.AsNoTracking().OrderBy(d => d.Id)
            .Select(d => new DriverState(d.Id, d.TeamId, d.Stage, d.CounterpartId, d.PairingSource))
            .ToListAsync(Cancel);
        return [.. drivers.Select(d => d.ToString()), $"{await context.DriverChanges.CountAsync(Cancel)} changes recorded"];
    }

    private static async Task<List<(string Field, string? OldValue, string? NewValue, string ChangedBy)>> ChangesAsync(TestStorage storage, int driverId)
    {
        await using var context = storage.CreateDbContext();
        var changes = await context.DriverChanges.AsNoTracking().Where(c => c.DriverId == driverId).OrderBy(c => c.Id).ToListAsync(Cancel);
        return [.. changes.Select(c => (c.Field, c.OldValue, c.NewValue, c.ChangedBy))];
    }

    private static async Task<Ids> SeedAsync(TestStorage storage)
    {
        await using var context = storage.CreateDbContext();
        var storageTeam = new Team { Name = "Storage", Slug = "storage" };
        var network = new Team { Name = "Network", Slug = "network" };
        var repository = new Repository { Name = "drivers", Kind = RepositoryKind.LocalPath, Location = "/srv/git/drivers.git" };
        Driver Add(string name, string path, DriverLanguage language, Team? team) =>
            new() { Repository = repository, Name = name, ProjectPath = path, Language = language, Team = team, PairingSource = PairingSource.Suggested };
        var nvme = Add("nvmestor", "storage/nvme/nvmestor.vcxproj", DriverLanguage.C, storageTeam);
        var nvmeRust = Add("nvmestor-rs", "rust/nvme/Cargo.toml", DriverLanguage.Rust, storageTeam);
        var ndis = Add("ndisfilter", "network/filter/filter.vcxproj", DriverLanguage.C, network);
        var ndisRust = Add("ndisfilter-rs", "rust/filter/Cargo.toml", DriverLanguage.Rust, network);
        var orphan = Add("orphan", "misc/orphan.vcxproj", DriverLanguage.Cpp, null);
        context.AddRange(nvme, nvmeRust, ndis, ndisRust, orphan);
        await context.SaveChangesAsync(Cancel);
        (nvme.CounterpartId, nvmeRust.CounterpartId, ndis.CounterpartId, ndisRust.CounterpartId) = (nvmeRust.Id, nvme.Id, ndisRust.Id, ndis.Id);
        await context.SaveChangesAsync(Cancel);
        return new Ids(storageTeam.Id, network.Id, nvme.Id, nvmeRust.Id, ndis.Id, ndisRust.Id, orphan.Id);
    }
}
