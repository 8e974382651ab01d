using Hangfire;
using Hangfire.Storage;
using MigrationTracker.Core.Domain;
using MigrationTracker.Core.Jobs;
using MigrationTracker.Testing;
using MigrationTracker.Web.Repositories;
using MigrationTracker.Web.Tests.Api;
using static MigrationTracker.Web.Tests.Security.Principals;
using MigrationTracker.Workers.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MigrationTracker.Web.Tests.Repositories;

/// <summary>The service behind the Repositories page, in the real app on a SQLite file, with jobs left in Hangfire's storage.</summary>
[Collection(ApiTestGroup.Name)]
public sealed class RepositoryServiceTests(ApiFactory app) : IDisposable
{
    // Inside the temp folder, one of the default local roots.
    private readonly TemporaryDirectory _folder = new("mt-repos");

    private RepositoryService Service => app.Services.GetRequiredService<RepositoryService>();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private string NewLocalRepository(string name)
    {
        var path = _folder.Combine(name);
        Directory.CreateDirectory(path);
        return path;
    }

    private static string UniqueGitHubName() => $"contoso/drivers-{Guid.NewGuid():N}"[..30];

    [Fact]
    public async Task Adding_a_local_repository_stores_it_schedules_its_sync_and_queues_a_first_one()
    {
        var path = NewLocalRepository("usb-drivers.git");

        var result = await Service.AddAsync(Administrator, new NewRepository($"  {path}/ ", TeamName: "USB team"), Cancel);

        result.Error.ShouldBeNull();
        var id = result.RepositoryId.ShouldNotBeNull();
        await using (var context = await app.Database.CreateDbContextAsync(Cancel))
        {
            var stored = await context.Repositories.AsNoTracking().Include(r => r.Team).SingleAsync(r => r.Id == id, Cancel);
            stored.Kind.ShouldBe(RepositoryKind.LocalPath);
            stored.Location.ShouldBe(path);
            stored.Name.ShouldBe("usb-drivers");
            stored.Status.ShouldBe(RepositoryStatus.New);
            stored.Team.ShouldNotBeNull().Name.ShouldBe("USB team");
            stored.Team.Slug.ShouldStartWith("usb-team");
        }

        using var connection = app.Services.GetRequiredService<JobStorage>().GetConnection();
        var recurring = connection.GetRecurringJobs().SingleOrDefault(j => j.Id == SyncSchedules.JobId(id)).ShouldNotBeNull();
        recurring.Job.Type.ShouldBe(typeof(IRepositorySyncJob));
        recurring.Queue.ShouldBe(JobQueues.Default);
        app.EnqueuedJobs().ShouldContain(j => j.Type == typeof(IRepositorySyncJob) && Equals(j.Args[0], id));
    }

    [Fact]
    public async Task The_same_repository_typed_differently_is_refused_as_a_duplicate_and_nothing_more_is_queued()
    {
        var location = UniqueGitHubName();
        var first = await Service.AddAsync(Administrator, new NewRepository(location, Name: "Contoso drivers"), Cancel);
        first.Succeeded.ShouldBeTrue();
        var queued = app.EnqueuedJobs().Count;

        var second = await Service.AddAsync(Administrator, new NewRepository(location.ToUpperInvariant() + ".git"), Cancel);

        second.Succeeded.ShouldBeFalse();
        second.Error.ShouldBe($"{location.ToUpperInvariant()} is already tracked as 'Contoso drivers'. Use Sync now on that repository instead of adding it again.");
        app.EnqueuedJobs().Count.ShouldBe(queued);
        await using var context = await app.Database.CreateDbContextAsync(Cancel);
        (await context.Repositories.Where(r => r.Kind == RepositoryKind.GitHub).Select(r => r.Location).ToListAsync(Cancel))
            .Count(l => string.Equals(l, location, StringComparison.OrdinalIgnoreCase)).ShouldBe(1);
    }

