using MigrationTracker.Core;
using MigrationTracker.Core.Data;
using MigrationTracker.Core.Storage;
using MigrationTracker.Testing;
using MigrationTracker.Workers.Scanning;
using MigrationTracker.Workers.Sync;
using MigrationTracker.Workers.Tests.Sync;
using Microsoft.EntityFrameworkCore;

namespace MigrationTracker.Workers.Tests.Security;

/// <summary>
/// Hostile repository addresses given to the worker's <c>sync</c>, <c>backfill</c> and <c>scan</c> commands: each is
/// refused in words that say what is wrong, no command hidden in it runs, and no repository row is stored.
/// </summary>
public sealed class HostileCommandLineTests : IDisposable
{
    private const string CredentialToken = "ghp_cliTokenInTheAddress5f2e9a";

    private readonly TemporaryDirectory _folder = new("mt-hostile-cli");
    private readonly string _root;
    private readonly string _outside;
    private readonly string _data;
    private readonly string _marker;

    public HostileCommandLineTests()
    {
        // The only folder local repositories may come from; a real repository sits beside it, outside.
        _root = _folder.Combine("repos");
        Directory.CreateDirectory(_root);
        _outside = _folder.Combine("elsewhere", "echo");
        using (var git = new TestGitRepository(_outside))
        {
            git.WithEchoC().Commit("Echo in C", new DateTimeOffset(2025, 3, 3, 9, 0, 0, TimeSpan.Zero));
        }

        _data = _folder.Combine("data");
        _marker = _folder.Combine("pwned");
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    public static TheoryData<string, string> HostileLocations => new()
    {
        { "--upload-pack=touch {marker}", "starts with '-', which git would read as an option" },
        { "-oProxyCommand=touch {marker}", "starts with '-', which git would read as an option" },
        { "ssh://-oProxyCommand=touch%20{marker}/drivers.git", "The server name in 'ssh://-oProxyCommand=" },
        { "ext::sh -c touch% {marker}", "git's 'ext::' form, which runs a program" },
        { "file://{outside}", "is outside the folders local repositories may be added from ({root})" },
        { "{root}/../elsewhere/echo", "contains '..'" },
        { "https://x-access-token:" + CredentialToken + "@git.example.com/drivers.git", "Do not put credentials in the address" },
    };

    [Theory]
    [MemberData(nameof(HostileLocations))]
    public async Task Sync_refuses_a_hostile_location_in_plain_words_runs_nothing_and_stores_nothing(string template, string reason)
    {
        var location = Fill(template);

        var (exit, output, error) = await RunHistoryAsync("sync", "--repository=" + location);

        exit.ShouldBe(1, $"output: {output} error: {error}");
        error.ShouldContain(Fill(reason));
        error.ShouldNotContain("   at ", Case.Sensitive, "a refused address is the user's to fix: no stack trace");
        (output + error).ShouldNotContain(CredentialToken);
        File.Exists(_marker).ShouldBeFalse("nothing in the address may run");
        (await RepositoryLocationsAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Backfill_refuses_a_hostile_location_the_same_way()
    {
        var (exit, _, error) = await RunHistoryAsync("backfill", "--repository", Fill("ext::sh -c touch% {marker}"), "--granularity", "every-commit");

        exit.ShouldBe(1, error);
        error.ShouldContain("git's 'ext::' form, which runs a program");
        File.Exists(_marker).ShouldBeFalse();
        (await RepositoryLocationsAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Sync_accepts_a_repository_inside_the_allowed_folders()
    {
        var inside = Path.Combine(_root, "echo");
        Directory.Move(_outside, inside);

        var (exit, output, error) = await RunHistoryAsync("sync", "--repository", inside);

        exit.ShouldBe(0, error);
        output.ShouldContain("Ok: 1 driver(s), 1 snapshot(s) over 1 commit(s)");
        (await RepositoryLocationsAsync()).ShouldBe([inside]);
    }

    [Theory]
    [InlineData("--upload-pack=touch {marker}")]
    [InlineData("ext::sh -c touch% {marker}")]
    public async Task Scan_of_a_hostile_path_at_a_commit_exits_1_naming_it_and_runs_nothing(string template)
    {
        var path = Fill(template);
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await ScanCommand.RunAsync(["--commit", "main", "--", path], output, error);

        exit.ShouldBe(1, error.ToString());
        error.ToString().ShouldContain(path);
        error.ToString().ShouldNotContain("   at ", Case.Sensitive);
        output.ToString().ShouldBeEmpty();
        File.Exists(_marker).ShouldBeFalse();
    }

    private string Fill(string template) => template
        .Replace("{marker}", _marker, StringComparison.Ordinal)
        .Replace("{outside}", _outside, StringComparison.Ordinal)
        .Replace("{root}", _root, StringComparison.Ordinal);

    private async Task<(int Exit, string Output, string Error)> RunHistoryAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await HistoryCommands.RunAsync([.. args, "--Storage:DataDirectory", _data, "--Repositories:LocalRoots:0", _root], output, error);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>The locations stored in the data folder's database; none when the command never created it.</summary>
    private async Task<List<string>> RepositoryLocationsAsync()
    {
        var file = Path.Combine(_data, "tracker.db");
        if (!File.Exists(file))
        {
            return [];
        }

        var settings = new StorageSettings(DatabaseProvider.Sqlite, $"Data Source={file}", _data);
        var options = new DbContextOptionsBuilder<TrackerDbContext>();
        options.UseTrackerDatabase(settings);
        await using var context = new TrackerDbContext(options.Options);
        return await context.Repositories.Select(r => r.Location).ToListAsync(TestContext.Current.CancellationToken);
    }
}
