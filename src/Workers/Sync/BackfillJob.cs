using MigrationTracker.Core.Data;
using MigrationTracker.Core.Domain;
using MigrationTracker.Core.Jobs;
using MigrationTracker.Core.Storage;
using MigrationTracker.Workers.Sources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace MigrationTracker.Workers.Sync;

/// <summary>
/// Scans a repository's history from its newest commit back, as a <see cref="BackfillRun"/> plans it,
/// recording progress after every commit. A run that stopped (a crash, a killed worker, a restart)
/// resumes after its last finished commit; snapshots already written are never written twice.
/// </summary>
internal sealed class BackfillJob(
    IDbContextFactory<TrackerDbContext> contextFactory,
    RepositoryMirrors mirrors,
    ScanSessions sessions,
    RepositoryStatusRecorder status,
    StorageSettings storage,
    TimeProvider clock,
    ILogger<BackfillJob> logger) : IBackfillJob
{
    public async Task RunAsync(int backfillRunId, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var run = await context.BackfillRuns.Include(b => b.Repository).SingleOrDefaultAsync(b => b.Id == backfillRunId, cancellationToken);
        if (run?.Repository is not { } repository || run.Status == BackfillStatus.Succeeded)
        {
            return;
        }

        try
        {
            var mirror = (run.HeadCommit is null ? null : mirrors.Existing(repository, run.HeadCommit))
                ?? await mirrors.FetchAsync(repository, cancellationToken);
            run.HeadCommit ??= mirror.HeadCommit;

            using var session = await sessions.OpenAsync(repository, mirror.Path, cancellationToken);
            var plan = CommitHistory.Plan(CommitHistory.FirstParent(session.Git, run.HeadCommit, run.Since), run.Granularity);
            run.Total = plan.Count;
            run.Status = BackfillStatus.Running;
            run.StartedAt ??= clock.GetUtcNow().UtcDateTime;
            run.LastError = null;
            await SaveAsync(context, run, cancellationToken);
            if (run.Done > 0)
            {
                logger.LogInformation("Backfill {RunId} resumes at commit {Done} of {Total}", run.Id, run.Done + 1, run.Total);
            }

            for (var i = run.Done; i < plan.Count; i++)
            {
                await session.ScanAsync(plan[i], cancellationToken);
                run.Done = i + 1;
                run.CurrentCommitTime = plan[i].CommitTime;
                await SaveAsync(context, run, cancellationToken);
            }

            await session.CompleteAsync(cancellationToken);
            await status.BackfilledAsync(repository.Id, mirror.Branch, cancellationToken);
            run.Status = BackfillStatus.Succeeded;
            run.FinishedAt = clock.GetUtcNow().UtcDateTime;
            await SaveAsync(context, run, cancellationToken);
            logger.LogInformation("Backfill {RunId} of repository {RepositoryId} finished: {Total} commit(s)", run.Id, repository.Id, run.Total);
        }
        catch (SourceUnavailableException ex)
        {
            run.Status = BackfillStatus.Failed;
            run.LastError = ex.Message;
            await SaveAsync(context, run, CancellationToken.None);
            await status.UnreachableAsync(repository.Id, ex.Message, CancellationToken.None);
        }
        catch (OperationCanceledException)
        {
            // The worker is stopping: the run stays Running with its checkpoint, and the job is picked up again.
            throw;
        }
        catch (Exception ex)
        {
            run.Status = BackfillStatus.Failed;
            run.LastError = $"{FailureMessages.Describe(ex, storage)} (at commit {run.Done + 1} of {run.Total}; a retry resumes there)";
            await SaveAsync(context, run, CancellationToken.None);
            throw;
        }
    }

    private async Task SaveAsync(TrackerDbContext context, BackfillRun run, CancellationToken cancellationToken)
    {
        run.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await context.SaveChangesAsync(cancellationToken);
    }
}
