using MigrationTracker.Core.Data;
using MigrationTracker.Core.Domain;
using MigrationTracker.Core.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Octokit;

namespace MigrationTracker.Workers.GitHub;

/// <summary>Stores a GitHub repository's recent Actions workflow runs as build results; other kinds have none to read.</summary>
public sealed class BuildSyncJob(
    IDbContextFactory<TrackerDbContext> contextFactory,
    GitHubClientFactory clients,
    GitHubCalls calls,
    IOptions<GitHubOptions> options,
    TimeProvider clock,
    ILogger<BuildSyncJob> logger) : IBuildSyncJob
{
    // GitHub serves at most 100 runs a page.
    private const int MaxPageSize = 100;

    public async Task RunAsync(int repositoryId, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var repository = await context.Repositories
            .AsNoTracking()
            .Include(r => r.Credential)
            .SingleOrDefaultAsync(r => r.Id == repositoryId, cancellationToken);
        if (repository is null)
        {
            // Removed since the job was queued: nothing left to sync.
            logger.LogInformation("Build sync skipped: repository {RepositoryId} no longer exists", repositoryId);
            return;
        }

        if (repository.Kind != RepositoryKind.GitHub)
        {
            return;
        }

        IReadOnlyList<WorkflowRun> runs;
        try
        {
            runs = await ListRecentRunsAsync(repository, cancellationToken);
        }
        catch (Exception ex) when (ex is GitHubUnreachableException or CredentialUnreadableException)
        {
            // The user has to fix this (name, credential); failing the job would only retry the same answer.
            logger.LogWarning("Build sync of repository {RepositoryId} stopped: {Reason}", repository.Id, ex.Message);
            await calls.MarkUnreachableAsync(repository.Id, ex.Message, cancellationToken);
            return;
        }

        var stored = await StoreAsync(context, repository.Id, runs, cancellationToken);
        await calls.ClearRateLimitNoticeAsync(repository.Id, cancellationToken);
        logger.LogInformation("Build sync of repository {RepositoryId} read {Runs} workflow runs, {Changed} new or changed", repository.Id, runs.Count, stored);
    }

    private async Task<IReadOnlyList<WorkflowRun>> ListRecentRunsAsync(Core.Domain.Repository repository, CancellationToken cancellationToken)
    {
        var (owner, name) = GitHubClientFactory.ParseLocation(repository.Location);
        var client = clients.Create(repository, await clients.TokenForAsync(repository, cancellationToken));
        var target = new GitHubTarget(repository.Id, owner, name);
        var wanted = options.Value.RunsPerSync;
        var pageSize = Math.Min(wanted, MaxPageSize);
        var runs = new List<WorkflowRun>();

        // One call per page, so that a failure retries one page, not the whole listing.
        for (var page = 1; runs.Count < wanted; page++)
        {
            var apiOptions = new ApiOptions { PageSize = pageSize, PageCount = 1, StartPage = page };
            var response = await calls.SendAsync(
                target, $"workflow runs (page {page})", () => client.Actions.Workflows.Runs.List(owner, name, new WorkflowRunsRequest(), apiOptions), cancellationToken);
            runs.AddRange(response.WorkflowRuns.Take(wanted - runs.Count));
            if (response.WorkflowRuns.Count < pageSize || runs.Count >= response.TotalCount)
            {
                break;
            }
        }

        return runs;
    }

    private async Task<int> StoreAsync(TrackerDbContext context, int repositoryId, IReadOnlyList<WorkflowRun> runs, CancellationToken cancellationToken)
    {
        var ids = runs.Select(r => r.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).Distinct().ToList();
        var existing = await context.BuildResults
            .Where(b => b.RepositoryId == repositoryId && b.Source == BuildSource.GitHubActions && ids.Contains(b.ExternalId))
            .ToDictionaryAsync(b => b.ExternalId, StringComparer.Ordinal, cancellationToken);

        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var run in runs)
        {
            var externalId = run.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!existing.TryGetValue(externalId, out var build))
            {
                build = new BuildResult
                {
                    RepositoryId = repositoryId,
                    Source = BuildSource.GitHubActions,
                    ExternalId = externalId,
                    CommitId = run.HeadSha,
                    ReceivedAt = now,
                };
                context.BuildResults.Add(build);
                existing[externalId] = build;
            }

            var completed = IsCompleted(run);
            build.CommitId = run.HeadSha;
            build.Name = run.Name;
            build.Status = StatusOf(run);
            build.Url = run.HtmlUrl;
            build.StartedAt = (run.RunStartedAt == default ? run.CreatedAt : run.RunStartedAt).UtcDateTime;
            build.CompletedAt = completed ? run.UpdatedAt.UtcDateTime : null;
        }

        // Only runs whose values changed are written, so a second sync of the same runs writes nothing.
        return await context.SaveChangesAsync(cancellationToken);
    }

    private static bool IsCompleted(WorkflowRun run) =>
        run.Status.TryParse(out var status) ? status == WorkflowRunStatus.Completed : string.Equals(run.Status.StringValue, "completed", StringComparison.Ordinal);

    /// <summary>Maps GitHub's status and conclusion to the product's build status.</summary>
    internal static BuildStatus StatusOf(WorkflowRun run)
    {
        if (!IsCompleted(run))
        {
            return run.Status.TryParse(out var status) && status == WorkflowRunStatus.InProgress ? BuildStatus.Running : BuildStatus.Queued;
        }

        if (run.Conclusion is not { } conclusionText || !conclusionText.TryParse(out var conclusion))
        {
            // A conclusion this version of Octokit does not know: do not claim success.
            return BuildStatus.Failed;
        }

        return conclusion switch
        {
            WorkflowRunConclusion.Success or WorkflowRunConclusion.Neutral => BuildStatus.Succeeded,
            WorkflowRunConclusion.Cancelled => BuildStatus.Cancelled,
            WorkflowRunConclusion.Skipped or WorkflowRunConclusion.Stale => BuildStatus.Skipped,

            // Waits for someone to approve it before it runs.
            WorkflowRunConclusion.ActionRequired => BuildStatus.Queued,
            _ => BuildStatus.Failed,
        };
    }
}