    [Fact]
    public async Task A_github_token_is_stored_encrypted_and_reads_back_through_the_protector()
    {
        const string Token = "ghp_plainTextTokenThatMustNotBeStored123";

        var result = await Service.AddAsync(Administrator, new NewRepository(UniqueGitHubName(), Token: Token), Cancel);

        result.Succeeded.ShouldBeTrue();
        await using var context = await app.Database.CreateDbContextAsync(Cancel);
        var repository = await context.Repositories.AsNoTracking().Include(r => r.Credential).SingleAsync(r => r.Id == result.RepositoryId, Cancel);
        var credential = repository.Credential.ShouldNotBeNull();
        credential.Kind.ShouldBe(CredentialKind.GitHubToken);
        credential.ProtectedSecret.ShouldNotContain(Token);
        app.Services.GetRequiredService<Workers.GitHub.CredentialProtector>().Unprotect(credential.ProtectedSecret, credential.Name).ShouldBe(Token);

        // Nowhere in the database file, nor in the logs.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var bytes = await File.ReadAllBytesAsync(Path.Combine(app.DataDirectory, "tracker.db"), Cancel);
        System.Text.Encoding.UTF8.GetString(bytes).ShouldNotContain(Token);
        app.Logs.Text.ShouldNotContain(Token);
    }

    [Fact]
    public async Task A_token_for_a_repository_that_is_not_on_github_is_refused_before_anything_is_stored()
    {
        var path = NewLocalRepository("with-token");

        var result = await Service.AddAsync(Administrator, new NewRepository(path, Token: "secret-123"), Cancel);

        result.Error.ShouldNotBeNull().ShouldStartWith("A token is used only for GitHub repositories");
        await using var context = await app.Database.CreateDbContextAsync(Cancel);
        (await context.Repositories.AnyAsync(r => r.Location == path, Cancel)).ShouldBeFalse();
    }

    [Theory]
    [InlineData("--upload-pack=touch /tmp/pwned")]
    [InlineData("https://user:ghp_abc@github.com/org/repo.git")]
    [InlineData("/etc")]
    [InlineData("file:///etc/passwd")]
    public async Task A_refused_location_stores_and_queues_nothing(string location)
    {
        await using var before = await app.Database.CreateDbContextAsync(Cancel);
        var count = await before.Repositories.CountAsync(Cancel);
        var queued = app.EnqueuedJobs().Count;

        var result = await Service.AddAsync(Administrator, new NewRepository(location), Cancel);

        result.Succeeded.ShouldBeFalse();
        result.Error.ShouldBe(Service.Check(location).Error);
        (await before.Repositories.CountAsync(Cancel)).ShouldBe(count);
        app.EnqueuedJobs().Count.ShouldBe(queued);
    }

    [Fact]
    public async Task Sync_now_queues_a_sync_of_that_repository()
    {
        var added = await Service.AddAsync(Administrator, new NewRepository(NewLocalRepository("sync-now")), Cancel);
        var id = added.RepositoryId.ShouldNotBeNull();
        var before = app.EnqueuedJobs().Count(j => j.Type == typeof(IRepositorySyncJob) && Equals(j.Args[0], id));

        (await Service.SyncNowAsync(Administrator, id, Cancel)).Succeeded.ShouldBeTrue();

        app.EnqueuedJobs().Count(j => j.Type == typeof(IRepositorySyncJob) && Equals(j.Args[0], id)).ShouldBe(before + 1);
        (await Service.ListAsync(Cancel)).Single(r => r.Id == id).StatusDetail.ShouldBe("Sync queued");
    }

