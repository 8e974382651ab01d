using System.Text.Json;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using MigrationTracker.Core.Analysis;
using MigrationTracker.Core.Analysis.Scanning;
using MigrationTracker.Core.Domain;
using MigrationTracker.Core.Jobs;
using MigrationTracker.Core.Scoring;
using MigrationTracker.Core.Storage;
using MigrationTracker.Testing;
using Microsoft.EntityFrameworkCore;

namespace MigrationTracker.Core.Tests.Scoring;

public sealed class PolicyStoreTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    // 1,000 C lines of KMDF with 5 gotos: 5 per 1,000 lines, half of goto's full penalty (10); nothing else costs anything.
    // Default: goto weighs 4 of 100 → 4/100 × 0.5 × 100 = 2 points off → 98.
    // Goto weight 24 (total 120): 24/120 × 0.5 × 100 = 10 points off → 90, a change of -8.
    private static readonly CDriverProfile Profile = Profiles.Driver(DriverModel.Kmdf, 1_000).With(CConstruct.Goto, 5);

    private static ReadinessPolicy HeavierGoto => ReadinessPolicy.Default with
    {
        Factors = new Dictionary<string, FactorPolicy>(ReadinessPolicy.Default.Factors)
        {
            [ReadinessFactors.Goto] = ReadinessPolicy.Default.Factor(ReadinessFactors.Goto) with { Weight = 24 },
        },
    };

    [Fact]
    public async Task Saving_after_the_default_stores_version_2_and_queues_its_rescoring()
    {
        await using var storage = await TestStorage.CreateAsync(DatabaseProvider.Sqlite, Cancel);
        var jobs = new RecordingJobs();
        var store = new PolicyStore(storage, jobs, TimeProvider.System);

        (await store.CurrentAsync(Cancel)).ShouldBe(ReadinessPolicy.Default);
        var saved = await store.SaveAsync(HeavierGoto with { Version = 7 }, "ana", "goto matters more", Cancel);

        saved.Policy.Version.ShouldBe(2);
        var current = await store.CurrentAsync(Cancel);
        current.Version.ShouldBe(2);
        current.Factor(ReadinessFactors.Goto).Weight.ShouldBe(24);
        await using var context = storage.CreateDbContext();
        var row = await context.ScoringPolicies.SingleAsync(Cancel);
        (row.Version, row.CreatedBy, row.Comment).ShouldBe((2, "ana", "goto matters more"));
        jobs.Created.ShouldHaveSingleItem().Method.DeclaringType.ShouldBe(typeof(IRescoreJob));
        jobs.Created[0].Args[0].ShouldBe(2);
        (await store.NextVersionAsync(Cancel)).ShouldBe(3);
    }

    [Fact]
    public async Task An_invalid_policy_is_refused_with_its_problems_and_nothing_is_stored()
    {
        await using var storage = await TestStorage.CreateAsync(DatabaseProvider.Sqlite, Cancel);
        var jobs = new RecordingJobs();
        var store = new PolicyStore(storage, jobs, TimeProvider.System);

        var error = await Should.ThrowAsync<PolicyValidationException>(() =>
            store.SaveAsync(ReadinessPolicy.Default with { Bands = new BandThresholds(40, 70) }, null, null, Cancel));

        error.Problems.ShouldContain(p => p.StartsWith("bands:", StringComparison.Ordinal));
        await using var context = storage.CreateDbContext();
        (await context.ScoringPolicies.CountAsync(Cancel)).ShouldBe(0);
        jobs.Created.ShouldBeEmpty();
    }

    [Fact]
    public async Task Preview_lists_a_driver_whose_score_changes_by_the_hand_computed_delta()
    {
        await using var storage = await TestStorage.CreateAsync(DatabaseProvider.Sqlite, Cancel);
        var (driverId, _) = await AddScoredDriverAsync(storage);
        var store = new PolicyStore(storage, new RecordingJobs(), TimeProvider.System);

        var rows = await store.PreviewAsync(HeavierGoto with { Version = 2 }, Cancel);

        var row = rows.ShouldHaveSingleItem();
        row.DriverId.ShouldBe(driverId);
        row.OldScore.ShouldBe(98, 1e-9);
        row.NewScore.ShouldBe(90, 1e-9);
        row.Delta.ShouldBe(-8, 1e-9);
        (row.OldBand, row.NewBand, row.BandChanged).ShouldBe((ReadinessBand.Ready, ReadinessBand.Ready, false));
    }

    [Fact]
    public async Task Rescoring_updates_score_band_version_and_detail_without_touching_code_lines_and_twice_changes_nothing()
    {
        await using var storage = await TestStorage.CreateAsync(DatabaseProvider.Sqlite, Cancel);
        var (_, snapshotId) = await AddScoredDriverAsync(storage);
        var store = new PolicyStore(storage, new RecordingJobs(), TimeProvider.System);
        var heavier = HeavierGoto with { Bands = new BandThresholds(ReadyAtLeast: 95, NeedsWorkAtLeast: 40) };
        var saved = await store.SaveAsync(heavier, null, null, Cancel);
        string oldHash;
        await using (var context = storage.CreateDbContext())
        {
            oldHash = (await context.Snapshots.SingleAsync(s => s.Id == snapshotId, Cancel)).DetailHash!;
        }

        var first = await store.RescoreAsync(saved.Policy.Version, Cancel);

        first.ShouldBe(new RescoreResult(1, 1));
        Snapshot after;
        await using (var context = storage.CreateDbContext())
        {
            after = await context.Snapshots.AsNoTracking().SingleAsync(s => s.Id == snapshotId, Cancel);
            after.ReadinessScore!.Value.ShouldBe(90, 1e-9);
            after.ReadinessBand.ShouldBe(ReadinessBand.NeedsWork);
            after.ScoringPolicyVersion.ShouldBe(2);
            after.CCodeLines.ShouldBe(1_000);
            after.DetailHash.ShouldNotBe(oldHash);
            JsonSerializer.Deserialize<Dictionary<string, double>>(after.ScoreJson!)![ReadinessFactors.Goto].ShouldBe(10);

            var detail = DriverDetail.FromJson((await context.SnapshotDetails.SingleAsync(d => d.Hash == after.DetailHash, Cancel)).Json);
            detail.Readiness!.PolicyVersion.ShouldBe(2);
            detail.Readiness.Score.ShouldBe(90, 1e-9);
            detail.Code.CCode.ShouldBe(1_000);
            detail.Profile.ShouldNotBeNull().CCodeLines.ShouldBe(1_000);
            DriverDetail.HashOf(detail.ToJson()).ShouldBe(after.DetailHash);
        }

        var second = await store.RescoreAsync(saved.Policy.Version, Cancel);

        second.ShouldBe(new RescoreResult(0, 0));
        await using (var context = storage.CreateDbContext())
        {
            var again = await context.Snapshots.AsNoTracking().SingleAsync(s => s.Id == snapshotId, Cancel);
            (again.ReadinessScore, again.ReadinessBand, again.ScoringPolicyVersion, again.DetailHash, again.ScoreJson)
                .ShouldBe((after.ReadinessScore, after.ReadinessBand, after.ScoringPolicyVersion, after.DetailHash, after.ScoreJson));
        }
    }

    private static async Task<(int DriverId, long SnapshotId)> AddScoredDriverAsync(TestStorage storage)
    {
        var readiness = ReadinessScorer.Score(Profile, ReadinessPolicy.Default);
        var json = new DriverDetail(new DriverCode(1, 1_000, 0, 0, 0, 0, 0), DriverFramework.None, [], Profile, readiness, null).ToJson();
        var hash = DriverDetail.HashOf(json);
        await using var context = storage.CreateDbContext();
        var repository = new Repository { Name = "drivers", Kind = RepositoryKind.LocalPath, Location = "/srv/git/drivers.git" };
        var driver = new Driver { Repository = repository, ProjectPath = "gotos/gotos.vcxproj", Name = "gotos", Language = DriverLanguage.C, Model = DriverModel.Kmdf };
        var snapshot = new Snapshot
        {
            Driver = driver,
            CommitId = "c1",
            CommitTime = new DateTime(2026, 11, 20, 12, 0, 0, DateTimeKind.Utc),
            AnalyzedAt = new DateTime(2026, 11, 21, 12, 0, 0, DateTimeKind.Utc),
            CCodeLines = 1_000,
            ReadinessScore = readiness.Score,
            ReadinessBand = readiness.Band,
            ScoringPolicyVersion = readiness.PolicyVersion,
            MetricsJson = "{}",
            DetailHash = hash,
        };
        context.SnapshotDetails.Add(new SnapshotDetail { Hash = hash, Json = json, CreatedAt = snapshot.AnalyzedAt });
        context.Snapshots.Add(snapshot);
        await context.SaveChangesAsync(Cancel);
        readiness.Score.ShouldBe(98, 1e-9);
        return (driver.Id, snapshot.Id);
    }

    /// <summary>Records the jobs a store queues instead of queueing them.</summary>
    private sealed class RecordingJobs : IBackgroundJobClient
    {
        public List<Job> Created { get; } = [];

        public string Create(Job job, IState state)
        {
            Created.Add(job);
            return Created.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        public bool ChangeState(string jobId, IState state, string expectedState) => true;
    }
}
