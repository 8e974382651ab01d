using System.Diagnostics;
using System.Text.RegularExpressions;
using MigrationTracker.Core.Domain;
using MigrationTracker.Testing;

namespace MigrationTracker.Workers.Tests.ScaleOut;

/// <summary>
/// Several standalone worker processes (the built <c>MigrationTracker.Workers</c>) sharing the jobs of
/// one real PostgreSQL database, with the test in the web process's place: it registers the
/// repositories and starts the backfills through the product's services.
/// </summary>
public sealed partial class ScaleOutTests : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(40);

    private readonly TemporaryDirectory _folder = new("mt-scaleout-repos");

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Two_worker_processes_backfilling_three_repositories_store_exactly_the_snapshots_one_process_stores()
    {
        var repositories = new List<(string Name, HistoryBuilder History)>();
        for (var team = 0; team < 3; team++)
        {
            var history = DriverHistories.Echo(_folder.Combine($"echo-{team}"), team);
            history.Dispose();
            repositories.Add(($"echo-team-{team}", history));
        }

        await using var two = await ScaleOutDatabase.CreateAsync(Cancel);
        await using var one = await ScaleOutDatabase.CreateAsync(Cancel);

        // Both worker processes of A serve before any job exists, so neither can take all of them alone;
        // each runs one job at a time. B's single worker starts at the same time.
        var clock = Stopwatch.StartNew();
        var workerA1 = two.StartWorker("worker-a1");
        var workerA2 = two.StartWorker("worker-a2");
        var workerB = one.StartWorker("worker-b");
        await two.WaitUntilServingAsync(workerA1, "worker-a1", StartTimeout);
        await two.WaitUntilServingAsync(workerA2, "worker-a2", StartTimeout);
        await one.WaitUntilServingAsync(workerB, "worker-b", StartTimeout);
        var started = clock.Elapsed;

        var runsA = new List<int>();
        var runsB = new List<int>();
        foreach (var (name, history) in repositories)
        {
            runsA.Add(await two.StartBackfillAsync(await two.AddLocalRepositoryAsync(name, history.Path, Cancel), Cancel));
            runsB.Add(await one.StartBackfillAsync(await one.AddLocalRepositoryAsync(name, history.Path, Cancel), Cancel));
        }

        var failuresA = await two.WaitUntilSucceededAsync(runsA, TimeSpan.FromSeconds(75), () => two.WorkersOutput, Cancel);
        TestContext.Current.TestOutputHelper?.WriteLine($"failures seen with two workers: {failuresA.Count} {string.Join("; ", failuresA)}");
        var doneA = clock.Elapsed;
        var failuresB = await one.WaitUntilSucceededAsync(runsB, TimeSpan.FromSeconds(75), () => one.WorkersOutput, Cancel);
        var doneB = clock.Elapsed;
        TestContext.Current.TestOutputHelper?.WriteLine($"workers serving after {started.TotalSeconds:0.0} s; two workers done at {doneA.TotalSeconds:0.0} s, one worker at {doneB.TotalSeconds:0.0} s");

        // Every planned commit done, in both databases.
        foreach (var (runId, (_, history)) in runsA.Zip(repositories))
        {
            var run = await two.RunAsync(runId, Cancel);
            run.Total.ShouldBe(history.Commits.Count);
            run.Done.ShouldBe(run.Total);
        }

        var snapshotsA = await two.SnapshotLinesAsync(Cancel);
        var snapshotsB = await one.SnapshotLinesAsync(Cancel);
        var expectedCount = repositories.Sum(r => r.History.Commits.Sum(c => c.Projects.Length));
        snapshotsB.Count.ShouldBe(expectedCount, "one snapshot per driver per commit, one worker");
        snapshotsA.Count.ShouldBe(expectedCount, "one snapshot per driver per commit, two workers");
        snapshotsA.Distinct().Count().ShouldBe(snapshotsA.Count, "no duplicates");
        snapshotsA.Except(snapshotsB).ShouldBeEmpty("snapshots only the two-worker database has");
        snapshotsB.Except(snapshotsA).ShouldBeEmpty("snapshots only the one-worker database has");
        ShouldMatch(await two.DriverLinesAsync(Cancel), await one.DriverLinesAsync(Cancel), "drivers");

        var integrity = await two.IntegrityAsync(Cancel);
        integrity.Distinct.ShouldBe(integrity.Count);
        integrity.MissingDetails.ShouldBeEmpty("every snapshot's detail is stored");

        // Both worker processes of A did some of the backfills.
        var servers = await two.ProcessingServersAsync(Cancel);
        servers.ShouldContain(s => s.Contains("worker-a1", StringComparison.OrdinalIgnoreCase), $"job history: {string.Join(Environment.NewLine, servers)}");
        servers.ShouldContain(s => s.Contains("worker-a2", StringComparison.OrdinalIgnoreCase), $"job history: {string.Join(Environment.NewLine, servers)}");
        workerA1.Output.ShouldContain("Backfill ", Case.Sensitive, workerA1.Output);
        workerA2.Output.ShouldContain("Backfill ", Case.Sensitive, workerA2.Output);

        // Sharing the work must not make a backfill fail (and wait for Hangfire's retry) where one worker succeeds.
        failuresB.ShouldBeEmpty(one.WorkersOutput);
        failuresA.ShouldBeEmpty($"{string.Join(Environment.NewLine, failuresA)}{Environment.NewLine}{two.WorkersOutput}");
    }

    [Fact]
    public Task A_worker_process_killed_in_the_middle_of_a_backfill_loses_nothing_and_the_next_worker_resumes_at_the_checkpoint() =>
        KillMidBackfillAndCompareAsync(movingDriver: false);

    /// <summary>
    /// A small driver moves to a new folder at every commit, so whichever commit the resumed job
    /// starts at, it first meets a driver path the newer commit no longer has: that driver was removed
    /// at the newer commit, as the uninterrupted backfill records.
    /// </summary>
    [Fact]
    public Task A_driver_moved_at_the_commit_where_a_killed_backfill_resumes_is_still_marked_removed() =>
        KillMidBackfillAndCompareAsync(movingDriver: true);

    private async Task KillMidBackfillAndCompareAsync(bool movingDriver)
    {
        var history = DriverHistories.Long(_folder.Combine("long"), movingDriver: movingDriver);
        history.Dispose();
        var invisibility = new Dictionary<string, string?> { ["Jobs__InvisibilityTimeout"] = "00:00:05" };

        await using var killed = await ScaleOutDatabase.CreateAsync(Cancel);
        await using var reference = await ScaleOutDatabase.CreateAsync(Cancel);

        var first = killed.StartWorker("worker-1", invisibility);
        await killed.WaitUntilServingAsync(first, "worker-1", StartTimeout);
        var runId = await killed.StartBackfillAsync(await killed.AddLocalRepositoryAsync("long", history.Path, Cancel), Cancel);

        // Kill worker 1 once a few commits are done, well before the end.
        var clock = Stopwatch.StartNew();
        BackfillRun run;
        while (true)
        {
            run = await killed.RunAsync(runId, Cancel);
            if (run.Done >= 5 || run.Status is BackfillStatus.Succeeded or BackfillStatus.Failed || clock.Elapsed > TimeSpan.FromSeconds(60) || first.HasExited)
            {
                break;
            }

            await Task.Delay(20, Cancel);
        }

        await first.KillAsync();
        var atKill = await killed.RunAsync(runId, Cancel);
        TestContext.Current.TestOutputHelper?.WriteLine($"worker 1 killed at {atKill.Done}/{atKill.Total} after {clock.Elapsed.TotalSeconds:0.0} s");
        atKill.Done.ShouldBeGreaterThanOrEqualTo(5, $"{ScaleOutDatabase.Describe([atKill])}{Environment.NewLine}{first.Output}");
        atKill.Done.ShouldBeLessThan(atKill.Total, $"the backfill was over before the kill: {ScaleOutDatabase.Describe([atKill])}");
        atKill.Status.ShouldBe(BackfillStatus.Running);

        // The same backfill without interruption, on another database, while worker 2 takes over.
        var uninterrupted = reference.StartWorker("reference");
        await reference.WaitUntilServingAsync(uninterrupted, "reference", StartTimeout);
        var referenceRun = await reference.StartBackfillAsync(await reference.AddLocalRepositoryAsync("long", history.Path, Cancel), Cancel);

        var second = killed.StartWorker("worker-2", invisibility);
        clock.Restart();
        (await killed.WaitUntilSucceededAsync([runId], TimeSpan.FromSeconds(60), () => killed.WorkersOutput, Cancel)).ShouldBeEmpty();
        TestContext.Current.TestOutputHelper?.WriteLine($"worker 2 finished the run {clock.Elapsed.TotalSeconds:0.0} s after it started");
        (await reference.WaitUntilSucceededAsync([referenceRun], TimeSpan.FromSeconds(60), () => reference.WorkersOutput, Cancel)).ShouldBeEmpty();

        var referenceTimes = await reference.RunAsync(referenceRun, Cancel);
        TestContext.Current.TestOutputHelper?.WriteLine($"uninterrupted backfill of {referenceTimes.Total} commits: {(referenceTimes.FinishedAt - referenceTimes.StartedAt)?.TotalSeconds:0.0} s");

        run = await killed.RunAsync(runId, Cancel);
        run.Total.ShouldBe(history.Commits.Count);
        run.Done.ShouldBe(run.Total);

        // Worker 2 resumed at the checkpoint rather than starting over.
        var resumed = ResumeLine().Match(second.Output);
        resumed.Success.ShouldBeTrue($"worker 2 should say where it resumes:{Environment.NewLine}{second.Output}");
        var resumedAt = int.Parse(resumed.Groups["at"].Value, System.Globalization.CultureInfo.InvariantCulture);
        resumedAt.ShouldBeGreaterThan(atKill.Done, "the checkpoint only moves forward");
        resumedAt.ShouldBeLessThanOrEqualTo(atKill.Done + 2, "at most the commit in flight at the kill is scanned again");

        // Every planned commit has its snapshots, each exactly once, and the result equals the uninterrupted one.
        var integrity = await killed.IntegrityAsync(Cancel);
        integrity.Count.ShouldBe(history.Commits.Sum(c => c.Projects.Length));
        integrity.Distinct.ShouldBe(integrity.Count, "no (driver, commit) twice");
        integrity.MissingDetails.ShouldBeEmpty();
        var byCommit = await killed.SnapshotDriversByCommitAsync(Cancel);
        foreach (var commit in history.Commits)
        {
            byCommit.TryGetValue(commit.Sha, out var drivers).ShouldBeTrue($"commit {commit.Sha} has no snapshot");
            drivers.ShouldBe(commit.Projects, $"drivers with a snapshot at {commit.Sha}");
        }

        var snapshots = await killed.SnapshotLinesAsync(Cancel);
        var expected = await reference.SnapshotLinesAsync(Cancel);
        snapshots.Except(expected).ShouldBeEmpty("snapshots only the interrupted backfill has");
        expected.Except(snapshots).ShouldBeEmpty("snapshots only the uninterrupted backfill has");
        ShouldMatch(await killed.DriverLinesAsync(Cancel), await reference.DriverLinesAsync(Cancel), "drivers");
    }

    [Fact]
    public async Task A_backfill_running_longer_than_the_invisibility_timeout_stays_with_the_worker_that_took_it()
    {
        var history = DriverHistories.Long(_folder.Combine("long"), commits: 250);
        history.Dispose();
        var invisibility = TimeSpan.FromSeconds(5);
        var settings = new Dictionary<string, string?> { ["Jobs__InvisibilityTimeout"] = "00:00:05" };

        await using var database = await ScaleOutDatabase.CreateAsync(Cancel);
        var first = database.StartWorker("worker-1", settings);
        var second = database.StartWorker("worker-2", settings);
        await database.WaitUntilServingAsync(first, "worker-1", StartTimeout);
        await database.WaitUntilServingAsync(second, "worker-2", StartTimeout);

        var runId = await database.StartBackfillAsync(await database.AddLocalRepositoryAsync("long", history.Path, Cancel), Cancel);
        var failures = await database.WaitUntilSucceededAsync([runId], TimeSpan.FromSeconds(75), () => database.WorkersOutput, Cancel);

        var run = await database.RunAsync(runId, Cancel);
        var took = (run.FinishedAt - run.StartedAt)!.Value;
        TestContext.Current.TestOutputHelper?.WriteLine($"backfill of {run.Total} commits with two workers serving: {took.TotalSeconds:0.0} s");
        took.ShouldBeGreaterThan(invisibility * 2, "the backfill must outlast the invisibility timeout for this test to mean anything");

        // The running job's invisibility slides: the idle worker never takes it over while its worker lives.
        failures.ShouldBeEmpty();
        var servers = await database.ProcessingServersAsync(Cancel);
        servers.Count.ShouldBe(1, $"the job went into processing more than once:{Environment.NewLine}{string.Join(Environment.NewLine, servers)}{Environment.NewLine}{database.WorkersOutput}");
        database.WorkersOutput.ShouldNotContain("resumes at commit");
        var integrity = await database.IntegrityAsync(Cancel);
        integrity.Count.ShouldBe(history.Commits.Sum(c => c.Projects.Length));
        integrity.Distinct.ShouldBe(integrity.Count);
    }

    [Fact]
    public async Task Two_backfills_of_the_same_repository_running_at_once_on_two_workers_store_each_snapshot_once()
    {
        var history = DriverHistories.Echo(_folder.Combine("echo"), team: 1, commits: 40);
        history.Dispose();

        await using var twice = await ScaleOutDatabase.CreateAsync(Cancel);
        await using var once = await ScaleOutDatabase.CreateAsync(Cancel);
        var first = twice.StartWorker("worker-1");
        var second = twice.StartWorker("worker-2");
        var single = once.StartWorker("reference");
        await twice.WaitUntilServingAsync(first, "worker-1", StartTimeout);
        await twice.WaitUntilServingAsync(second, "worker-2", StartTimeout);
        await once.WaitUntilServingAsync(single, "reference", StartTimeout);

        // An operator starts the same backfill twice (or two people do): both runs go to work at once.
        var repositoryId = await twice.AddLocalRepositoryAsync("echo", history.Path, Cancel);
        int[] runs = [await twice.StartBackfillAsync(repositoryId, Cancel), await twice.StartBackfillAsync(repositoryId, Cancel)];
        var referenceRun = await once.StartBackfillAsync(await once.AddLocalRepositoryAsync("echo", history.Path, Cancel), Cancel);

        var failures = await twice.WaitUntilSucceededAsync(runs, TimeSpan.FromSeconds(75), () => twice.WorkersOutput, Cancel);
        TestContext.Current.TestOutputHelper?.WriteLine($"failures seen while both runs went: {failures.Count} {string.Join("; ", failures)}");
        (await once.WaitUntilSucceededAsync([referenceRun], TimeSpan.FromSeconds(60), () => once.WorkersOutput, Cancel)).ShouldBeEmpty();

        var servers = await twice.ProcessingServersAsync(Cancel);
        servers.ShouldContain(s => s.Contains("worker-1", StringComparison.OrdinalIgnoreCase), string.Join(Environment.NewLine, servers));
        servers.ShouldContain(s => s.Contains("worker-2", StringComparison.OrdinalIgnoreCase), string.Join(Environment.NewLine, servers));

        var integrity = await twice.IntegrityAsync(Cancel);
        integrity.Count.ShouldBe(history.Commits.Sum(c => c.Projects.Length));
        integrity.Distinct.ShouldBe(integrity.Count, "no (driver, commit) twice");
        integrity.MissingDetails.ShouldBeEmpty();
        var snapshots = await twice.SnapshotLinesAsync(Cancel);
        var expected = await once.SnapshotLinesAsync(Cancel);
        snapshots.Except(expected).ShouldBeEmpty("snapshots only the doubled backfill has");
        expected.Except(snapshots).ShouldBeEmpty("snapshots only the single backfill has");
        ShouldMatch(await twice.DriverLinesAsync(Cancel), await once.DriverLinesAsync(Cancel), "drivers");

        // Each job is safe to run twice, also at the same time: neither run fails and waits for a retry.
        failures.ShouldBeEmpty($"{string.Join(Environment.NewLine, failures)}{Environment.NewLine}{twice.WorkersOutput}");
    }

    /// <summary>The same lines on both sides, with a message naming only the lines that differ.</summary>
    private static void ShouldMatch(List<string> actual, List<string> expected, string what)
    {
        var extra = actual.Except(expected).ToList();
        var missing = expected.Except(actual).ToList();
        (extra.Count + missing.Count).ShouldBe(0,
            $"{what} differ from the single uninterrupted run.{Environment.NewLine}Only here ({extra.Count}):{Environment.NewLine}{string.Join(Environment.NewLine, extra)}{Environment.NewLine}Expected ({missing.Count}):{Environment.NewLine}{string.Join(Environment.NewLine, missing)}");
        actual.Count.ShouldBe(expected.Count, what);
    }

    [GeneratedRegex(@"resumes at commit (?<at>\d+) of (?<total>\d+)")]
    private static partial Regex ResumeLine();
}
