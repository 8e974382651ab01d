using MigrationTracker.Core;
using MigrationTracker.Core.Domain;
using MigrationTracker.Core.Storage;
using MigrationTracker.Testing;
using MigrationTracker.Workers.Sync;
using MigrationTracker.Workers.Tests.Scanning;
using Microsoft.EntityFrameworkCore;

namespace MigrationTracker.Workers.Tests.Sync;

/// <summary>The <c>sync</c> and <c>backfill</c> commands, with the data folder given on the command line.</summary>
public sealed class HistoryCommandsTests : IDisposable
{
    private static readonly DateTimeOffset Monday = new(2025, 3, 3, 9, 0, 0, TimeSpan.Zero);

    private readonly TemporaryDirectory _folder = new("mt-history-command");
    private readonly TestGitRepository _git;
    private readonly string _data;
    private readonly List<string> _commits = [];

    public HistoryCommandsTests()
    {
        _git = new TestGitRepository(_folder.Combine("echo"));
        _data = _folder.Combine("data");
        _commits.Add(_git.WithEchoC().Commit("Echo in C", Monday));
        _commits.Add(_git.WithEchoRust().Commit("Rust port", Monday.AddDays(1)));
        _commits.Add(_git.Write(EchoFixture.DriverC, DriverFiles.DriverWithExtraGoto).Commit("One more goto", Monday.AddDays(2)));
    }

    public void Dispose()
    {
        _git.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    /// <summary>Runs a command with the temp folder, where the test's repository lies, as the allowed folder.</summary>
    private Task<(int Exit, string Output, string Error)> RunAsync(params string[] args) =>
        RunWithoutRootsAsync([.. args, .. TestLocalRoots.Arguments]);

    private async Task<(int Exit, string Output, string Error)> RunWithoutRootsAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await HistoryCommands.RunAsync([.. args, "--Storage:DataDirectory", _data], output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private Core.Data.TrackerDbContext Database()
    {
        var settings = new StorageSettings(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(_data, "tracker.db")}", _data);
        var options = new DbContextOptionsBuilder<Core.Data.TrackerDbContext>();
        options.UseTrackerDatabase(settings);
        return new Core.Data.TrackerDbContext(options.Options);
    }

    [Fact]
    public async Task Backfill_scans_every_commit_into_the_data_folder_given_on_the_command_line_and_prints_a_summary()
    {
        var (exit, output, error) = await RunAsync("backfill", "--repository", _git.Path, "--granularity", "every-commit");

        exit.ShouldBe(0, error);
        File.Exists(Path.Combine(_data, "tracker.db")).ShouldBeTrue($"the database belongs in {_data}; output: {output}");
        output.ShouldContain("Backfill Succeeded: 3 of 3 commit(s)");
        output.ShouldContain("2 driver(s), 5 snapshot(s) over 3 commit(s)", Case.Sensitive, output);
        output.ShouldContain("Ok: ", Case.Sensitive, "a backfill of a reachable repository leaves it Ok, as a sync does: " + output);
        await using var context = Database();
        var repository = await context.Repositories.SingleAsync(TestContext.Current.CancellationToken);
        (repository.Kind, repository.Location, repository.Name).ShouldBe((RepositoryKind.LocalPath, _git.Path, "echo"));
        (await context.Snapshots.Select(s => s.CommitId).Distinct().ToListAsync(TestContext.Current.CancellationToken)).ShouldBe(_commits, ignoreOrder: true);
        (await context.BackfillRuns.SingleAsync(TestContext.Current.CancellationToken)).Status.ShouldBe(BackfillStatus.Succeeded);
    }

    [Fact]
    public async Task Sync_scans_the_newest_commit_then_only_what_is_new()
    {
        var (exit, output, error) = await RunAsync("sync", "--repository", _git.Path);

        exit.ShouldBe(0, error);
        output.ShouldContain("Ok: 2 driver(s), 2 snapshot(s) over 1 commit(s); last synced " + _commits[^1]);
        var head = _git.Write("README.md", "# Echo\n").Commit("Readme", Monday.AddDays(3));

        (exit, output, error) = await RunAsync("sync", "--repository", _git.Path);

        exit.ShouldBe(0, error);
        output.ShouldContain("Ok: 2 driver(s), 4 snapshot(s) over 2 commit(s); last synced " + head);
        await using var context = Database();
        (await context.Repositories.CountAsync(TestContext.Current.CancellationToken)).ShouldBe(1, "the second run finds the repository the first added");
    }

    [Fact]
    public async Task Without_local_roots_set_sync_refuses_a_repository_in_the_temp_folder_naming_the_setting_and_stores_nothing()
    {
        Assert.SkipWhen(TestLocalRoots.DefaultsHoldTheTempFolder, $"The temp folder {TestLocalRoots.TempFolder} lies in a default root here.");

        var (exit, output, error) = await RunWithoutRootsAsync("sync", "--repository", _git.Path);

        exit.ShouldBe(1, output);
        error.ShouldContain($"The path '{_git.Path}' is outside the folders local repositories may be added from");
        error.ShouldContain("ask an administrator to add its folder to Repositories:LocalRoots");
        error.ShouldContain("The temp folder is allowed only when listed there");
        error.ShouldNotContain("   at ", Case.Sensitive, "a refused address is the administrator's to fix: no stack trace");
        if (File.Exists(Path.Combine(_data, "tracker.db")))
        {
            await using var context = Database();
            (await context.Repositories.CountAsync(TestContext.Current.CancellationToken)).ShouldBe(0);
        }
    }

    [Fact]
    public async Task A_wrong_local_roots_setting_stops_the_command_naming_it_without_a_stack_trace()
    {
        var (exit, output, error) = await RunWithoutRootsAsync("sync", "--repository", _git.Path, "--Repositories:LocalRoots:0", "repos");

        exit.ShouldBe(2, output);
        error.Trim().ShouldBe("Cannot start: Repositories:LocalRoots contains 'repos', which is not an absolute folder path. Write it in full (for example /srv/git), or write 'none' to turn local paths off.");
    }

    [Fact]
    public async Task Local_paths_turned_off_refuse_the_repository_though_sync_and_the_checks_both_read_the_setting()
    {
        var (exit, output, error) = await RunWithoutRootsAsync("sync", "--repository", _git.Path, "--Repositories:LocalRoots:0", "none");

        exit.ShouldBe(1, output);
        error.ShouldStartWith("Local paths are turned off here (Repositories:LocalRoots is 'none').");
    }

    [Fact]
    public async Task Sync_of_a_folder_that_does_not_exist_says_so_and_fails()
    {
        var missing = _folder.Combine("gone");
        var (exit, _, error) = await RunAsync("sync", "--repository", missing);

        exit.ShouldBe(1);
        error.ShouldContain(missing);
    }
}
