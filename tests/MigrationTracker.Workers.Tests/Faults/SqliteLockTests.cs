using System.Diagnostics;
using MigrationTracker.Core.Domain;
using MigrationTracker.Testing;
using MigrationTracker.Workers.Tests.ScaleOut;
using MigrationTracker.Workers.Tests.Sync;

namespace MigrationTracker.Workers.Tests.Faults;

/// <summary>
/// Another program holds the web process's SQLite database (tracker.db) locked while a job of the web
/// process writes to it: a short lock is waited out, a lock past the busy timeout fails the job in plain
/// words, and after the lock is gone the job's retry completes it. Either way the data end up as an
/// undisturbed run leaves them.
/// </summary>
[Collection(FaultTests.Name)]
public sealed class SqliteLockTests : IDisposable
{
    private readonly TemporaryDirectory _folder = new("mt-sqlite-lock");

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static ITestOutputHelper? Log => TestContext.Current.TestOutputHelper;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_backfill_waits_while_another_program_holds_the_database_briefly_and_stores_what_an_undisturbed_backfill_stores()
    {
        var history = DriverHistories.Long(_folder.Combine("long"), commits: 60);
        history.Dispose();
        await using var product = await WebProduct.StartAsync(null, Cancel);
        var repositoryId = await product.AddRepositoryAsync("long", RepositoryKind.LocalPath, history.Path, Cancel);
        var started = await product.StartBackfillAsync(repositoryId, Cancel);
        var reference = ReferenceBackfillAsync(history.Path);

        var run = await WaitForBackfillAsync(product, started.Id, r => r.Done >= 3 || r.Status is BackfillStatus.Succeeded or BackfillStatus.Failed);
        run.Status.ShouldBe(BackfillStatus.Running, "the backfill should still run when the lock is taken");

        // The other program keeps its transaction open for a few seconds, well within the product's 30 s busy timeout.
        var clock = Stopwatch.StartNew();
        await using (var held = await DatabaseLock.TakeAsync(product.DatabasePath, Cancel))
        {
            var atLock = await product.RunAsync(started.Id, Cancel);
            await Task.Delay(TimeSpan.FromSeconds(5), Cancel);
            var whileLocked = await product.RunAsync(started.Id, Cancel);
            Log?.WriteLine($"lock held {clock.Elapsed.TotalSeconds:0.0} s at {atLock.Done}/{atLock.Total}");
            whileLocked.Done.ShouldBe(atLock.Done, "no commit can be recorded while another program holds the database");
            whileLocked.Status.ShouldBe(BackfillStatus.Running);
            await held.ReleaseAsync();
        }

        run = await WaitForBackfillAsync(product, started.Id, r => r.Status is BackfillStatus.Succeeded or BackfillStatus.Failed);
        run.Status.ShouldBe(BackfillStatus.Succeeded, $"{run.LastError}{Environment.NewLine}{product.Web.Output}");
        run.LastError.ShouldBeNull();
        (run.Done, run.Total).ShouldBe((history.Commits.Count, history.Commits.Count));
        product.JobStates(run.JobId!).ShouldNotContain("Failed", "the job waited for the lock instead of failing");
        (await product.RepositoryAsync(repositoryId, Cancel)).Status.ShouldBe(RepositoryStatus.Ok);

        await using var world = await reference;
        await ShouldEqualUndisturbedAsync(product, world, history.Commits.Sum(c => c.Projects.Length));
    }

