using System.Globalization;
using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using MigrationTracker.Core.Analysis;
using MigrationTracker.Core.Analysis.Scanning;
using MigrationTracker.Core.Data;
using MigrationTracker.Core.Domain;
using MigrationTracker.Core.Portfolio;
using MigrationTracker.Core.Reports;
using MigrationTracker.Core.Scoring;
using MigrationTracker.Core.Storage;
using MigrationTracker.Testing;
using MigrationTracker.Web.Components.Pages;
using MigrationTracker.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace MigrationTracker.Web.Tests.Components;

public sealed class DriverPageTests
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_factor_table_lists_the_points_each_factor_costs_with_links_to_the_lines_behind_it()
    {
        await using var storage = await TestStorage.CreateAsync(DatabaseProvider.Sqlite, Cancel);
        var profile = new CDriverProfile
        {
            Name = "nvmestor",
            Model = DriverModel.Kmdf,
            CCodeLines = 1000,
            Constructs = new Dictionary<CConstruct, ConstructEvidence>
            {
                [CConstruct.Goto] = new(CConstruct.Goto, 2, [new SourceLocation("storage/nvme/io.c", 41), new SourceLocation("storage/nvme/io.c", 77)]),
            },
        };
        var readiness = ReadinessScorer.Score(profile, ReadinessPolicy.Default);
        var driverId = await SeedAsync(storage, profile, readiness);

        await using var context = NewContext(storage);

        var page = context.Render<DriverPage>(parameters => parameters.Add(p => p.Id, driverId));
        page.WaitForElement("[data-testid=readiness]", TimeSpan.FromSeconds(10));

        var section = page.Find("[data-testid=readiness]").TextContent;
        section.ShouldContain($"Rust readiness: {readiness.DisplayScore:0.0}");
        var gotoFactor = readiness.Factors.Single(f => f.Id == ReadinessFactors.Goto);
        gotoFactor.Contribution.ShouldBeGreaterThan(0, "two gotos in 1,000 lines cost points under the default policy");
        section.ShouldContain(gotoFactor.Contribution.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture));

        var links = page.FindAll("[data-testid=evidence-link]").Select(a => (a.TextContent, a.GetAttribute("href"))).ToList();
        links.ShouldContain(("io.c:41", "https://github.com/contoso/storage/blob/0123456789abcdef/storage/nvme/io.c#L41"));
        links.ShouldContain(("io.c:77", "https://github.com/contoso/storage/blob/0123456789abcdef/storage/nvme/io.c#L77"));
        page.Find("[data-testid=counterpart]").TextContent.ShouldBe("nvmestor-rs");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_team_maintainer_may_change_the_plan_of_their_teams_driver_only(bool ownTeam)
    {
        await using var storage = await TestStorage.CreateAsync(DatabaseProvider.Sqlite, Cancel);
        var (driverId, teamId, otherTeamId) = await SeedTeamDriverAsync(storage);
        await using var context = NewContext(storage, auth =>
        {
            auth.SetAuthorized("maintainer@example.com");
            auth.SetRoles(Roles.TeamMaintainer);
            auth.SetClaims(new Claim(AccessPolicies.TeamClaim, (ownTeam ? teamId : otherTeamId).ToString(CultureInfo.InvariantCulture)));
        });

        var page = context.Render<DriverPage>(parameters => parameters.Add(p => p.Id, driverId));
        page.WaitForElement("[data-testid=driver-name]", TimeSpan.FromSeconds(10));

        page.FindAll("[data-testid=save-plan]").Count.ShouldBe(ownTeam ? 1 : 0);
        page.FindAll("[data-testid=read-only]").Count.ShouldBe(ownTeam ? 0 : 1);
    }

    public static TheoryData<MigrationStage> Stages => new(Enum.GetValues<MigrationStage>());

    [Theory]
    [MemberData(nameof(Stages))]
    public async Task The_driver_page_names_the_stage_in_the_words_of_the_weekly_report(MigrationStage stage)
    {
        await using var storage = await TestStorage.CreateAsync(DatabaseProvider.Sqlite, Cancel);
        var (driverId, _, _) = await SeedTeamDriverAsync(storage, stage);
        var builder = new WeeklyReportBuilder(storage, new PortfolioQueries(storage, TimeProvider.System), TimeProvider.System);
        var report = await builder.BuildAsync(ReportWeek.LastCompleted(DateTime.UtcNow), WeeklyReport.OrganisationScope, Cancel);
        await using var context = NewContext(storage);

        var page = context.Render<DriverPage>(parameters => parameters.Add(p => p.Id, driverId));
        page.WaitForElement("[data-testid=driver-stage]", TimeSpan.FromSeconds(10));

        var reported = report.Drivers.Single(d => d.Id == driverId).Stage;
        page.Find("[data-testid=driver-stage]").TextContent.ShouldBe(reported);
        page.Find("input[data-testid=edit-stage]").GetAttribute("value").ShouldBe(reported);
    }

    [Fact]
    public async Task The_change_log_names_the_stages_a_driver_moved_between()
    {
        await using var storage = await TestStorage.CreateAsync(DatabaseProvider.Sqlite, Cancel);
        var (driverId, teamId, _) = await SeedTeamDriverAsync(storage, MigrationStage.InProgress);
        await new DriverPages(storage, TimeProvider.System).UpdateAsync(driverId, MigrationStage.WontMigrate, teamId, null, DriverEditor.AnyTeam("alice"), Cancel);
        await using var context = NewContext(storage);

        var page = context.Render<DriverPage>(parameters => parameters.Add(p => p.Id, driverId));
        page.WaitForElement("[data-testid=driver-stage]", TimeSpan.FromSeconds(10));

        page.Find("[data-testid=change]").TextContent.ShouldEndWith("alice set Stage from In progress to Won't migrate");
    }

    private static BunitContext NewContext(TestStorage storage, Action<BunitAuthorizationContext>? signIn = null)
    {
        var context = new BunitContext();
        signIn?.Invoke(context.AddAuthorization());
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
        context.Services.AddSingleton<IDbContextFactory<TrackerDbContext>>(storage);
        context.Services.AddSingleton(new DriverPages(storage, TimeProvider.System));
        context.Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        return context;
    }

    private static async Task<(int DriverId, int TeamId, int OtherTeamId)> SeedTeamDriverAsync(TestStorage storage, MigrationStage stage = MigrationStage.InProgress)
    {
        await using var context = storage.CreateDbContext();
        var storageTeam = new Team { Name = "Storage", Slug = "storage" };
        var networkTeam = new Team { Name = "Network", Slug = "network" };
        var repository = new Repository { Name = "storage", Kind = RepositoryKind.GitHub, Location = "contoso/storage", Team = storageTeam };
        var driver = new Driver { Repository = repository, Team = storageTeam, Name = "disk", ProjectPath = "storage/disk/disk.vcxproj", Language = DriverLanguage.C,
            Stage = stage, FirstSeenAt = DateTime.UtcNow.AddDays(-30),
        };
        context.AddRange(networkTeam, driver);
        await context.SaveChangesAsync(Cancel);
        return (driver.Id, storageTeam.Id, networkTeam.Id);
    }

    [Fact]
    public async Task Saving_a_driver_that_moved_to_another_team_since_the_page_loaded_shows_the_refusal_and_changes_nothing()
    {
        await using var storage = await TestStorage.CreateAsync(DatabaseProvider.Sqlite, Cancel);
        int driverId, storageTeam, networkTeam;
        await using (var db = storage.CreateDbContext())
        {
            var storageOwners = new Team { Name = "Storage", Slug = "storage" };
            var networkOwners = new Team { Name = "Network", Slug = "network" };
            var repository = new Repository { Name = "drivers", Kind = RepositoryKind.LocalPath, Location = "/srv/git/drivers.git" };
            var driver = new Driver { Repository = repository, Name = "nvmestor", ProjectPath = "storage/nvme/nvmestor.vcxproj", Language = DriverLanguage.C, Team = storageOwners };
            db.AddRange(networkOwners, driver);
            await db.SaveChangesAsync(Cancel);
            (driverId, storageTeam, networkTeam) = (driver.Id, storageOwners.Id, networkOwners.Id);
        }

        await using var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
        context.Services.AddSingleton(new DriverPages(storage, TimeProvider.System));
        var auth = context.AddAuthorization();
        auth.SetAuthorized("maintainer@storage");
        auth.SetRoles(Roles.TeamMaintainer);
        auth.SetClaims(new Claim(AccessPolicies.TeamClaim, storageTeam.ToString(CultureInfo.InvariantCulture)));
        context.Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));

        var page = context.Render<DriverPage>(parameters => parameters.Add(p => p.Id, driverId));
        page.WaitForElement("[data-testid=save-plan]", TimeSpan.FromSeconds(10));

        // A manager moves the driver to another team while the maintainer's page still shows it as theirs.
        await using (var db = storage.CreateDbContext())
        {
            await db.Drivers.Where(d => d.Id == driverId).ExecuteUpdateAsync(set => set.SetProperty(d => d.TeamId, networkTeam).SetProperty(d => d.Stage, MigrationStage.Planned), Cancel);
        }

        await page.Find("[data-testid=save-plan]").ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs());

        var snackbar = context.Services.GetRequiredService<ISnackbar>().ShownSnackbars.ShouldHaveSingleItem();
        snackbar.Severity.ShouldBe(Severity.Error);
        snackbar.Message.ShouldBe("Your account may not change nvmestor: it belongs to the team Network. Only that team's maintainers, managers and administrators change it.");
        await using (var db = storage.CreateDbContext())
        {
            var stored = await db.Drivers.AsNoTracking().SingleAsync(d => d.Id == driverId, Cancel);
            stored.TeamId.ShouldBe(networkTeam, "the page's stale team is not written back");
            stored.Stage.ShouldBe(MigrationStage.Planned);
            (await db.DriverChanges.CountAsync(Cancel)).ShouldBe(0);
        }
    }

    private static async Task<int> SeedAsync(TestStorage storage, CDriverProfile profile, ReadinessResult readiness)
    {
        await using var context = storage.CreateDbContext();
        var repository = new Repository { Name = "storage", Kind = RepositoryKind.GitHub, Location = "contoso/storage", WebUrl = "https://github.com/contoso/storage" };
        var driver = new Driver { Repository = repository, Name = "nvmestor", ProjectPath = "storage/nvme/nvmestor.vcxproj", Language = DriverLanguage.C, Model = DriverModel.Kmdf };
        var port = new Driver { Repository = repository, Name = "nvmestor-rs", ProjectPath = "rust/nvme/Cargo.toml", Language = DriverLanguage.Rust };
        context.AddRange(driver, port);
        await context.SaveChangesAsync(Cancel);
        driver.CounterpartId = port.Id;

        var detail = new DriverDetail(new DriverCode(1, 1000, 0, 0, 0, 0, 0), DriverFramework.None, [], profile, readiness, null);
        var json = detail.ToJson();
        var hash = DriverDetail.HashOf(json);
        context.SnapshotDetails.Add(new SnapshotDetail { Hash = hash, Json = json });
        context.Snapshots.Add(new Snapshot
        {
            DriverId = driver.Id, CommitId = "0123456789abcdef", CommitTime = new DateTime(2026, 11, 20, 0, 0, 0, DateTimeKind.Utc), CCodeLines = 1000,
            ReadinessScore = readiness.Score, ReadinessBand = readiness.Band, ScoringPolicyVersion = readiness.PolicyVersion, MetricsJson = "{}", DetailHash = hash,
        });
        await context.SaveChangesAsync(Cancel);
        return driver.Id;
    }
}
