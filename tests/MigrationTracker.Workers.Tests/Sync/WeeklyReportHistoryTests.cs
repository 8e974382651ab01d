using MigrationTracker.Core.Data;
using MigrationTracker.Core.Domain;
using MigrationTracker.Core.Jobs;
using MigrationTracker.Core.Portfolio;
using MigrationTracker.Core.Reports;
using MigrationTracker.Testing;
using MigrationTracker.Workers.Tests.Scanning;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MigrationTracker.Workers.Tests.Sync;

/// <summary>
/// Weekly reports over a real git history scanned by the product's jobs: what a week's report says, and that it
/// says the same when regenerated after later commits and later edits.
/// </summary>
public sealed class WeeklyReportHistoryTests : IAsyncLifetime
{
    // Week 2025-W10 runs Monday 2025-03-03 to Sunday 2025-03-09; W11 from 2025-03-10; W13 from 2025-03-24.
    private static readonly DateOnly Week10 = new(2025, 3, 3);
    private static readonly DateOnly Week11 = new(2025, 3, 10);
    private static readonly DateOnly Week13 = new(2025, 3, 24);

    private readonly TemporaryDirectory _sources = new("mt-report-source");
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

    private ReportStore Store => _world.Services.GetRequiredService<ReportStore>();

    [Fact]
    public async Task A_past_weeks_report_is_the_same_after_later_commits_and_edits()
    {
        _git.WithEchoC().Commit("Echo driver in C", new DateTimeOffset(2025, 3, 4, 10, 0, 0, TimeSpan.Zero));
        _git.WithEchoRust().Commit("Rust port of echo", new DateTimeOffset(2025, 3, 12, 10, 0, 0, TimeSpan.Zero));
        var id = await _world.AddRepositoryAsync(_git.Path);
        (await _world.BackfillAsync(id, BackfillGranularity.EveryCommit)).Status.ShouldBe(BackfillStatus.Succeeded);

        var first = await Store.GenerateAsync(Week11, WeeklyReport.OrganisationScope, "test", replace: false, Token);
        var report = ReportStore.Model(first);

        // The C driver (3 files: 56 C + 18 header code lines) and its Rust port (24 code lines, tests apart) both exist by Sunday.
        report.Drivers.Select(d => (d.Name, d.Language, d.CCodeLines, d.RustCodeLines)).ShouldBe(
        [
            ("echo", "C", DriverFiles.EchoCCode + DriverFiles.EchoHeaderCode, 0),
            (EchoFixture.RustCrate, "Rust", 0, DriverFiles.RustCode),
        ], ignoreOrder: true);
        var c = report.Drivers.Single(d => d.Name == "echo");
        c.CCodeLinesBefore.ShouldBe(DriverFiles.EchoCCode + DriverFiles.EchoHeaderCode, "the C driver already stood at the end of week 10");
        c.Counterpart.ShouldBe(EchoFixture.RustCrate);
        report.Drivers.Single(d => d.Language == "Rust").RustCodeLinesBefore.ShouldBeNull("the port did not exist a week earlier");
        Figure(report, "drivers").ShouldBe((2, 1));
        Figure(report, "c_with_port").ShouldBe((1, 0));
        Figure(report, "rust_share").Now!.Value.ShouldBe(DriverFiles.RustCode / (double)(DriverFiles.RustCode + DriverFiles.EchoCCode + DriverFiles.EchoHeaderCode), 1e-12);
        report.NewlyPaired.Single().Driver.ShouldBe("echo");
        report.NewlyPaired.Single().On.ShouldBe(new DateOnly(2025, 3, 12));
        report.Regressions.Select(r => r.Kind).ShouldBe([RegressionKind.NewWithoutOwner], "the port is new and nobody owns it");

        // Later: the C driver is deleted in week 13, and someone edits the stage of the C driver today.
        foreach (var path in new[] { EchoFixture.CProject, EchoFixture.CInf, EchoFixture.DriverC, EchoFixture.QueueC, EchoFixture.DeviceH })
        {
            _git.Delete(path);
        }

        _git.Commit("Retire the C echo driver", new DateTimeOffset(2025, 3, 26, 10, 0, 0, TimeSpan.Zero));
        await _world.Sync.RunAsync(id, Token);
        var pages = new DriverPages(_world.Services.GetRequiredService<IDbContextFactory<TrackerDbContext>>(), TimeProvider.System);
        await pages.UpdateAsync(c.Id, MigrationStage.Migrated, null, null, DriverEditor.AnyTeam("someone"), Token);

        // A stored report of a finished week is kept as it was...
        (await Store.GenerateAsync(Week11, WeeklyReport.OrganisationScope, "test", replace: false, Token)).ModelJson.ShouldBe(first.ModelJson);

        // ...and rebuilding it from the data gives the same figures.
        var rebuilt = await Store.GenerateAsync(Week11, WeeklyReport.OrganisationScope, "test", replace: true, Token);
        Normalise(rebuilt.ModelJson).ShouldBe(Normalise(first.ModelJson));

        // Week 13's report tells the migration.
        var week13 = ReportStore.Model(await Store.GenerateAsync(Week13, WeeklyReport.OrganisationScope, "test", replace: false, Token));
        week13.NewlyMigrated.Select(e => (e.Driver, e.On)).ShouldBe([("echo", new DateOnly(2025, 3, 26))]);
        week13.Drivers.Select(d => d.Name).ShouldBe([EchoFixture.RustCrate]);
        Figure(week13, "migrated").ShouldBe((1, 0));
        Figure(week13, "c_lines").ShouldBe((0, DriverFiles.EchoCCode + DriverFiles.EchoHeaderCode));

        await using var db = _world.Storage.CreateDbContext();
        (await db.Reports.CountAsync(Token)).ShouldBe(2, "regenerating a week replaces its report, it does not add one");
    }