    [Fact]
    public async Task A_sync_that_outwaits_the_busy_timeout_fails_saying_the_database_is_locked_and_its_retry_after_the_release_completes_it()
    {
        var history = DriverHistories.Long(_folder.Combine("long"), commits: 60);
        history.Dispose();
        var (first, head) = (history.Commits[0].Sha, history.Commits[^1].Sha);
        await using var world = await SyncWorld.CreateAsync();
        var referenceId = await world.AddRepositoryAsync(history.Path, "long");
        await using var product = await WebProduct.StartAsync(null, Cancel);
        var repositoryId = await product.AddRepositoryAsync("long", RepositoryKind.LocalPath, history.Path, Cancel);

        // The first sync sees only the first commit; then 59 commits are pushed and the next sync scans them.
        DriverHistories.MoveBranch(history.Path, first);
        product.EnqueueSync(repositoryId);
        await world.Sync.RunAsync(referenceId, Cancel);
        await product.WaitForRepositoryAsync(repositoryId, r => r.Status == RepositoryStatus.Ok, TimeSpan.FromSeconds(60), Cancel);
        DriverHistories.MoveBranch(history.Path, head);
        var jobId = product.EnqueueSync(repositoryId);
        var reference = world.Sync.RunAsync(referenceId, Cancel);
        var scanning = await product.WaitForRepositoryAsync(repositoryId, r => r.StatusDetail is { } detail && detail.StartsWith("Scanning commit ", StringComparison.Ordinal) && !detail.StartsWith("Scanning commit 1 ", StringComparison.Ordinal) && !detail.StartsWith("Scanning commit 2 ", StringComparison.Ordinal), TimeSpan.FromSeconds(60), Cancel);
        scanning.Status.ShouldBe(RepositoryStatus.Syncing);

        // The other program holds its transaction until the job has given up waiting (30 s), then lets go.
        var clock = Stopwatch.StartNew();
        await using (var held = await DatabaseLock.TakeAsync(product.DatabasePath, Cancel))
        {
            Log?.WriteLine($"lock taken while '{scanning.StatusDetail}'");
            await product.Web.WaitForOutputAsync("database is locked", TimeSpan.FromSeconds(90));
            Log?.WriteLine($"the job gave up waiting after {clock.Elapsed.TotalSeconds:0.0} s");
            await held.ReleaseAsync();
        }

        var failed = await product.WaitForRepositoryAsync(repositoryId, r => r.Status == RepositoryStatus.Failed, TimeSpan.FromSeconds(60), Cancel);
        Log?.WriteLine($"status: {failed.Status}: {failed.LastError}");
        failed.LastError.ShouldNotBeNull().ShouldContain("locked by another program", Case.Sensitive, product.Web.Output);
        failed.LastError.ShouldContain(product.DatabasePath);
        failed.LastError.ShouldContain("retried");
        failed.LastErrorAt.ShouldNotBeNull();
        failed.StatusDetail.ShouldBeNull();
        failed.LastSyncedCommit.ShouldBe(first, "the sync did not finish");
        var page = await product.RepositoriesPageAsync(Cancel);
        page.ShouldContain(failed.LastError, Case.Sensitive, "the Repositories page shows the error as it is stored");
        await StoredContents.ShouldBeConsistentAsync(product.Database, Cancel);

        var states = await WaitForJobStateAsync(product, jobId, "Scheduled");
        states.ShouldContain("Failed", "Hangfire records the failure and schedules a retry");

        // Once the lock is gone the retry (run at once, as "Enqueue now" does) takes up where the scans stopped.
        product.RunNow(jobId);
        var synced = await product.WaitForRepositoryAsync(repositoryId, r => r.Status == RepositoryStatus.Ok, TimeSpan.FromSeconds(90), Cancel);
        synced.LastSyncedCommit.ShouldBe(head);
        synced.LastError.ShouldBeNull();
        (await product.RepositoriesPageAsync(Cancel)).ShouldNotContain("locked by another program");
        await WaitForJobStateAsync(product, jobId, "Succeeded");

        await reference;
        await ShouldEqualUndisturbedAsync(product, world, history.Commits.Sum(c => c.Projects.Length));
    }

    private async Task<SyncWorld> ReferenceBackfillAsync(string path)
    {
        var world = await SyncWorld.CreateAsync();
        var id = await world.AddRepositoryAsync(path, "long");
        (await world.BackfillAsync(id, BackfillGranularity.EveryCommit)).Status.ShouldBe(BackfillStatus.Succeeded);
        return world;
    }

    private static async Task<BackfillRun> WaitForBackfillAsync(WebProduct product, int runId, Func<BackfillRun, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        BackfillRun run;
        do
        {
            run = await product.RunAsync(runId, Cancel);
            if (done(run))
            {
                return run;
            }

            await Task.Delay(50, Cancel);
        }
        while (DateTime.UtcNow < deadline && !product.Web.HasExited);

        throw new TimeoutException($"{ScaleOutDatabase.Describe([run])}{Environment.NewLine}{product.Web.Output}");
    }

    private static async Task<List<string>> WaitForJobStateAsync(WebProduct product, string jobId, string state)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        List<string> states;
        do
        {
            states = product.JobStates(jobId);
            if (states.Count > 0 && states[^1] == state)
            {
                return states;
            }

            await Task.Delay(100, Cancel);
        }
        while (DateTime.UtcNow < deadline);

        throw new TimeoutException($"Job {jobId} went through {string.Join(" → ", states)}, not into {state}:{Environment.NewLine}{product.Web.Output}");
    }

    private static async Task ShouldEqualUndisturbedAsync(WebProduct product, SyncWorld undisturbed, int snapshots)
    {
        await StoredContents.ShouldBeConsistentAsync(product.Database, Cancel);
        var actual = await StoredContents.SnapshotLinesAsync(product.Database, Cancel);
        actual.Count.ShouldBe(snapshots);
        StoredContents.ShouldMatch(actual, await StoredContents.SnapshotLinesAsync(undisturbed.Storage, Cancel), "snapshots");
        StoredContents.ShouldMatch(await StoredContents.DriverLinesAsync(product.Database, Cancel), await StoredContents.DriverLinesAsync(undisturbed.Storage, Cancel), "drivers");
        StoredContents.ShouldMatch(await StoredContents.ScannedCommitLinesAsync(product.Database, Cancel), await StoredContents.ScannedCommitLinesAsync(undisturbed.Storage, Cancel), "scanned commits");
    }
}
