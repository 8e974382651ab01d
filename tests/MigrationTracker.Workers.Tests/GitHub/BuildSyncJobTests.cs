using MigrationTracker.Core.Domain;
using static MigrationTracker.Workers.Tests.GitHub.GitHubWorld;

namespace MigrationTracker.Workers.Tests.GitHub;

public sealed class BuildSyncJobTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Monday = new(2025, 3, 3, 9, 0, 0, TimeSpan.Zero);
    private static readonly RunJson Passed = new(9001, "Build drivers", "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678", "completed", "success", Monday, Monday.AddMinutes(7));
    private static readonly RunJson Broke = new(9002, "Driver verifier", "b1b2c3d4e5f60718293a4b5c6d7e8f9012345678", "completed", "failure", Monday.AddHours(1), Monday.AddHours(1).AddMinutes(3));
    private static readonly RunJson Running = new(9003, "Build drivers", "c1b2c3d4e5f60718293a4b5c6d7e8f9012345678", "in_progress", null, Monday.AddHours(2), Monday.AddHours(2).AddMinutes(1));

    private GitHubWorld _world = null!;

    public async ValueTask InitializeAsync() => _world = await CreateAsync();

    public async ValueTask DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task Workflow_runs_are_stored_as_build_results_with_commit_status_link_and_times()
    {
        var id = await _world.AddRepositoryAsync();
        _world.Server.Answer(RunsPath, Reply.Json(GitHubJson.Runs(Owner, Name, Running, Broke, Passed)));

        await _world.BuildSync.RunAsync(id, TestContext.Current.CancellationToken);

        var builds = (await _world.BuildsAsync(id)).ToDictionary(b => b.ExternalId);
        builds.Keys.ShouldBe(["9001", "9002", "9003"], ignoreOrder: true);

        var passed = builds["9001"];
        passed.Source.ShouldBe(BuildSource.GitHubActions);
        passed.CommitId.ShouldBe(Passed.HeadSha);
        passed.Name.ShouldBe("Build drivers");
        passed.Status.ShouldBe(BuildStatus.Succeeded);
        passed.Url.ShouldBe("https://github.com/contoso/storage/actions/runs/9001");
        passed.StartedAt.ShouldBe(Monday.UtcDateTime);
        passed.CompletedAt.ShouldBe(Monday.AddMinutes(7).UtcDateTime);

        builds["9002"].Status.ShouldBe(BuildStatus.Failed);
        builds["9002"].Name.ShouldBe("Driver verifier");
        builds["9003"].Status.ShouldBe(BuildStatus.Running);
        builds["9003"].CompletedAt.ShouldBeNull();
    }

    [Fact]
    public async Task A_second_sync_adds_no_duplicates_and_completes_a_run_that_was_in_progress()
    {
        var id = await _world.AddRepositoryAsync();
        _world.Server.Answer(RunsPath, Reply.Json(GitHubJson.Runs(Owner, Name, Running, Broke, Passed)));
        await _world.BuildSync.RunAsync(id, TestContext.Current.CancellationToken);
        var first = await _world.BuildsAsync(id);

        var finished = Running with { Status = "completed", Conclusion = "cancelled", UpdatedAt = Running.StartedAt.AddMinutes(12) };
        _world.Server.Answer(RunsPath, Reply.Json(GitHubJson.Runs(Owner, Name, finished, Broke, Passed)));
        await _world.BuildSync.RunAsync(id, TestContext.Current.CancellationToken);
        await _world.BuildSync.RunAsync(id, TestContext.Current.CancellationToken);

        var second = await _world.BuildsAsync(id);
        second.Count.ShouldBe(3);
        second.Select(b => b.Id).ShouldBe(first.Select(b => b.Id));
        var completed = second.Single(b => b.ExternalId == "9003");
        completed.Status.ShouldBe(BuildStatus.Cancelled);
        completed.CompletedAt.ShouldBe(Running.StartedAt.AddMinutes(12).UtcDateTime);
        completed.ReceivedAt.ShouldBe(first.Single(b => b.ExternalId == "9003").ReceivedAt);
    }

    [Fact]
    public async Task Runs_are_read_page_by_page_up_to_the_configured_number()
    {
        await _world.DisposeAsync();
        _world = await CreateAsync(new Dictionary<string, string?> { ["RunsPerSync"] = "150" });
        var id = await _world.AddRepositoryAsync();
        var all = Enumerable.Range(0, 230)
            .Select(i => new RunJson(20_000 - i, "Build drivers", $"{i:x40}", "completed", "success", Monday.AddMinutes(-i), Monday.AddMinutes(-i + 5)))
            .ToArray();
        _world.Server.Answer(RunsPath, request =>
        {
            var page = int.Parse(request.Query["page"].FirstOrDefault() ?? "1", System.Globalization.CultureInfo.InvariantCulture);
            var size = int.Parse(request.Query["per_page"].FirstOrDefault() ?? "30", System.Globalization.CultureInfo.InvariantCulture);
            return Reply.Json(GitHubJson.Runs(Owner, Name, all.Length, all.Skip((page - 1) * size).Take(size).ToArray()));
        });

        await _world.BuildSync.RunAsync(id, TestContext.Current.CancellationToken);

        var builds = await _world.BuildsAsync(id);
        builds.Count.ShouldBe(150);
        builds.Select(b => b.ExternalId).ShouldBe(all.Take(150).Select(r => r.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), ignoreOrder: true);
        _world.Server.RequestsTo(RunsPath).Count.ShouldBe(2);
    }

    [Fact]
    public async Task Repositories_that_are_not_on_GitHub_are_left_alone()
    {
        var id = await _world.AddRepositoryAsync(kind: RepositoryKind.GitRemote);
        _world.Server.Answer(RunsPath, Reply.Json(GitHubJson.Runs(Owner, Name, Passed)));

        await _world.BuildSync.RunAsync(id, TestContext.Current.CancellationToken);

        _world.Server.Requests.ShouldBeEmpty();
        (await _world.BuildsAsync(id)).ShouldBeEmpty();
        (await _world.RepositoryAsync(id)).Status.ShouldBe(RepositoryStatus.New);
    }
}
