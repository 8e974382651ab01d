using MigrationTracker.Core.Domain;
using MigrationTracker.Testing;
using MigrationTracker.Workers.Tests.ScaleOut;
using MigrationTracker.Workers.Tests.Scanning;
using MigrationTracker.Workers.Tests.Sync;

namespace MigrationTracker.Workers.Tests.Faults;

/// <summary>
/// The disk that holds the git mirrors (the data folder's <c>mirrors</c>, the part that grows with the
/// repositories) fills up while the web process fetches a repository.
/// </summary>
[Collection(FaultTests.Name)]
public sealed class DiskFullTests : IDisposable
{
    private static readonly DateTimeOffset Monday = new(2025, 3, 3, 9, 0, 0, TimeSpan.Zero);

    private readonly TemporaryDirectory _sources = new("mt-disk-full");

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static ITestOutputHelper? Log => TestContext.Current.TestOutputHelper;

    public void Dispose() => _sources.Dispose();

    [Fact]
    public async Task A_fetch_that_fills_the_disk_says_so_keeps_the_history_and_the_sync_completes_once_space_is_freed()
    {
        using var git = new TestGitRepository(_sources.Combine("echo"));
        var first = git.WithEchoC().WithEchoRust().Commit("Echo in C and Rust", Monday);
        await using var product = await WebProduct.StartAsync(null, Cancel);
        await using var disk = await TinyDisk.MountAsync(Path.Combine(product.DataDirectory, "mirrors"), megabytes: 8, Cancel);
        var id = await product.AddRepositoryAsync("Echo drivers", RepositoryKind.LocalPath, git.Path, Cancel);
        product.EnqueueSync(id);
        await product.WaitForRepositoryAsync(id, r => r.Status == RepositoryStatus.Ok, TimeSpan.FromSeconds(60), Cancel);

        // A commit with a firmware image of 3 MB (random bytes: git cannot compress it) while other data leave 1 MB free.
        var firmware = new byte[3 * 1024 * 1024];
        Random.Shared.NextBytes(firmware);
        Directory.CreateDirectory(Path.Combine(git.Path, "firmware"));
        await File.WriteAllBytesAsync(Path.Combine(git.Path, "firmware", "echo.bin"), firmware, Cancel);
        var head = git.Write(EchoFixture.DriverC, DriverFiles.DriverWithExtraGoto).Commit("Firmware image; one more goto", Monday.AddDays(1));
        await disk.FillAllButAsync(1024 * 1024, Cancel);
        Log?.WriteLine($"{disk.AvailableBytes / 1024} KB free on the mirrors' disk");

        var jobId = product.EnqueueSync(id);
        var failed = await product.WaitForRepositoryAsync(id, r => r.Status is RepositoryStatus.Failed or RepositoryStatus.Unreachable || r.LastSyncedCommit == head, TimeSpan.FromSeconds(60), Cancel);
        Log?.WriteLine($"status: {failed.Status}: {failed.LastError}");
        failed.Status.ShouldBe(RepositoryStatus.Failed, "a full disk is no fault of the repository, and a retry may succeed");
        failed.LastError.ShouldNotBeNull().ShouldContain("no space left", Case.Insensitive, product.Web.Output);
        failed.LastError.ShouldContain(disk.Path, Case.Sensitive, "the error names where space is missing");
        failed.LastError.ShouldContain("Free space", Case.Sensitive, "the error says what to do");
        failed.LastSyncedCommit.ShouldBe(first);
        (await product.RepositoriesPageAsync(Cancel)).ShouldContain(failed.LastError);
        await StoredContents.ShouldBeConsistentAsync(product.Database, Cancel);
        (await StoredContents.SnapshotLinesAsync(product.Database, Cancel)).Count.ShouldBe(2, "the history stays as it was");
        product.Web.HasExited.ShouldBeFalse();

        // Space is freed; the job's retry fetches into the same mirror and scans the new commit.
        disk.Free();
        product.RunNow(jobId);
        var synced = await product.WaitForRepositoryAsync(id, r => r.Status == RepositoryStatus.Ok, TimeSpan.FromSeconds(60), Cancel);
        (synced.LastSyncedCommit, synced.LastError).ShouldBe((head, null));
        (await product.RepositoriesPageAsync(Cancel)).ShouldNotContain("no space left", Case.Insensitive);

        await StoredContents.ShouldBeConsistentAsync(product.Database, Cancel);
        await using var world = await SyncWorld.CreateAsync();
        var referenceId = await world.AddRepositoryAsync(git.Path);
        DriverHistories.MoveBranch(git.Path, first);
        await world.Sync.RunAsync(referenceId, Cancel);
        DriverHistories.MoveBranch(git.Path, head);
        await world.Sync.RunAsync(referenceId, Cancel);
        StoredContents.ShouldMatch(await StoredContents.SnapshotLinesAsync(product.Database, Cancel), await StoredContents.SnapshotLinesAsync(world.Storage, Cancel), "snapshots");
        StoredContents.ShouldMatch(await StoredContents.DriverLinesAsync(product.Database, Cancel), await StoredContents.DriverLinesAsync(world.Storage, Cancel), "drivers");
    }
}
