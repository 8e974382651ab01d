using MigrationTracker.Core.Domain;
using MigrationTracker.Testing;
using MigrationTracker.Workers.Tests.Scanning;
using Microsoft.EntityFrameworkCore;

namespace MigrationTracker.Workers.Tests.Sync;

/// <summary>A backfill stopped part-way (cancelled, or its worker killed) resumes from its checkpoint and ends as if never stopped.</summary>
public sealed class BackfillResumeTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2025, 1, 6, 9, 0, 0, TimeSpan.Zero);
    private const int Commits = 40;
    private const int ToasterDeletedAt = 25;

    private readonly TemporaryDirectory _sources = new("mt-resume-source");
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

    /// <summary>
    /// Forty commits, six hours apart: echo in C with toaster, then a counter line per commit, exception
    /// handling at commit 10, the Rust port at 15 and toaster deleted at 25.
    /// </summary>
    private List<string> BuildHistory()
    {
        var commits = new List<string> { _git.WithEchoC(seh: false).WithToaster().Commit("Echo and toaster", Start) };
        for (var i = 1; i < Commits; i++)
        {
            _git.Write(EchoFixture.DriverC, DriverFiles.DriverWithCounters(i));
            if (i == 10)
            {
                _git.Write(EchoFixture.QueueC, EchoFixture.Queue);
            }
            else if (i == 15)
            {
                _git.WithEchoRust();
            }
            else if (i == ToasterDeletedAt)
            {
                _git.Delete("toaster");
            }

            commits.Add(_git.Commit($"Commit {i}", Start.AddHours(6 * i)));
        }

        return commits;
    }

    [Fact]
    public async Task A_cancelled_backfill_resumes_from_its_checkpoint_and_ends_as_an_uninterrupted_one()
    {
        BuildHistory();
        var id = await _world.AddRepositoryAsync(_git.Path);
        var run = await _world.Backfills.StartAsync(id, since: null, BackfillGranularity.EveryCommit, Token);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var watcher = CancelWhenDoneReachesAsync(run.Id, 3, stop);
        await Should.ThrowAsync<OperationCanceledException>(() => _world.Backfill.RunAsync(run.Id, stop.Token));
        await watcher;

        var stopped = await _world.BackfillRunAsync(run.Id);
        stopped.Status.ShouldBe(BackfillStatus.Running);
        stopped.Done.ShouldBeGreaterThanOrEqualTo(3);
        stopped.Done.ShouldBeLessThan(Commits);
        stopped.Total.ShouldBe(Commits);

        await _world.Backfill.RunAsync(run.Id, Token);

        var finished = await _world.BackfillRunAsync(run.Id);
        (finished.Status, finished.Done, finished.Total).ShouldBe((BackfillStatus.Succeeded, Commits, Commits));
        var snapshots = await _world.SnapshotsAsync(id);
        snapshots.Select(s => (s.DriverId, s.CommitId)).Distinct().Count().ShouldBe(snapshots.Count);

        await using var uninterrupted = await SyncWorld.CreateAsync();
        var reference = await uninterrupted.AddRepositoryAsync(_git.Path);
        (await uninterrupted.BackfillAsync(reference, BackfillGranularity.EveryCommit)).Status.ShouldBe(BackfillStatus.Succeeded);
        var expected = await uninterrupted.SnapshotsAsync(reference);
        expected.Count.ShouldBe(Commits + ToasterDeletedAt + (Commits - 15));
        snapshots.Select(Facts).ShouldBe(expected.Select(Facts), ignoreOrder: true);
    }

    [Fact]
    public async Task A_backfill_resumed_just_after_the_commit_that_deleted_a_driver_still_marks_it_removed()
    {
        var commits = BuildHistory();
        var id = await _world.AddRepositoryAsync(_git.Path);

        // The state a worker killed right after finishing the deleting commit leaves: those commits
        // scanned (here by a backfill that stops at that commit), and a run whose checkpoint is there.
        var deletedAt = Start.AddHours(6 * ToasterDeletedAt).UtcDateTime;
        await _world.BackfillAsync(id, BackfillGranularity.EveryCommit, since: deletedAt);
        int runId;
        await using (var context = _world.Storage.CreateDbContext())
        {
            var killed = new BackfillRun
            {
                RepositoryId = id,
                HeadCommit = commits[^1],
                Granularity = BackfillGranularity.EveryCommit,
                Status = BackfillStatus.Running,
                Done = Commits - ToasterDeletedAt,
                Total = Commits,
                CurrentCommitTime = deletedAt,
                CreatedAt = DateTime.UtcNow,
                StartedAt = DateTime.UtcNow,
                UpdatedAt = DateTime.UtcNow,
            };
            context.BackfillRuns.Add(killed);
            await context.SaveChangesAsync(Token);
            runId = killed.Id;
        }

        await _world.Backfill.RunAsync(runId, Token);

        (await _world.BackfillRunAsync(runId)).Status.ShouldBe(BackfillStatus.Succeeded);
        var toaster = await _world.DriverAsync(id, DriverFiles.ToasterProject);
        toaster.FirstSeenAt.ShouldBe(Start.UtcDateTime);
        toaster.RemovedAt.ShouldBe(deletedAt, $"toaster was deleted by commit {ToasterDeletedAt} ({commits[ToasterDeletedAt]})");
    }

    private static (string, string, int, int, int, double?) Facts(Snapshot s) =>
        (s.Driver!.ProjectPath, s.CommitId, s.CCodeLines + s.HeaderCodeLines, s.RustCodeLines, s.TestCodeLines, s.ReadinessScore);

    /// <summary>Polls the run's checkpoint, as the dashboard does, and cancels once it reaches <paramref name="done"/>.</summary>
    private async Task CancelWhenDoneReachesAsync(int runId, int done, CancellationTokenSource stop)
    {
        await Task.Yield();
        while (!stop.IsCancellationRequested)
        {
            await using var context = _world.Storage.CreateDbContext();
            var current = await context.BackfillRuns.AsNoTracking().Where(b => b.Id == runId).Select(b => b.Done).SingleAsync(Token);
            if (current >= done)
            {
                await stop.CancelAsync();
                return;
            }

            await Task.Delay(5, Token);
        }
    }
}
