using System.Globalization;
using System.Text.RegularExpressions;
using MigrationTracker.Core.Domain;
using MigrationTracker.Testing;
using MigrationTracker.Workers.Tests.ScaleOut;
using MigrationTracker.Workers.Tests.Sync;

namespace MigrationTracker.Workers.Tests.Faults;

/// <summary>
/// A worker process killed (SIGKILL, as an OOM kill or a lost machine) in the middle of a sync; the
/// backfill case is covered by <see cref="ScaleOutTests"/>.
/// </summary>
[Collection(FaultTests.Name)]
public sealed partial class WorkerKillTests : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(40);

    private readonly TemporaryDirectory _folder = new("mt-sync-kill");

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_sync_whose_worker_process_is_killed_is_taken_over_by_the_next_worker_which_scans_only_what_is_left()
    {
        var history = DriverHistories.Long(_folder.Combine("long"), commits: 120);
        history.Dispose();
        var (first, head) = (history.Commits[0].Sha, history.Commits[^1].Sha);
        var invisibility = new Dictionary<string, string?> { ["Jobs__InvisibilityTimeout"] = "00:00:05" };

        await using var killed = await ScaleOutDatabase.CreateAsync(Cancel);
        await using var reference = await ScaleOutDatabase.CreateAsync(Cancel);
        var worker1 = killed.StartWorker("worker-1", invisibility);
        var undisturbed = reference.StartWorker("reference");
        await killed.WaitUntilServingAsync(worker1, "worker-1", StartTimeout);
        await reference.WaitUntilServingAsync(undisturbed, "reference", StartTimeout);
        var id = await killed.AddLocalRepositoryAsync("long", history.Path, Cancel);
        var referenceId = await reference.AddLocalRepositoryAsync("long", history.Path, Cancel);

        // The first sync sees only the first commit; then 119 commits are pushed and the next sync scans them.
        DriverHistories.MoveBranch(history.Path, first);
        killed.EnqueueSync(id);
        reference.EnqueueSync(referenceId);
        await killed.WaitForRepositoryAsync(id, r => r.Status == RepositoryStatus.Ok, TimeSpan.FromSeconds(60), Cancel);
        await reference.WaitForRepositoryAsync(referenceId, r => r.Status == RepositoryStatus.Ok, TimeSpan.FromSeconds(60), Cancel);
        DriverHistories.MoveBranch(history.Path, head);
        killed.EnqueueSync(id);
        reference.EnqueueSync(referenceId);

        var scanning = await killed.WaitForRepositoryAsync(id, r => ScanningAt(r) >= 5, TimeSpan.FromSeconds(60), Cancel);
        await worker1.KillAsync();
        var atKill = await killed.RepositoryAsync(id, Cancel);
        TestContext.Current.TestOutputHelper?.WriteLine($"worker 1 killed while '{scanning.StatusDetail}' (now '{atKill.StatusDetail}')");
        atKill.Status.ShouldBe(RepositoryStatus.Syncing);
        atKill.LastSyncedCommit.ShouldBe(first);
        await StoredContents.ShouldBeConsistentAsync(killed.Database, Cancel);
        var scannedAtKill = (await StoredContents.ScannedCommitLinesAsync(killed.Database, Cancel)).Count;
        scannedAtKill.ShouldBeLessThan(history.Commits.Count, "the sync was over before the kill");

        // The job was taken; once its invisibility runs out, the next worker takes it over and goes on from the commits scanned.
        var worker2 = killed.StartWorker("worker-2", invisibility);
        var synced = await killed.WaitForRepositoryAsync(id, r => r.Status == RepositoryStatus.Ok, TimeSpan.FromSeconds(90), Cancel);
        (synced.LastSyncedCommit, synced.StatusDetail, synced.LastError).ShouldBe((head, null, null));
        // The repository's row is written before the job logs its summary line, and the process's output arrives through a pipe.
        var done = SyncedLine().Match(worker2.Output);
        for (var waited = 0; !done.Success && waited < 100; waited++)
        {
            await Task.Delay(100, Cancel);
            done = SyncedLine().Match(worker2.Output);
        }

        done.Success.ShouldBeTrue(worker2.Output);
        var rescanned = int.Parse(done.Groups["count"].Value, CultureInfo.InvariantCulture);
        rescanned.ShouldBe(history.Commits.Count - scannedAtKill, "worker 2 scans exactly the commits worker 1 had not recorded");

        await reference.WaitForRepositoryAsync(referenceId, r => r.Status == RepositoryStatus.Ok && r.LastSyncedCommit == head, TimeSpan.FromSeconds(60), Cancel);
        await StoredContents.ShouldBeConsistentAsync(killed.Database, Cancel);
        var snapshots = await killed.SnapshotLinesAsync(Cancel);
        snapshots.Count.ShouldBe(history.Commits.Sum(c => c.Projects.Length));
        StoredContents.ShouldMatch(snapshots, await reference.SnapshotLinesAsync(Cancel), "snapshots");
        StoredContents.ShouldMatch(await killed.DriverLinesAsync(Cancel), await reference.DriverLinesAsync(Cancel), "drivers");
        StoredContents.ShouldMatch(await killed.ScannedCommitLinesAsync(Cancel), await reference.ScannedCommitLinesAsync(Cancel), "scanned commits");
    }

    private static int ScanningAt(Repository repository) =>
        repository.StatusDetail is { } detail && ScanningDetail().Match(detail) is { Success: true } match
            ? int.Parse(match.Groups["at"].Value, CultureInfo.InvariantCulture)
            : 0;

    [GeneratedRegex(@"^Scanning commit (?<at>\d+) of \d+$")]
    private static partial Regex ScanningDetail();

    [GeneratedRegex(@"Synced repository \d+: (?<count>\d+) new commit\(s\) scanned")]
    private static partial Regex SyncedLine();
}
