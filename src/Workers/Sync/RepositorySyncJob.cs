using Hangfire;
using MigrationTracker.Core.Data;
using MigrationTracker.Core.Domain;
using MigrationTracker.Core.Jobs;
using MigrationTracker.Core.Storage;
using MigrationTracker.Workers.Sources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MigrationTracker.Workers.Sync;

/// <summary>
/// Fetches a repository and scans the commits its default branch gained since the last sync
/// (first-parent line, oldest first; the first sync scans only the newest commit — history is a
/// backfill's job). A repository that vanished is marked with the reason and keeps its history.
/// </summary>
internal sealed class RepositorySyncJob(
    IDbContextFactory<TrackerDbContext> contextFactory,
    RepositoryMirrors mirrors,
    ScanSessions sessions,
    RepositoryStatusRecorder status,
    IBackgroundJobClient jobs,
    StorageSettings storage,
    IOptions<SyncOptions> options,
    ILogger<RepositorySyncJob> logger) : IRepositorySyncJob
{
    private async Task<HashSet<string>> ScannedCommitsAsync(int repositoryId, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var commits = await context.ScannedCommits.AsNoTracking()
            .Where(c => c.RepositoryId == repositoryId)
            .Select(c => c.CommitId)
            .ToListAsync(cancellationToken);
        return commits.ToHashSet(StringComparer.Ordinal);
    }

    public async Task RunAsync(int repositoryId, CancellationToken cancellationToken)
    {
        Repository? repository;
        await using (var context = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            repository = await context.Repositories.AsNoTracking().SingleOrDefaultAsync(r => r.Id == repositoryId, cancellationToken);
        }

        if (repository is null)
        {
            logger.LogInformation("Repository {RepositoryId} no longer exists; nothing to sync", repositoryId);
            return;
        }

        await status.StartedAsync(repositoryId, "Fetching", cancellationToken);
        try
        {
            var mirror = await mirrors.FetchAsync(repository, cancellationToken);
            repository.DefaultBranch ??= mirror.Branch;

            using var session = await sessions.OpenAsync(repository, mirror.Path, cancellationToken);
            // Back to the last synced commit, or (after a force-push rewrote it away) to any commit already scanned.
            var scanned = await ScannedCommitsAsync(repositoryId, cancellationToken);
            if (repository.LastSyncedCommit is { } last)
            {
                scanned.Add(last);
            }

            var fresh = CommitHistory.FirstParent(session.Git, mirror.HeadCommit, stop: scanned.Contains, max: options.Value.MaxCommitsPerSync);
            if (repository.LastSyncedCommit is null && fresh.Count > 1)
            {
                fresh = fresh[..1];
            }

            fresh.Reverse();
            for (var i = 0; i < fresh.Count; i++)
            {
                await status.DetailAsync(repositoryId, $"Scanning commit {i + 1} of {fresh.Count}", cancellationToken);
                await session.ScanAsync(fresh[i], cancellationToken);
            }

            await session.CompleteAsync(cancellationToken);
            await status.SucceededAsync(repositoryId, mirror, cancellationToken);
            logger.LogInformation("Synced repository {RepositoryId}: {Count} new commit(s) scanned", repositoryId, fresh.Count);

            if (repository.Kind == RepositoryKind.GitHub)
            {
                jobs.Enqueue<IBuildSyncJob>(JobQueues.Default, job => job.RunAsync(repositoryId, CancellationToken.None));
            }
        }
        catch (SourceUnavailableException ex)
        {
            logger.LogWarning("Repository {RepositoryId} is unreachable: {Reason}", repositoryId, ex.Message);
            await status.UnreachableAsync(repositoryId, ex.Message, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await status.FailedAsync(repositoryId, FailureMessages.Describe(ex, storage), CancellationToken.None);
            throw; // transient: Hangfire retries with backoff
        }
    }
}
