using MigrationTracker.Core.Domain;
using MigrationTracker.Testing;
using MigrationTracker.Workers.Tests.Scanning;

namespace MigrationTracker.Workers.Tests.Sync;

/// <summary>
/// A local repository is held to <c>Repositories:LocalRoots</c> at every sync, not only when it was added: a folder
/// swapped for a symbolic link leading elsewhere is not read, nor one in the temp folder once the settings no longer allow it.
/// </summary>
public sealed class LocalRootsAtSyncTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Monday = new(2025, 3, 3, 9, 0, 0, TimeSpan.Zero);

    private readonly TemporaryDirectory _allowed = new("mt-roots-allowed");
    private readonly TemporaryDirectory _elsewhere = new("mt-roots-elsewhere");
    private SyncWorld _world = null!;

    public async ValueTask InitializeAsync() =>
        _world = await SyncWorld.CreateAsync(new Dictionary<string, string?> { ["Repositories:LocalRoots:0"] = _allowed.Path });

    public async ValueTask DisposeAsync()
    {
        await _world.DisposeAsync();
        _allowed.Dispose();
        _elsewhere.Dispose();
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_repository_folder_swapped_for_a_link_out_of_the_allowed_folders_is_not_read()
    {
        using (var added = new TestGitRepository(_allowed.Combine("drivers")))
        {
            added.WithEchoC().Commit("Echo driver in C", Monday);
        }

        var id = await _world.AddRepositoryAsync(_allowed.Combine("drivers"));
        await _world.Sync.RunAsync(id, Token);
        (await _world.RepositoryAsync(id)).Status.ShouldBe(RepositoryStatus.Ok);
        var before = await _world.SnapshotsAsync(id);

        // Someone who can write to the allowed folder puts a link to another repository in the added one's place.
        using (var secret = new TestGitRepository(_elsewhere.Combine("secret")))
        {
            secret.WithEchoC().WithEchoRust().Commit("Not for the tracker", Monday.AddDays(1));
        }

        Directory.Delete(_allowed.Combine("drivers"), recursive: true);
        Directory.CreateSymbolicLink(_allowed.Combine("drivers"), _elsewhere.Combine("secret"));

        await _world.Sync.RunAsync(id, Token);

        var repository = await _world.RepositoryAsync(id);
        repository.Status.ShouldBe(RepositoryStatus.Unreachable);
        repository.LastError.ShouldNotBeNull().ShouldContain("symbolic link");
        repository.LastError.ShouldContain(_elsewhere.Combine("secret"));
        (await _world.SnapshotsAsync(id)).Select(s => s.Id).ShouldBe(before.Select(s => s.Id), "nothing of the linked repository may be scanned");
        (await _world.DriversAsync(id)).ShouldNotContain(d => d.Language == DriverLanguage.Rust);
    }

    [Fact]
    public async Task Without_local_roots_set_a_repository_added_from_the_temp_folder_is_not_read_and_says_which_setting_allows_it()
    {
        Assert.SkipWhen(TestLocalRoots.DefaultsHoldTheTempFolder, $"The temp folder {TestLocalRoots.TempFolder} lies in a default root here.");
        await using var world = await SyncWorld.CreateAsync(TestLocalRoots.ProductDefault);
        using var git = new TestGitRepository(_elsewhere.Combine("planted"));
        git.WithEchoC().Commit("Echo driver in C", Monday);

        // Added when the temp folder was still allowed without being listed.
        var id = await world.AddRepositoryAsync(git.Path);
        await world.Sync.RunAsync(id, Token);

        var repository = await world.RepositoryAsync(id);
        repository.Status.ShouldBe(RepositoryStatus.Unreachable);
        repository.LastError.ShouldNotBeNull().ShouldContain($"The path '{git.Path}' is outside the folders local repositories may be added from");
        repository.LastError.ShouldContain("Repositories:LocalRoots");
        repository.LastError.ShouldContain("The temp folder is allowed only when listed there");
        (await world.SnapshotsAsync(id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task With_local_paths_turned_off_a_repository_added_before_is_not_read_and_says_so()
    {
        await using var world = await SyncWorld.CreateAsync(new Dictionary<string, string?> { ["Repositories:LocalRoots:0"] = "none" });
        using var git = new TestGitRepository(_allowed.Combine("echo"));
        git.WithEchoC().Commit("Echo driver in C", Monday);
        var id = await world.AddRepositoryAsync(git.Path);

        await world.Sync.RunAsync(id, Token);

        var repository = await world.RepositoryAsync(id);
        repository.Status.ShouldBe(RepositoryStatus.Unreachable);
        repository.LastError.ShouldBe($"The folder {git.Path} is not synced: Local paths are turned off here (Repositories:LocalRoots is 'none'). Add the repository by its git URL or GitHub owner/name, or ask an administrator to allow a folder.");
        (await world.SnapshotsAsync(id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_repository_in_an_allowed_folder_keeps_syncing()
    {
        using var git = new TestGitRepository(_allowed.Combine("echo"));
        git.WithEchoC().Commit("Echo driver in C", Monday);
        var id = await _world.AddRepositoryAsync(git.Path);

        await _world.Sync.RunAsync(id, Token);
        git.WithEchoRust().Commit("Rust port of echo", Monday.AddDays(1));
        await _world.Sync.RunAsync(id, Token);

        var repository = await _world.RepositoryAsync(id);
        repository.Status.ShouldBe(RepositoryStatus.Ok);
        repository.LastSyncedCommit.ShouldBe(git.Head);
    }
}
