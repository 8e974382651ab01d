using MigrationTracker.Core.Domain;
using MigrationTracker.Testing;
using MigrationTracker.Workers.Tests.Scanning;

namespace MigrationTracker.Workers.Tests.Sync;

/// <summary>The sync job against a real repository on the local disk: what the first and later syncs scan.</summary>
public sealed class RepositorySyncJobTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Monday = new(2025, 3, 3, 9, 0, 0, TimeSpan.Zero);

    private readonly TemporaryDirectory _sources = new("mt-sync-source");
    private SyncWorld _world = null!;
    private TestGitRepository _git = null!;

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

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_first_sync_scans_only_the_newest_commit_and_creates_its_drivers()
    {
        _git.WithEchoC().Commit("Echo driver in C", Monday);
        var head = _git.WithEchoRust().Commit("Rust port of echo", Monday.AddDays(1));
        var id = await _world.AddRepositoryAsync(_git.Path);

        await _world.Sync.RunAsync(id, Token);

        var repository = await _world.RepositoryAsync(id);
        repository.Status.ShouldBe(RepositoryStatus.Ok);
        repository.DefaultBranch.ShouldBe(TestGitRepository.MainBranch);
        repository.LastSyncedCommit.ShouldBe(head);
        repository.LastError.ShouldBeNull();

        var drivers = await _world.DriversAsync(id);
        drivers.Select(d => (d.ProjectPath, d.Name, d.Model, d.Language)).ShouldBe(
        [
            (EchoFixture.CProject, "echo", DriverModel.Kmdf, DriverLanguage.C),
            (EchoFixture.CargoToml, EchoFixture.RustCrate, DriverModel.Kmdf, DriverLanguage.Rust),
        ], ignoreOrder: true);
        drivers.ShouldAllBe(d => d.FirstSeenAt == Monday.AddDays(1).UtcDateTime && d.RemovedAt == null);

        var snapshots = await _world.SnapshotsAsync(id);
        snapshots.Count.ShouldBe(2);
        snapshots.ShouldAllBe(s => s.CommitId == head && s.CommitTime == Monday.AddDays(1).UtcDateTime);
        var c = snapshots.Single(s => s.Driver!.ProjectPath == EchoFixture.CProject);
        (c.CCodeLines, c.HeaderCodeLines, c.RustCodeLines, c.FileCount).ShouldBe((DriverFiles.EchoCCode, DriverFiles.EchoHeaderCode, 0, 3));
        (c.BlankLines, c.CommentLines).ShouldBe((5 + 10 + 3, 0 + 5 + 2), "device.h, driver.c, queue.c as EchoFixture counts them");
        c.ReadinessScore.ShouldNotBeNull().ShouldBeInRange(0, 100);
        var rust = snapshots.Single(s => s.Driver!.ProjectPath == EchoFixture.CargoToml);
        (rust.CCodeLines, rust.RustCodeLines, rust.TestCodeLines).ShouldBe((0, DriverFiles.RustCode, DriverFiles.RustTestCode));
        rust.ReadinessScore.ShouldBeNull();
    }

    [Fact]
    public async Task The_first_sync_pairs_the_C_driver_with_its_Rust_port()
    {
        _git.WithEchoC().WithEchoRust().Commit("Echo in C and Rust", Monday);
        var id = await _world.AddRepositoryAsync(_git.Path);

        await _world.Sync.RunAsync(id, Token);

        var c = await _world.DriverAsync(id, EchoFixture.CProject);
        var rust = await _world.DriverAsync(id, EchoFixture.CargoToml);
        c.CounterpartId.ShouldBe(rust.Id);
        c.PairingSource.ShouldBe(PairingSource.Suggested);
    }

    [Fact]
    public async Task A_sync_scans_exactly_the_commits_pushed_since_the_last_one()
    {
        _git.WithEchoC().WithEchoRust().Commit("Echo in C and Rust", Monday);
        var id = await _world.AddRepositoryAsync(_git.Path);
        await _world.Sync.RunAsync(id, Token);

        var renamed = _git.RenameEchoQueue().Commit("Rename queue.c", Monday.AddHours(1));
        var gotos = _git.Write(EchoFixture.DriverC, DriverFiles.DriverWithExtraGoto).Commit("One more goto", new DateTimeOffset(2025, 3, 3, 14, 0, 0, TimeSpan.FromHours(2)));
        var head = _git.Write("README.md", "# Echo\n").Commit("Readme", Monday.AddHours(6));
        await _world.Sync.RunAsync(id, Token);

        var snapshots = await _world.SnapshotsAsync(id);
        snapshots.Count.ShouldBe(2 + (3 * 2));
        snapshots.Skip(2).GroupBy(s => s.CommitId).Select(g => (g.Key, g.Count(), g.First().CommitTime)).ShouldBe(
        [
            (renamed, 2, Monday.AddHours(1).UtcDateTime),
            (gotos, 2, new DateTime(2025, 3, 3, 12, 0, 0, DateTimeKind.Utc)),
            (head, 2, Monday.AddHours(6).UtcDateTime),
        ], ignoreOrder: true);

        (await _world.DriversAsync(id)).Count.ShouldBe(2, "a renamed source file is the same driver");
        var c = await _world.SnapshotsOfAsync(id, EchoFixture.CProject);
        c[renamed].CCodeLines.ShouldBe(DriverFiles.EchoCCode);
        c[gotos].CCodeLines.ShouldBe(DriverFiles.EchoCCode + 1);
        c[gotos].ReadinessScore.ShouldNotBeNull().ShouldBeLessThanOrEqualTo(c[renamed].ReadinessScore!.Value);
        (await _world.RepositoryAsync(id)).LastSyncedCommit.ShouldBe(head);
    }

    [Fact]
    public async Task A_sync_with_nothing_new_adds_nothing_however_often_it_runs()
    {
        _git.WithEchoC().WithEchoRust().Commit("Echo in C and Rust", Monday);
        var id = await _world.AddRepositoryAsync(_git.Path);
        await _world.Sync.RunAsync(id, Token);
        _git.Write(EchoFixture.DriverC, DriverFiles.DriverWithExtraGoto).Commit("One more goto", Monday.AddDays(1));
        await _world.Sync.RunAsync(id, Token);
        var before = await _world.CountsAsync();
        var drivers = await _world.DriversAsync(id);

        await _world.Sync.RunAsync(id, Token);
        await _world.Sync.RunAsync(id, Token);

        (await _world.CountsAsync()).ShouldBe(before);
        (await _world.DriversAsync(id)).Select(d => (d.Id, d.Name, d.FirstSeenAt, d.RemovedAt, d.CounterpartId))
            .ShouldBe(drivers.Select(d => (d.Id, d.Name, d.FirstSeenAt, d.RemovedAt, d.CounterpartId)));
        (await _world.RepositoryAsync(id)).Status.ShouldBe(RepositoryStatus.Ok);
    }

    [Fact]
    public async Task After_a_force_push_a_sync_scans_the_rewritten_commits_and_keeps_the_old_snapshots()
    {
        var first = _git.WithEchoC().Commit("Echo driver in C", Monday);
        var id = await _world.AddRepositoryAsync(_git.Path);
        await _world.Sync.RunAsync(id, Token);
        var dropped1 = _git.Write(EchoFixture.DriverC, DriverFiles.DriverWithCounters(1)).Commit("Counter 1", Monday.AddDays(1));
        var dropped2 = _git.Write(EchoFixture.DriverC, DriverFiles.DriverWithCounters(2)).Commit("Counter 2", Monday.AddDays(2));
        await _world.Sync.RunAsync(id, Token);

        _git.ResetTo(first);
        var rewritten1 = _git.Write(EchoFixture.DriverC, DriverFiles.DriverWithCounters(3)).Commit("Counters, squashed", Monday.AddDays(3));
        var rewritten2 = _git.WithEchoRust().Commit("Rust port", Monday.AddDays(4));
        await _world.Sync.RunAsync(id, Token);

        var snapshots = await _world.SnapshotsAsync(id);
        snapshots.Where(s => s.Driver!.ProjectPath == EchoFixture.CProject).Select(s => s.CommitId)
            .ShouldBe([first, dropped1, dropped2, rewritten1, rewritten2], ignoreOrder: true);
        snapshots.Where(s => s.Driver!.ProjectPath == EchoFixture.CargoToml).Select(s => s.CommitId).ShouldBe([rewritten2]);
        var c = await _world.SnapshotsOfAsync(id, EchoFixture.CProject);
        c[rewritten1].CCodeLines.ShouldBe(DriverFiles.EchoCCode + 3);
        c[dropped2].CCodeLines.ShouldBe(DriverFiles.EchoCCode + 2);
        var repository = await _world.RepositoryAsync(id);
        repository.LastSyncedCommit.ShouldBe(rewritten2);
        repository.Status.ShouldBe(RepositoryStatus.Ok);
    }

    [Fact]
    public async Task A_repository_whose_folder_was_deleted_is_marked_unreachable_and_keeps_its_history()
    {
        _git.WithEchoC().WithEchoRust().Commit("Echo in C and Rust", Monday);
        var id = await _world.AddRepositoryAsync(_git.Path);
        await _world.Sync.RunAsync(id, Token);
        var before = await _world.SnapshotsAsync(id);
        _git.DeleteFolder();

        await Should.NotThrowAsync(() => _world.Sync.RunAsync(id, Token));

        var repository = await _world.RepositoryAsync(id);
        repository.Status.ShouldBe(RepositoryStatus.Unreachable);
        repository.LastError.ShouldNotBeNull().ShouldContain(_git.Path);
        repository.LastError.ShouldContain("Check the path");
        repository.LastErrorAt.ShouldNotBeNull();
        (await _world.SnapshotsAsync(id)).Select(s => s.Id).ShouldBe(before.Select(s => s.Id));
        (await _world.DriversAsync(id)).ShouldAllBe(d => d.RemovedAt == null);
    }

    [Fact]
    public async Task A_corrupted_repository_gives_a_clear_error_and_loses_nothing()
    {
        _git.WithEchoC().WithEchoRust().Commit("Echo in C and Rust", Monday);
        var id = await _world.AddRepositoryAsync(_git.Path);
        await _world.Sync.RunAsync(id, Token);
        var before = await _world.SnapshotsAsync(id);
        var head = _git.Write(EchoFixture.DriverC, DriverFiles.DriverWithExtraGoto).Commit("One more goto", Monday.AddDays(1));
        File.Delete(_git.LooseObjectPath(_git.BlobAt(head, EchoFixture.DriverC)));

        var failure = await Record.ExceptionAsync(() => _world.Sync.RunAsync(id, Token));

        var repository = await _world.RepositoryAsync(id);
        repository.Status.ShouldBeOneOf(RepositoryStatus.Unreachable, RepositoryStatus.Failed);
        repository.LastError.ShouldNotBeNull().ShouldContain(_git.Path);
        repository.LastError.ShouldContain("damaged", Case.Insensitive, $"the error should say the repository is damaged (exception: {failure?.Message})");
        repository.LastSyncedCommit.ShouldNotBe(head);
        (await _world.SnapshotsAsync(id)).Select(s => s.Id).ShouldBe(before.Select(s => s.Id));
        (await _world.DriversAsync(id)).ShouldAllBe(d => d.RemovedAt == null);
    }
}
