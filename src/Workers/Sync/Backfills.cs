using Hangfire;
using MigrationTracker.Core.Data;
using MigrationTracker.Core.Domain;
using MigrationTracker.Core.Jobs;
using Microsoft.EntityFrameworkCore;

namespace MigrationTracker.Workers.Sync;

/// <summary>Starts backfills: records the run (its plan's parameters and progress) and queues the job on the backfill queue.</summary>
public sealed class Backfills(IDbContextFactory<TrackerDbContext> contextFactory, IBackgroundJobClient jobs, TimeProvider clock)
{
    public async Task<BackfillRun> StartAsync(int repositoryId, DateTime? since, BackfillGranularity granularity, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (!await context.Repositories.AnyAsync(r => r.Id == repositoryId, cancellationToken))
        {
            throw new ArgumentException($"There is no repository {repositoryId}.", nameof(repositoryId));
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var run = new BackfillRun
        {
            RepositoryId = repositoryId,
            Since = since,
            Granularity = granularity,
            Status = BackfillStatus.Queued,
            CreatedAt = now,
            UpdatedAt = now,
        };
        context.BackfillRuns.Add(run);
        await context.SaveChangesAsync(cancellationToken);

        run.JobId = jobs.Enqueue<IBackfillJob>(JobQueues.Backfill, job => job.RunAsync(run.Id, CancellationToken.None));
        await context.SaveChangesAsync(cancellationToken);
        return run;
    }
}
