using MigrationTracker.Core.Domain;
using MigrationTracker.Testing;
using MigrationTracker.Workers.Tests.GitHub;
using MigrationTracker.Workers.Tests.ScaleOut;
using MigrationTracker.Workers.Tests.Scanning;
using MigrationTracker.Workers.Tests.Sync;
using static MigrationTracker.Workers.Tests.GitHub.GitHubWorld;

namespace MigrationTracker.Workers.Tests.Faults;

/// <summary>
/// The sync of a GitHub repository in the real web process while the stand-in for GitHub answers its
/// metadata call with server errors and rate limits (the build sync's faults are covered in
/// <see cref="GitHubFaultTests"/>). The history itself is fetched from a local repository the
/// metadata names as its clone URL.
/// </summary>
[Collection(FaultTests.Name)]
public sealed class GitHubSyncFaultTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Monday = new(2025, 3, 3, 9, 0, 0, TimeSpan.Zero);

    private readonly TemporaryDirectory _sources = new("mt-github-sync");
    private FakeGitHub _gitHub = null!;
    private TestGitRepository _git = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _gitHub = await FakeGitHub.StartAsync();
        _git = new TestGitRepository(_sources.Combine("storage"));
        _gitHub.Answer(RunsPath, Reply.Json(GitHubJson.Runs(Owner, Name)));
    }

    public async ValueTask DisposeAsync()
    {
        _git.Dispose();
        await _gitHub.DisposeAsync();
        _sources.Dispose();
    }

    private Reply Metadata => Reply.Json(GitHubJson.Repository(Owner, Name, cloneUrl: _git.Path));

    private Task<WebProduct> StartProductAsync() => WebProduct.StartAsync(
        new Dictionary<string, string?>
        {
            ["GitHub__ApiBaseUrl"] = _gitHub.BaseUrl.ToString(),
            ["GitHub__RetryDelay"] = "00:00:00.200",
            ["GitHub__MaxRateLimitWait"] = "00:02:00",
        },
        Cancel);

    [Fact]
    public async Task A_sync_waits_through_server_errors_and_a_rate_limit_on_the_repository_metadata_and_then_completes()
    {
        var head = _git.WithEchoC().WithEchoRust().Commit("Echo in C and Rust", Monday);
        _gitHub.AnswerOnce(RepositoryPath, Reply.ServerError(500));
        _gitHub.AnswerOnce(RepositoryPath, Reply.TooManyRequests(2));
        _gitHub.AnswerOnce(RepositoryPath, Reply.ServerError(502));
        _gitHub.Answer(RepositoryPath, Metadata);
        await using var product = await StartProductAsync();
        var id = await product.AddRepositoryAsync("Storage drivers", RepositoryKind.GitHub, $"{Owner}/{Name}", Cancel);

        product.EnqueueSync(id);
        var details = new HashSet<string>(StringComparer.Ordinal);
        var synced = await product.WaitForRepositoryAsync(
            id,
            r =>
            {
                if (r.StatusDetail is { } detail)
                {
                    details.Add(detail);
                }

                return r.Status is RepositoryStatus.Ok or RepositoryStatus.Failed or RepositoryStatus.Unreachable;
            },
            TimeSpan.FromSeconds(60),
            Cancel);

        (synced.Status, synced.LastError, synced.StatusDetail).ShouldBe((RepositoryStatus.Ok, null, null), product.Web.Output);
        (synced.LastSyncedCommit, synced.DefaultBranch, synced.WebUrl).ShouldBe((head, "main", $"https://github.com/{Owner}/{Name}"));
        details.ShouldContain(d => d.StartsWith("Waiting for GitHub's rate limit to reset at ", StringComparison.Ordinal), $"the page says why the sync waits; seen: {string.Join(" | ", details)}");
        _gitHub.RequestsTo(RepositoryPath).Count.ShouldBe(4);
        await ShouldEqualUndisturbedAsync(product, [head]);
    }

    [Fact]
    public async Task A_sync_whose_metadata_GitHub_keeps_refusing_fails_in_plain_words_keeps_the_history_and_completes_once_GitHub_answers()
    {
        var first = _git.WithEchoC().WithEchoRust().Commit("Echo in C and Rust", Monday);
        _gitHub.Answer(RepositoryPath, Metadata);
        await using var product = await StartProductAsync();
        var id = await product.AddRepositoryAsync("Storage drivers", RepositoryKind.GitHub, $"{Owner}/{Name}", Cancel);
        product.EnqueueSync(id);
        await product.WaitForRepositoryAsync(id, r => r.Status == RepositoryStatus.Ok, TimeSpan.FromSeconds(60), Cancel);
        var head = _git.Write(EchoFixture.DriverC, DriverFiles.DriverWithExtraGoto).Commit("One more goto", Monday.AddDays(1));

        // GitHub answers 503 to every attempt of the job.
        _gitHub.Answer(RepositoryPath, Reply.ServerError(503));
        var jobId = product.EnqueueSync(id);
        var failed = await product.WaitForRepositoryAsync(id, r => r.Status == RepositoryStatus.Failed, TimeSpan.FromSeconds(60), Cancel);
        failed.LastError.ShouldBe($"GitHub did not answer repository metadata for {Owner}/{Name} after 4 attempts (HTTP 503). The job will be retried.");
        failed.LastSyncedCommit.ShouldBe(first);
        (await product.RepositoriesPageAsync(Cancel)).ShouldContain(failed.LastError!);
        (await StoredContents.SnapshotLinesAsync(product.Database, Cancel)).Count.ShouldBe(2, "the history stays as it was");
        await WaitForJobStateAsync(product, jobId, "Scheduled");

        // Its retry meets a rate limit that resets later than a job waits.
        _gitHub.Answer(RepositoryPath, Reply.TooManyRequests(3600));
        product.RunNow(jobId);
        var limited = await product.WaitForRepositoryAsync(id, r => r.Status == RepositoryStatus.Failed && r.LastErrorAt > failed.LastErrorAt, TimeSpan.FromSeconds(60), Cancel);
        limited.LastError.ShouldNotBeNull().ShouldStartWith($"GitHub's rate limit for {Owner}/{Name} resets at ");
        limited.LastError.ShouldEndWith(", beyond the 2 minutes a job waits (GitHub:MaxRateLimitWait). The job will be retried.");
        (await product.RepositoriesPageAsync(Cancel)).ShouldContain(limited.LastError);
        await WaitForJobStateAsync(product, jobId, "Scheduled");

        // GitHub answers again: the next retry syncs what was pushed meanwhile and clears the error.
        _gitHub.Answer(RepositoryPath, Metadata);
        product.RunNow(jobId);
        var synced = await product.WaitForRepositoryAsync(id, r => r.Status == RepositoryStatus.Ok, TimeSpan.FromSeconds(60), Cancel);
        (synced.LastSyncedCommit, synced.LastError, synced.StatusDetail).ShouldBe((head, null, null));
        (await product.RepositoriesPageAsync(Cancel)).ShouldNotContain("GitHub did not answer");
        await WaitForJobStateAsync(product, jobId, "Succeeded");
        await ShouldEqualUndisturbedAsync(product, [first, head]);
    }

    private static async Task WaitForJobStateAsync(WebProduct product, string jobId, string state)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (product.JobStates(jobId) is var states && (states.Count == 0 || states[^1] != state))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Job {jobId} went through {string.Join(" → ", states)}, not into {state}:{Environment.NewLine}{product.Web.Output}");
            }

            await Task.Delay(100, Cancel);
        }
    }

    /// <summary>The snapshots and drivers of the same syncs of the same commits without GitHub in the way.</summary>
    private async Task ShouldEqualUndisturbedAsync(WebProduct product, IReadOnlyList<string> syncedAt)
    {
        await StoredContents.ShouldBeConsistentAsync(product.Database, Cancel);
        await using var world = await SyncWorld.CreateAsync();
        var id = await world.AddRepositoryAsync(_git.Path, "Storage drivers");
        foreach (var commit in syncedAt)
        {
            DriverHistories.MoveBranch(_git.Path, commit);
            await world.Sync.RunAsync(id, Cancel);
        }

        StoredContents.ShouldMatch(await StoredContents.SnapshotLinesAsync(product.Database, Cancel), await StoredContents.SnapshotLinesAsync(world.Storage, Cancel), "snapshots");
        StoredContents.ShouldMatch(await StoredContents.DriverLinesAsync(product.Database, Cancel), await StoredContents.DriverLinesAsync(world.Storage, Cancel), "drivers");
    }
}