    [Fact]
    public async Task The_weekly_job_stores_one_report_per_scope_however_often_it_runs()
    {
        _git.WithEchoC().Commit("Echo driver in C", new DateTimeOffset(2025, 3, 4, 10, 0, 0, TimeSpan.Zero));
        var id = await _world.AddRepositoryAsync(_git.Path);
        await _world.Sync.RunAsync(id, Token);
        await using (var db = _world.Storage.CreateDbContext())
        {
            db.Teams.AddRange(new Team { Name = "Audio", Slug = "audio" }, new Team { Name = "Storage", Slug = "storage" });
            await db.SaveChangesAsync(Token);
        }

        var job = _world.Services.GetRequiredService<IWeeklyReportJob>();
        await job.RunAsync(Token);
        await job.RunAsync(Token);

        await using var check = _world.Storage.CreateDbContext();
        var stored = await check.Reports.AsNoTracking().OrderBy(r => r.Scope).ToListAsync(Token);
        stored.Select(r => r.Scope).ShouldBe(["", "audio", "storage"]);
        var lastWeek = ReportWeek.LastCompleted(DateTime.UtcNow);
        stored.ShouldAllBe(r => r.WeekStart == lastWeek && r.GeneratedBy == "schedule");
        ReportStore.Model(stored[0]).Drivers.Single().Name.ShouldBe("echo");
        ReportStore.Model(stored[1]).Drivers.ShouldBeEmpty("nobody gave the audio team a driver");
    }

    [Fact]
    public async Task An_unknown_team_gets_a_clear_error_and_nothing_is_stored()
    {
        var error = await Should.ThrowAsync<UnknownScopeException>(() => Store.GenerateAsync(Week10, "no-such-team", "test", replace: false, Token));
        error.Message.ShouldContain("'no-such-team'");
        await using var db = _world.Storage.CreateDbContext();
        (await db.Reports.CountAsync(Token)).ShouldBe(0);
    }

    private static (double? Now, double? WeekEarlier) Figure(WeeklyReport report, string key)
    {
        var figure = report.Headlines.Single(h => h.Key == key);
        return (figure.Now, figure.WeekEarlier);
    }

    /// <summary>The model's JSON without its generation time.</summary>
    private static string Normalise(string json)
    {
        var model = ReportJson.Deserialize(json);
        return ReportJson.Serialize(model with { GeneratedAt = default });
    }
}
