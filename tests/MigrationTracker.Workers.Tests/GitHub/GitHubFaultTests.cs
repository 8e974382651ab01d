using System.Diagnostics;
using MigrationTracker.Core.Domain;
using MigrationTracker.Workers.GitHub;
using static MigrationTracker.Workers.Tests.GitHub.GitHubWorld;

namespace MigrationTracker.Workers.Tests.GitHub;

public sealed class GitHubFaultTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Monday = new(2025, 3, 3, 9, 0, 0, TimeSpan.Zero);
    private static readonly RunJson Passed = new(7001, "Build drivers", "d1b2c3d4e5f60718293a4b5c6d7e8f9012345678", "completed", "success", Monday, Monday.AddMinutes(4));

    private GitHubWorld _world = null!;

    public async ValueTask InitializeAsync() => _world = await CreateAsync();

    public async ValueTask DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task A_rate_limit_is_waited_out_while_the_repository_says_so_and_the_notice_goes_once_GitHub_answers()
    {
        var id = await _world.AddRepositoryAsync();
        var reset = DateTimeOffset.UtcNow.AddSeconds(2);
        _world.Server.AnswerOnce(RunsPath, Reply.RateLimited(reset));
        _world.Server.Answer(RunsPath, Reply.Json(GitHubJson.Runs(Owner, Name, Passed)));

        var job = _world.BuildSync.RunAsync(id, TestContext.Current.CancellationToken);
        var notice = await WaitForStatusDetailAsync(id);
        await job;

        notice.ShouldBe($"Waiting for GitHub's rate limit to reset at {DateTimeOffset.FromUnixTimeSeconds(reset.ToUnixTimeSeconds()):HH:mm} UTC");
        (await _world.RepositoryAsync(id)).StatusDetail.ShouldBeNull();
        (await _world.BuildsAsync(id)).Single().ExternalId.ShouldBe("7001");
        var requests = _world.Server.RequestsTo(RunsPath);
        requests.Count.ShouldBe(2);
        requests[1].At.ShouldBeGreaterThanOrEqualTo(DateTimeOffset.FromUnixTimeSeconds(reset.ToUnixTimeSeconds()).AddMilliseconds(-50));
    }

    [Fact]
    public async Task A_secondary_rate_limit_with_Retry_After_is_waited_out_too()
    {
        var id = await _world.AddRepositoryAsync();
        _world.Server.AnswerOnce(RepositoryPath, Reply.TooManyRequests(1));
        _world.Server.Answer(RepositoryPath, Reply.Json(GitHubJson.Repository(Owner, Name)));
        var watch = Stopwatch.StartNew();

        var info = await _world.Repositories.RefreshAsync(id, TestContext.Current.CancellationToken);

        watch.Elapsed.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(950));
        info.DefaultBranch.ShouldBe("main");
        (await _world.RepositoryAsync(id)).StatusDetail.ShouldBeNull();
    }

    [Fact]
    public async Task A_rate_limit_that_resets_later_than_the_longest_wait_fails_the_job_with_a_clear_message_for_a_later_retry()
    {
        var id = await _world.AddRepositoryAsync();
        var reset = DateTimeOffset.UtcNow.AddMinutes(40);
        _world.Server.Answer(RunsPath, Reply.RateLimited(reset));

        var error = await Should.ThrowAsync<GitHubRateLimitException>(() => _world.BuildSync.RunAsync(id, TestContext.Current.CancellationToken));

        var at = $"{reset:HH:mm} UTC";
        error.Message.ShouldBe($"GitHub's rate limit for contoso/storage resets at {at}, beyond the 15 minutes a job waits (GitHub:MaxRateLimitWait). The job will be retried.");
        (await _world.RepositoryAsync(id)).StatusDetail.ShouldBe($"Waiting for GitHub's rate limit to reset at {at}; the job will try again then.");
        _world.Server.RequestsTo(RunsPath).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Server_errors_are_retried_until_GitHub_answers()
    {
        var id = await _world.AddRepositoryAsync();
        _world.Server.AnswerOnce(RunsPath, Reply.ServerError(500));
        _world.Server.AnswerOnce(RunsPath, Reply.ServerError(502));
        _world.Server.Answer(RunsPath, Reply.Json(GitHubJson.Runs(Owner, Name, Passed)));

        await _world.BuildSync.RunAsync(id, TestContext.Current.CancellationToken);

        _world.Server.RequestsTo(RunsPath).Count.ShouldBe(3);
        (await _world.BuildsAsync(id)).Single().Status.ShouldBe(BuildStatus.Succeeded);
        (await _world.RepositoryAsync(id)).Status.ShouldBe(RepositoryStatus.New);
    }

    [Fact]
    public async Task Retries_back_off_and_stop_after_the_configured_attempts()
    {
        await _world.DisposeAsync();
        _world = await CreateAsync(new Dictionary<string, string?> { ["MaxAttempts"] = "3", ["RetryDelay"] = "00:00:00.100" });
        var id = await _world.AddRepositoryAsync();
        _world.Server.Answer(RunsPath, Reply.ServerError(503));

        var error = await Should.ThrowAsync<GitHubUnavailableException>(() => _world.BuildSync.RunAsync(id, TestContext.Current.CancellationToken));

        error.Message.ShouldBe("GitHub did not answer workflow runs (page 1) for contoso/storage after 3 attempts (HTTP 503). The job will be retried.");
        var times = _world.Server.RequestsTo(RunsPath).Select(r => r.At).ToList();
        times.Count.ShouldBe(3);
        (times[1] - times[0]).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(90));
        (times[2] - times[1]).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(190));
    }

    [Theory]
    [InlineData(404, "GitHub answers 404 for contoso/storage: the repository was deleted, renamed, or the token cannot see it. Check the name or the credential.")]
    [InlineData(401, "GitHub answers 401 for contoso/storage: the token was refused (expired, revoked or mistyped). Update the repository's credential or the default token (Settings page, or GitHub:Token).")]
    [InlineData(403, "GitHub answers 403 for contoso/storage: the token may not read this repository, or the organisation blocks it. Give the token read access or use another credential.")]
    public async Task A_refused_repository_is_marked_unreachable_in_plain_words_and_keeps_its_builds_and_snapshots(int status, string message)
    {
        var id = await _world.AddRepositoryAsync();
        _world.Server.Answer(RunsPath, Reply.Json(GitHubJson.Runs(Owner, Name, Passed)));
        await _world.BuildSync.RunAsync(id, TestContext.Current.CancellationToken);
        await AddSnapshotAsync(id);
        _world.Server.Answer(RunsPath, new Reply(status, """{"message":"Refused","documentation_url":"https://docs.github.com/rest"}"""));

        await _world.BuildSync.RunAsync(id, TestContext.Current.CancellationToken);

        var repository = await _world.RepositoryAsync(id);
        repository.Status.ShouldBe(RepositoryStatus.Unreachable);
        repository.LastError.ShouldBe(message);
        repository.LastErrorAt.ShouldNotBeNull().ShouldBeGreaterThan(DateTime.UtcNow.AddMinutes(-1));
        (await _world.BuildsAsync(id)).Single().ExternalId.ShouldBe("7001");
        await using var context = _world.Storage.CreateDbContext();
        context.Snapshots.Count(s => s.Driver!.RepositoryId == id).ShouldBe(1);
        _world.Server.RequestsTo(RunsPath).Count.ShouldBe(2);
    }

    [Fact]
    public async Task The_token_never_appears_in_log_lines_or_error_messages()
    {
        const string stored = "ghp_storedSecretToken1234567890abcdefXYZ";
        const string configured = "ghp_configuredSecretToken0987654321zyxw";
        await _world.DisposeAsync();
        _world = await CreateAsync(new Dictionary<string, string?> { ["Token"] = configured, ["MaxAttempts"] = "2", ["MaxRateLimitWait"] = "00:00:05" });
        var withCredential = await _world.AddRepositoryAsync(stored);
        var errors = new List<Exception>();

        _world.Server.AnswerOnce(RepositoryPath, Reply.RateLimited(DateTimeOffset.UtcNow.AddSeconds(1)));
        _world.Server.AnswerOnce(RepositoryPath, Reply.ServerError());
        _world.Server.Answer(RepositoryPath, Reply.Json(GitHubJson.Repository(Owner, Name)));
        _world.Logs.Lines.Enqueue((await _world.Repositories.RefreshAsync(withCredential, TestContext.Current.CancellationToken)).ToString());

        _world.Server.Answer(RunsPath, Reply.ServerError());
        errors.Add(await Should.ThrowAsync<GitHubUnavailableException>(() => _world.BuildSync.RunAsync(withCredential, TestContext.Current.CancellationToken)));
        _world.Server.Answer(RunsPath, Reply.RateLimited(DateTimeOffset.UtcNow.AddHours(1)));
        errors.Add(await Should.ThrowAsync<GitHubRateLimitException>(() => _world.BuildSync.RunAsync(withCredential, TestContext.Current.CancellationToken)));
        _world.Server.Answer(RepositoryPath, new Reply(401, """{"message":"Bad credentials"}"""));
        errors.Add(await Should.ThrowAsync<GitHubUnreachableException>(() => _world.Repositories.RefreshAsync(withCredential, TestContext.Current.CancellationToken)));
        _world.Server.Answer(RunsPath, Reply.NotFound());
        await _world.BuildSync.RunAsync(withCredential, TestContext.Current.CancellationToken);

        var withoutCredential = await _world.AddRepositoryAsync(location: "contoso/storage-rust");
        await _world.BuildSync.RunAsync(withoutCredential, TestContext.Current.CancellationToken);

        // The tokens did travel (so the test would notice them in the logs), just never into a log line or error.
        _world.Server.Requests.Select(r => r.Authorization).ShouldContain($"Token {stored}");
        _world.Server.Requests.Select(r => r.Authorization).ShouldContain($"Token {configured}");
        _world.Logs.Lines.Count.ShouldBeGreaterThan(10);
        var text = string.Join('\n', _world.Logs.Lines.Concat(errors.Select(e => e.ToString())));
        text.ShouldContain("rate limit");
        text.ShouldNotContain(stored);
        text.ShouldNotContain(configured);
        text.ShouldNotContain("ghp_");
        (await _world.RepositoryAsync(withCredential)).LastError.ShouldNotBeNull().ShouldNotContain("ghp_");
    }

    private async Task<string> WaitForStatusDetailAsync(int id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if ((await _world.RepositoryAsync(id)).StatusDetail is { } detail)
            {
                return detail;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException("The repository never showed a status detail while the job waited.");
    }

    private async Task AddSnapshotAsync(int repositoryId)
    {
        await using var context = _world.Storage.CreateDbContext();
        var driver = new Driver { RepositoryId = repositoryId, ProjectPath = "drivers/disk/disk.vcxproj", Name = "disk", FirstSeenAt = DateTime.UtcNow };
        driver.Snapshots.Add(new Snapshot { CommitId = Passed.HeadSha, CommitTime = Monday.UtcDateTime, AnalyzedAt = DateTime.UtcNow, MetricsJson = "{}" });
        context.Drivers.Add(driver);
        await context.SaveChangesAsync();
    }
}
