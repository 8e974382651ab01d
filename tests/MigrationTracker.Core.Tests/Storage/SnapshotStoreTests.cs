using MigrationTracker.Core.Data;
using MigrationTracker.Core.Domain;
using MigrationTracker.Core.Storage;
using MigrationTracker.Testing;
using Microsoft.EntityFrameworkCore;

namespace MigrationTracker.Core.Tests.Storage;

public sealed class SnapshotStoreTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(StorageProviders.All), MemberType = typeof(StorageProviders))]
    public async Task Writing_the_same_scan_again_adds_no_snapshot(DatabaseProvider provider)
    {
        await using var storage = await TestStorage.CreateAsync(provider, Cancel);
        var driverIds = await AddDriversAsync(storage, 3);
        var store = new SnapshotStore(storage);

        var first = await store.AddMissingAsync(ScanOf(driverIds, "c1"), Cancel);
        var second = await store.AddMissingAsync(ScanOf(driverIds, "c1"), Cancel);

        first.ShouldBe(3);
        second.ShouldBe(0);
        (await CountAsync(storage)).ShouldBe(3);
    }

    [Theory]
    [MemberData(nameof(StorageProviders.All), MemberType = typeof(StorageProviders))]
    public async Task A_scan_that_overlaps_a_stored_one_adds_only_the_new_snapshots(DatabaseProvider provider)
    {
        await using var storage = await TestStorage.CreateAsync(provider, Cancel);
        var driverIds = await AddDriversAsync(storage, 2);
        var store = new SnapshotStore(storage);
        await store.AddMissingAsync(ScanOf(driverIds[..1], "c1"), Cancel);

        var added = await store.AddMissingAsync([.. ScanOf(driverIds, "c1"), .. ScanOf(driverIds, "c2")], Cancel);

        added.ShouldBe(3);
        (await CountAsync(storage)).ShouldBe(4);
    }

    [Theory]
    [MemberData(nameof(StorageProviders.All), MemberType = typeof(StorageProviders))]
    public async Task Two_writers_storing_the_same_scan_at_once_leave_one_copy(DatabaseProvider provider)
    {
        await using var storage = await TestStorage.CreateAsync(provider, Cancel);
        var driverIds = await AddDriversAsync(storage, 20);

        var writers = Enumerable.Range(0, 4)
            .Select(_ => Task.Run(() => new SnapshotStore(storage).AddMissingAsync(ScanOf(driverIds, "c1"), Cancel), Cancel));
        var added = await Task.WhenAll(writers);

        added.Sum().ShouldBe(20);
        (await CountAsync(storage)).ShouldBe(20);
    }

    [Theory]
    [MemberData(nameof(StorageProviders.All), MemberType = typeof(StorageProviders))]
    public async Task The_database_itself_refuses_a_duplicate_snapshot(DatabaseProvider provider)
    {
        await using var storage = await TestStorage.CreateAsync(provider, Cancel);
        var driverIds = await AddDriversAsync(storage, 1);
        await using (var context = storage.CreateDbContext())
        {
            context.Snapshots.AddRange(ScanOf(driverIds, "c1"));
            await context.SaveChangesAsync(Cancel);
        }

        await using var again = storage.CreateDbContext();
        again.Snapshots.AddRange(ScanOf(driverIds, "c1"));
        await Should.ThrowAsync<DbUpdateException>(() => again.SaveChangesAsync(Cancel));
    }

    private static Snapshot[] ScanOf(int[] driverIds, string commit) => [.. driverIds.Select(id => new Snapshot
    {
        DriverId = id,
        CommitId = commit,
        CommitTime = new DateTime(2026, 11, 20, 12, 0, 0, DateTimeKind.Utc),
        AnalyzedAt = new DateTime(2026, 11, 21, 12, 0, 0, DateTimeKind.Utc),
        CCodeLines = 100 + id,
        ScoringPolicyVersion = 1,
        MetricsJson = "{}",
    })];

    private static async Task<int[]> AddDriversAsync(TestStorage storage, int count)
    {
        await using var context = storage.CreateDbContext();
        var repository = new Repository { Name = "drivers", Kind = RepositoryKind.LocalPath, Location = "/srv/git/drivers.git" };
        var drivers = Enumerable.Range(0, count)
            .Select(i => new Driver { Repository = repository, ProjectPath = $"d{i}/d{i}.vcxproj", Name = $"d{i}" })
            .ToList();
        context.Drivers.AddRange(drivers);
        await context.SaveChangesAsync(Cancel);
        return [.. drivers.Select(d => d.Id)];
    }

    private static async Task<int> CountAsync(TestStorage storage)
    {
        await using var context = storage.CreateDbContext();
        return await context.Snapshots.CountAsync(Cancel);
    }
}