    [Fact]
    public async Task A_backfill_is_queued_once_and_its_progress_shows_in_the_list()
    {
        var id = (await Service.AddAsync(Administrator, new NewRepository(NewLocalRepository("backfill")), Cancel)).RepositoryId.ShouldNotBeNull();

        var started = await Service.StartBackfillAsync(Administrator, id, new DateTime(2024, 1, 1), BackfillGranularity.Weekly, Cancel);
        var again = await Service.StartBackfillAsync(Administrator, id, null, BackfillGranularity.Daily, Cancel);

        started.Succeeded.ShouldBeTrue();
        again.Error.ShouldBe("A backfill of this repository is already queued or running. Wait for it to finish; its progress is shown in the list.");
        var row = (await Service.ListAsync(Cancel)).Single(r => r.Id == id);
        var backfill = row.Backfill.ShouldNotBeNull();
        backfill.Status.ShouldBe(BackfillStatus.Queued);
        backfill.Granularity.ShouldBe(BackfillGranularity.Weekly);
        backfill.Since.ShouldBe(new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        row.IsBusy.ShouldBeTrue();

        await using (var context = await app.Database.CreateDbContextAsync(Cancel))
        {
            var run = await context.BackfillRuns.SingleAsync(b => b.RepositoryId == id, Cancel);
            run.Status = BackfillStatus.Running;
            run.Total = 52;
            run.Done = 13;
            run.CurrentCommitTime = new DateTime(2024, 9, 30, 0, 0, 0, DateTimeKind.Utc);
            await context.SaveChangesAsync(Cancel);
        }

        var progress = (await Service.ListAsync(Cancel)).Single(r => r.Id == id).Backfill.ShouldNotBeNull();
        progress.Percent.ShouldBe(25);
        progress.CurrentCommitTime.ShouldBe(new DateTime(2024, 9, 30, 0, 0, 0, DateTimeKind.Utc));
    }

    [Fact]
    public async Task A_backfill_from_a_future_date_is_refused()
    {
        var id = (await Service.AddAsync(Administrator, new NewRepository(NewLocalRepository("future")), Cancel)).RepositoryId.ShouldNotBeNull();

        var result = await Service.StartBackfillAsync(Administrator, id, DateTime.UtcNow.AddDays(3), BackfillGranularity.Weekly, Cancel);

        result.Error.ShouldNotBeNull().ShouldContain("is in the future");
    }

    [Fact]
    public async Task The_list_shows_the_last_error_and_the_drivers_still_present()
    {
        var id = (await Service.AddAsync(Administrator, new NewRepository(NewLocalRepository("failing")), Cancel)).RepositoryId.ShouldNotBeNull();
        await using (var context = await app.Database.CreateDbContextAsync(Cancel))
        {
            var repository = await context.Repositories.SingleAsync(r => r.Id == id, Cancel);
            repository.Status = RepositoryStatus.Unreachable;
            repository.LastError = "The folder does not exist (any more).";
            repository.Drivers.Add(new Driver { ProjectPath = "a/a.vcxproj", Name = "a", FirstSeenAt = DateTime.UtcNow });
            repository.Drivers.Add(new Driver { ProjectPath = "b/b.vcxproj", Name = "b", FirstSeenAt = DateTime.UtcNow, RemovedAt = DateTime.UtcNow });
            await context.SaveChangesAsync(Cancel);
        }

        var row = (await Service.ListAsync(Cancel)).Single(r => r.Id == id);

        row.Status.ShouldBe(RepositoryStatus.Unreachable);
        row.LastError.ShouldBe("The folder does not exist (any more).");
        row.Drivers.ShouldBe(1);
    }

    [Theory]
    [InlineData(Roles.Viewer)]
    [InlineData(Roles.TeamMaintainer)]
    [InlineData(Roles.Manager)]
    public async Task Anyone_but_an_administrator_is_refused_adding_syncing_and_backfilling_and_nothing_is_stored_or_queued(string role)
    {
        var id = (await Service.AddAsync(Administrator, new NewRepository(NewLocalRepository($"tracked-{role}")), Cancel)).RepositoryId.ShouldNotBeNull();
        var path = NewLocalRepository($"refused-{role}");
        var user = InRole(role);
        var queued = app.EnqueuedJobs().Count;

        var added = await Service.AddAsync(user, new NewRepository(path, TeamName: $"Team of {role}"), Cancel);
        var synced = await Service.SyncNowAsync(user, id, Cancel);
        var backfilled = await Service.StartBackfillAsync(user, id, null, BackfillGranularity.Weekly, Cancel);

        added.Error.ShouldBe("Only administrators add repositories. Ask an administrator to do it.");
        synced.Error.ShouldBe("Only administrators start a sync. Ask an administrator to do it.");
        backfilled.Error.ShouldBe("Only administrators start a backfill. Ask an administrator to do it.");
        app.EnqueuedJobs().Count.ShouldBe(queued);
        await using var context = await app.Database.CreateDbContextAsync(Cancel);
        (await context.Repositories.AnyAsync(r => r.Location == path, Cancel)).ShouldBeFalse();
        (await context.Teams.AnyAsync(t => t.Name == $"Team of {role}", Cancel)).ShouldBeFalse();
        (await context.BackfillRuns.AnyAsync(b => b.RepositoryId == id, Cancel)).ShouldBeFalse();
        (await context.Repositories.SingleAsync(r => r.Id == id, Cancel)).StatusDetail.ShouldBe("Waiting for its first sync");
    }

    public void Dispose() => _folder.Dispose();
}
