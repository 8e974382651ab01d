using MigrationTracker.Core.Domain;
using MigrationTracker.Testing;
using MigrationTracker.Workers.Tests.Scanning;
using Microsoft.EntityFrameworkCore;

namespace MigrationTracker.Workers.Tests.Sync;

/// <summary>
/// Backfills over a dated history: the C echo driver (c1), gotos and exception handling (c2), the
/// Rust port (c3), a feature branch (f1, f2) merged with a merge commit (m) after main deleted the
/// toaster driver (c4).
/// </summary>
public sealed class BackfillJobTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Monday = new(2025, 3, 3, 9, 0, 0, TimeSpan.Zero);
    private const string QueueRs = "rust/echo/src/queue.rs";

    private readonly TemporaryDirectory _sources = new("mt-backfill-source");
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

    private sealed record History(string C1, string C2, string C3, string F1, string F2, string C4, string M);

    private History BuildHistory()
    {
        var c1 = _git.WithEchoC(seh: false).WithToaster().Commit("Echo and toaster in C", Monday);
        var c2 = _git.Write(EchoFixture.QueueC, EchoFixture.Queue).Write(EchoFixture.DriverC, DriverFiles.DriverWithExtraGoto)
            .Commit("Guard the copy with __try, one more goto", new DateTimeOffset(2025, 3, 5, 1, 30, 0, TimeSpan.FromHours(3)));
        var c3 = _git.WithEchoRust().Commit("Rust port of echo", Monday.AddDays(4));
        _git.StartBranch("feature/queue");
        var f1 = _git.Write(QueueRs, "pub fn queue_depth() -> usize {\n    1\n}\n").Commit("Queue depth", Monday.AddDays(5));
        var f2 = _git.Write(QueueRs, "pub fn queue_depth() -> usize {\n    2\n}\n").Commit("Deeper queue", Monday.AddDays(5).AddHours(1));
        _git.Switch(TestGitRepository.MainBranch);
        var c4 = _git.Delete("toaster").Commit("Retire toaster", Monday.AddDays(6));
        var m = _git.Merge("feature/queue", Monday.AddDays(7));
        return new History(c1, c2, c3, f1, f2, c4, m);
    }

    [Fact]
    public async Task An_every_commit_backfill_writes_one_snapshot_per_driver_per_first_parent_commit()
    {
        var history = BuildHistory();
        var id = await _world.AddRepositoryAsync(_git.Path);

        var run = await _world.BackfillAsync(id, BackfillGranularity.EveryCommit);

        run.Status.ShouldBe(BackfillStatus.Succeeded);
        (run.Done, run.Total).ShouldBe((5, 5));
        run.HeadCommit.ShouldBe(history.M);
        run.CurrentCommitTime.ShouldBe(Monday.UtcDateTime, "the oldest commit is finished last");
        var echo = await _world.SnapshotsOfAsync(id, EchoFixture.CProject);
        var toaster = await _world.SnapshotsOfAsync(id, DriverFiles.ToasterProject);
        var rust = await _world.SnapshotsOfAsync(id, EchoFixture.CargoToml);
        echo.Keys.ShouldBe([history.C1, history.C2, history.C3, history.C4, history.M], ignoreOrder: true);
        toaster.Keys.ShouldBe([history.C1, history.C2, history.C3], ignoreOrder: true);
        rust.Keys.ShouldBe([history.C3, history.C4, history.M], ignoreOrder: true);
        (await _world.SnapshotsAsync(id)).ShouldNotContain(s => s.CommitId == history.F1 || s.CommitId == history.F2, "the feature branch's own commits are not on the first-parent line");

        echo[history.C1].CommitTime.ShouldBe(Monday.UtcDateTime);
        echo[history.C2].CommitTime.ShouldBe(new DateTime(2025, 3, 4, 22, 30, 0, DateTimeKind.Utc), "committer time in UTC");
        echo[history.M].CommitTime.ShouldBe(Monday.AddDays(7).UtcDateTime);
        (echo[history.C1].CCodeLines, echo[history.C1].HeaderCodeLines).ShouldBe((38 + 14, DriverFiles.EchoHeaderCode), "queue.c without __try has 14 code lines");
        (echo[history.C2].CCodeLines, echo[history.C2].HeaderCodeLines).ShouldBe((39 + 18, DriverFiles.EchoHeaderCode));
        rust[history.C3].RustCodeLines.ShouldBe(DriverFiles.RustCode);
        rust[history.M].RustCodeLines.ShouldBe(DriverFiles.RustCode + 3, "queue.rs from the merged branch");
    }

    [Fact]
    public async Task Readiness_falls_in_the_commit_that_adds_gotos_and_exception_handling()
    {
        var history = BuildHistory();
        var id = await _world.AddRepositoryAsync(_git.Path);

        await _world.BackfillAsync(id, BackfillGranularity.EveryCommit);

        var echo = await _world.SnapshotsOfAsync(id, EchoFixture.CProject);
        var before = echo[history.C1].ReadinessScore.ShouldNotBeNull();
        var after = echo[history.C2].ReadinessScore.ShouldNotBeNull();
        after.ShouldBeLessThan(before);
        echo[history.C3].ReadinessScore.ShouldBe(after);
        echo[history.C2].MetricsJson.ShouldNotBe(echo[history.C1].MetricsJson);
    }

    [Fact]
    public async Task A_backfill_records_when_drivers_appeared_were_removed_and_were_ported()
    {
        var history = BuildHistory();
        var id = await _world.AddRepositoryAsync(_git.Path);

        await _world.BackfillAsync(id, BackfillGranularity.EveryCommit);

        var echo = await _world.DriverAsync(id, EchoFixture.CProject);
        var toaster = await _world.DriverAsync(id, DriverFiles.ToasterProject);
        var rust = await _world.DriverAsync(id, EchoFixture.CargoToml);
        (await _world.DriversAsync(id)).Count.ShouldBe(3);
        echo.FirstSeenAt.ShouldBe(Monday.UtcDateTime);
        toaster.FirstSeenAt.ShouldBe(Monday.UtcDateTime);
        rust.FirstSeenAt.ShouldBe(Monday.AddDays(4).UtcDateTime);
        echo.RemovedAt.ShouldBeNull();
        rust.RemovedAt.ShouldBeNull();
        toaster.RemovedAt.ShouldBe(Monday.AddDays(6).UtcDateTime, $"toaster was deleted by {history.C4}");
        echo.CounterpartId.ShouldBe(rust.Id);
        echo.PairingSource.ShouldBe(PairingSource.Suggested);
    }

    [Fact]
    public async Task Snapshots_of_a_driver_that_did_not_change_share_one_stored_detail()
    {
        BuildHistory();
        var id = await _world.AddRepositoryAsync(_git.Path);

        await _world.BackfillAsync(id, BackfillGranularity.EveryCommit);

        var snapshots = await _world.SnapshotsAsync(id);
        snapshots.ShouldAllBe(s => s.DetailHash != null);
        (await _world.SnapshotsOfAsync(id, DriverFiles.ToasterProject)).Values.Select(s => s.DetailHash).Distinct().Count().ShouldBe(1);
        await using var context = _world.Storage.CreateDbContext();
        var details = await context.SnapshotDetails.Select(d => d.Hash).ToListAsync(Token);
        details.Count.ShouldBeLessThan(snapshots.Count);
        details.ShouldBe(snapshots.Select(s => s.DetailHash!).Distinct(), ignoreOrder: true);
    }

    [Fact]
    public async Task A_weekly_backfill_scans_the_newest_commit_of_each_week_from_Monday_to_Sunday_UTC()
    {
        var commits = BuildWeeks();
        var id = await _world.AddRepositoryAsync(_git.Path);

        var run = await _world.BackfillAsync(id, BackfillGranularity.Weekly);

        (run.Status, run.Done, run.Total).ShouldBe((BackfillStatus.Succeeded, 3, 3));
        (await _world.SnapshotsAsync(id)).Select(s => s.CommitId).ShouldBe(
            [commits["Mon 10 09:00"], commits["Sun 9 20:00 UTC"], commits["Sun 2 23:30"]], ignoreOrder: true);
    }

    [Fact]
    public async Task A_daily_backfill_scans_the_newest_commit_of_each_UTC_day()
    {
        var commits = BuildWeeks();
        var id = await _world.AddRepositoryAsync(_git.Path);

        var run = await _world.BackfillAsync(id, BackfillGranularity.Daily);

        (run.Status, run.Done, run.Total).ShouldBe((BackfillStatus.Succeeded, 5, 5));
        (await _world.SnapshotsAsync(id)).Select(s => s.CommitId).ShouldBe(
            [commits["Mon 10 09:00"], commits["Sun 9 20:00 UTC"], commits["Wed 5 10:00"], commits["Mon 3 15:00"], commits["Sun 2 23:30"]], ignoreOrder: true);
    }

    /// <summary>Seven commits over three weeks, one driver; one is committed on a Monday at +05:00, which is still Sunday in UTC.</summary>
    private Dictionary<string, string> BuildWeeks()
    {
        var dates = new (string Name, DateTimeOffset When)[]
        {
            ("Sun 2 23:30", new(2025, 3, 2, 23, 30, 0, TimeSpan.Zero)),
            ("Mon 3 00:30", new(2025, 3, 3, 0, 30, 0, TimeSpan.Zero)),
            ("Mon 3 15:00", new(2025, 3, 3, 15, 0, 0, TimeSpan.Zero)),
            ("Wed 5 10:00", new(2025, 3, 5, 10, 0, 0, TimeSpan.Zero)),
            ("Sun 9 20:00 UTC", new(2025, 3, 10, 1, 0, 0, TimeSpan.FromHours(5))),
            ("Mon 10 08:00", new(2025, 3, 10, 8, 0, 0, TimeSpan.Zero)),
            ("Mon 10 09:00", new(2025, 3, 10, 9, 0, 0, TimeSpan.Zero)),
        };
        _git.WithEchoC();
        var commits = new Dictionary<string, string>();
        for (var i = 0; i < dates.Length; i++)
        {
            commits[dates[i].Name] = _git.Write(EchoFixture.DriverC, DriverFiles.DriverWithCounters(i)).Commit(dates[i].Name, dates[i].When);
        }

        return commits;
    }

    [Fact]
    public async Task Running_a_finished_backfill_again_changes_nothing()
    {
        BuildHistory();
        var id = await _world.AddRepositoryAsync(_git.Path);
        var run = await _world.BackfillAsync(id, BackfillGranularity.EveryCommit);
        var counts = await _world.CountsAsync();
        var drivers = await _world.DriversAsync(id);
        var snapshots = await _world.SnapshotsAsync(id);

        await _world.Backfill.RunAsync(run.Id, Token);

        (await _world.BackfillRunAsync(run.Id)).ShouldBeEquivalentTo(run);
        (await _world.CountsAsync()).ShouldBe(counts);
        (await _world.DriversAsync(id)).Select(DriverFacts).ShouldBe(drivers.Select(DriverFacts));
        (await _world.SnapshotsAsync(id)).Select(SnapshotFacts).ShouldBe(snapshots.Select(SnapshotFacts));
    }

    [Fact]
    public async Task A_second_backfill_of_the_same_history_changes_nothing()
    {
        var history = BuildHistory();
        var id = await _world.AddRepositoryAsync(_git.Path);
        await _world.BackfillAsync(id, BackfillGranularity.EveryCommit);
        var counts = await _world.CountsAsync();
        var drivers = await _world.DriversAsync(id);
        var snapshots = await _world.SnapshotsAsync(id);

        var again = await _world.BackfillAsync(id, BackfillGranularity.EveryCommit);

        (again.Status, again.Done, again.Total).ShouldBe((BackfillStatus.Succeeded, 5, 5));
        (await _world.CountsAsync()).ShouldBe(counts);
        (await _world.SnapshotsAsync(id)).Select(SnapshotFacts).ShouldBe(snapshots.Select(SnapshotFacts));
        (await _world.DriversAsync(id)).Select(DriverFacts).ShouldBe(drivers.Select(DriverFacts), $"toaster stays removed at {history.C4}");
    }

    private static (int, string, string, DateTime, DateTime?, int?, PairingSource) DriverFacts(Driver d) =>
        (d.Id, d.ProjectPath, d.Name, d.FirstSeenAt, d.RemovedAt, d.CounterpartId, d.PairingSource);

    private static (long, string, int, double?, string?) SnapshotFacts(Snapshot s) => (s.Id, s.CommitId, s.TotalCodeLines, s.ReadinessScore, s.DetailHash);

    [Fact]
    public async Task A_backfill_after_a_sync_fills_in_the_history_before_the_synced_commit()
    {
        var history = BuildHistory();
        var id = await _world.AddRepositoryAsync(_git.Path);
        await _world.Sync.RunAsync(id, Token);

        await _world.BackfillAsync(id, BackfillGranularity.EveryCommit);

        (await _world.SnapshotsAsync(id)).Count.ShouldBe(5 + 3 + 3);
        var toaster = await _world.DriverAsync(id, DriverFiles.ToasterProject);
        toaster.FirstSeenAt.ShouldBe(Monday.UtcDateTime);
        toaster.RemovedAt.ShouldBe(Monday.AddDays(6).UtcDateTime, $"toaster was deleted by {history.C4}");
        (await _world.DriverAsync(id, EchoFixture.CProject)).FirstSeenAt.ShouldBe(Monday.UtcDateTime);
    }

    [Fact]
    public async Task A_commit_scan_job_scans_one_commit_and_a_second_run_changes_nothing()
    {
        var history = BuildHistory();
        var id = await _world.AddRepositoryAsync(_git.Path);
        await _world.Sync.RunAsync(id, Token);

        await _world.CommitScan.RunAsync(id, history.C2, Token);
        var counts = await _world.CountsAsync();
        var snapshots = await _world.SnapshotsAsync(id);
        await _world.CommitScan.RunAsync(id, history.C2, Token);

        (await _world.CountsAsync()).ShouldBe(counts);
        (await _world.SnapshotsAsync(id)).Select(SnapshotFacts).ShouldBe(snapshots.Select(SnapshotFacts));
        snapshots.Where(s => s.CommitId == history.C2).Select(s => (s.Driver!.ProjectPath, s.CommitTime)).ShouldBe(
            [(EchoFixture.CProject, new DateTime(2025, 3, 4, 22, 30, 0, DateTimeKind.Utc)), (DriverFiles.ToasterProject, new DateTime(2025, 3, 4, 22, 30, 0, DateTimeKind.Utc))],
            ignoreOrder: true);
    }

    [Fact]
    public async Task A_commit_scan_of_an_older_commit_keeps_a_driver_deleted_since_then_marked_removed()
    {
        var history = BuildHistory();
        var id = await _world.AddRepositoryAsync(_git.Path);
        await _world.Sync.RunAsync(id, Token);

        await _world.CommitScan.RunAsync(id, history.C2, Token);

        var toaster = await _world.DriverAsync(id, DriverFiles.ToasterProject);
        toaster.FirstSeenAt.ShouldBe(new DateTime(2025, 3, 4, 22, 30, 0, DateTimeKind.Utc));
        toaster.RemovedAt.ShouldNotBeNull($"toaster was deleted by {history.C4} and is not in the newest analysed commit, the merge {history.M}")
            .ShouldBeInRange(Monday.AddDays(6).UtcDateTime, Monday.AddDays(7).UtcDateTime);
    }
}
