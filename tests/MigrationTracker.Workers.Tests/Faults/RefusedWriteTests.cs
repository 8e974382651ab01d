using MigrationTracker.Core.Domain;
using MigrationTracker.Testing;
using MigrationTracker.Workers.Tests.Scanning;
using MigrationTracker.Workers.Tests.Sync;
using Microsoft.EntityFrameworkCore;

namespace MigrationTracker.Workers.Tests.Faults;

/// <summary>
/// The database refuses one write in the middle of a sync (as a full disk, an I/O error or a lock past
/// its timeout make it do; here a trigger refuses it, so that the fault hits exactly that write). Some
/// writes of a scan may legitimately fail because another worker made the same row first; any other
/// refusal must fail the sync, never pass for success with the row missing.
/// </summary>
public sealed class RefusedWriteTests : IAsyncLifetime
{
    private const string Refusal = "database or disk is full";
    private static readonly DateTimeOffset Monday = new(2025, 3, 3, 9, 0, 0, TimeSpan.Zero);

    private readonly TemporaryDirectory _sources = new("mt-refused-write");
    private SyncWorld _world = null!;
    private TestGitRepository _git = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _world = await SyncWorld.CreateAsync();
        _git = new TestGitRepository(_sources.Combine("echo"));
    }

    public async ValueTask DisposeAsync()
    {
        _git.Dispose();
        await _world.DisposeAsync();
        _sources.Dispose();
    }

    [Fact]
    public async Task A_commit_whose_scan_record_is_refused_fails_the_sync_and_the_next_sync_records_it_and_dates_the_removal_there()
    {
        var first = _git.WithEchoC().WithEchoRust().Commit("Echo in C and Rust", Monday);
        var id = await _world.AddRepositoryAsync(_git.Path);
        await _world.Sync.RunAsync(id, Cancel);
        var removal = _git.Delete("rust").Commit("Rust port moved to its own repository", Monday.AddDays(1));
        var head = _git.Write("README.md", "# Echo\n").Commit("Readme", Monday.AddDays(2));
        await RefuseAsync("ScannedCommits", $"NEW.CommitId = '{removal}'");

        var failure = await Record.ExceptionAsync(() => _world.Sync.RunAsync(id, Cancel));

        failure.ShouldNotBeNull("a commit whose scan could not be recorded must not pass for synced");
        var repository = await _world.RepositoryAsync(id);
        repository.Status.ShouldBe(RepositoryStatus.Failed);
        repository.LastError.ShouldNotBeNull().ShouldContain(Refusal);
        repository.LastSyncedCommit.ShouldBe(first);
        (await ScannedAsync(id)).ShouldBe([first]);

        await AllowAsync();
        await _world.Sync.RunAsync(id, Cancel);

        repository = await _world.RepositoryAsync(id);
        (repository.Status, repository.LastSyncedCommit, repository.LastError).ShouldBe((RepositoryStatus.Ok, head, null));
        (await ScannedAsync(id)).ShouldBe([first, removal, head], ignoreOrder: true);
        (await _world.DriverAsync(id, EchoFixture.CargoToml)).RemovedAt.ShouldBe(Monday.AddDays(1).UtcDateTime, "the port left at the commit that deleted it");
        (await _world.SnapshotsAsync(id)).GroupBy(s => (s.DriverId, s.CommitId)).ShouldAllBe(g => g.Count() == 1);
    }

    [Fact]
    public async Task A_driver_the_database_refuses_to_store_fails_the_sync_in_plain_words_instead_of_trying_again_and_again()
    {
        var head = _git.WithEchoC().WithEchoRust().Commit("Echo in C and Rust", Monday);
        var id = await _world.AddRepositoryAsync(_git.Path);
        await RefuseAsync("Drivers", "1");

        var failure = await Record.ExceptionAsync(() => _world.Sync.RunAsync(id, Cancel).WaitAsync(TimeSpan.FromSeconds(60), Cancel));

        failure.ShouldNotBeNull().ShouldNotBeOfType<TimeoutException>("the sync must give up, not retry the same insert for ever");
        var repository = await _world.RepositoryAsync(id);
        repository.Status.ShouldBe(RepositoryStatus.Failed);
        repository.LastError.ShouldNotBeNull().ShouldContain(Refusal);
        var counts = await _world.CountsAsync();
        (counts.Drivers, counts.Snapshots, counts.Details).ShouldBe((0, 0, 0), "no driver and no snapshot half-written");

        await AllowAsync();
        await _world.Sync.RunAsync(id, Cancel);

        (await _world.RepositoryAsync(id)).LastSyncedCommit.ShouldBe(head);
        (await _world.DriversAsync(id)).Count.ShouldBe(2);
        (await _world.SnapshotsAsync(id)).Count.ShouldBe(2);
    }

    private async Task RefuseAsync(string table, string when)
    {
        await using var context = _world.Storage.CreateDbContext();
#pragma warning disable EF1002 // The table and condition are the test's own constants.
        await context.Database.ExecuteSqlRawAsync(
            $"CREATE TRIGGER refuse_write BEFORE INSERT ON \"{table}\" WHEN {when} BEGIN SELECT RAISE(ABORT, '{Refusal}'); END;", Cancel);
#pragma warning restore EF1002
    }

    private async Task AllowAsync()
    {
        await using var context = _world.Storage.CreateDbContext();
        await context.Database.ExecuteSqlRawAsync("DROP TRIGGER refuse_write;", Cancel);
    }

    private async Task<List<string>> ScannedAsync(int repositoryId)
    {
        await using var context = _world.Storage.CreateDbContext();
        return await context.ScannedCommits.Where(c => c.RepositoryId == repositoryId).Select(c => c.CommitId).ToListAsync(Cancel);
    }
}
