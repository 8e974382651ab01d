using MigrationTracker.Core.Data;
using MigrationTracker.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace MigrationTracker.Workers.Sync;

/// <summary>Records on the repository what its jobs are doing and how the last one ended, for the Repositories page.</summary>
public sealed class RepositoryStatusRecorder(IDbContextFactory<TrackerDbContext> contextFactory, TimeProvider clock)
{
    public Task StartedAsync(int repositoryId, string detail, CancellationToken cancellationToken) =>
        UpdateAsync(repositoryId, r =>
        {
            r.Status = RepositoryStatus.Syncing;
            r.StatusDetail = detail;
        }, cancellationToken);

    public Task DetailAsync(int repositoryId, string? detail, CancellationToken cancellationToken) =>
        UpdateAsync(repositoryId, r => r.StatusDetail = detail, cancellationToken);

    public Task SucceededAsync(int repositoryId, MirrorState mirror, CancellationToken cancellationToken) =>
        UpdateAsync(repositoryId, r =>
        {
            r.Status = RepositoryStatus.Ok;
            r.StatusDetail = null;
            r.LastError = null;
            r.DefaultBranch ??= mirror.Branch;
            r.LastSyncedCommit = mirror.HeadCommit;
            r.LastSyncedAt = clock.GetUtcNow().UtcDateTime;
        }, cancellationToken);

    /// <summary>A backfill finished: a repository never synced before now shows as up to date with its branch.</summary>
    public Task BackfilledAsync(int repositoryId, string branch, CancellationToken cancellationToken) =>
        UpdateAsync(repositoryId, r =>
        {
            r.DefaultBranch ??= branch;
            if (r.Status is RepositoryStatus.New or RepositoryStatus.Failed)
            {
                r.Status = RepositoryStatus.Ok;
                r.LastError = null;
            }
        }, cancellationToken);

    /// <summary>The remote is gone or refuses access: the user must act; the history stays.</summary>
    public Task UnreachableAsync(int repositoryId, string message, CancellationToken cancellationToken) =>
        UpdateAsync(repositoryId, r =>
        {
            r.Status = RepositoryStatus.Unreachable;
            r.StatusDetail = null;
            r.LastError = message;
            r.LastErrorAt = clock.GetUtcNow().UtcDateTime;
        }, cancellationToken);

    public Task FailedAsync(int repositoryId, string message, CancellationToken cancellationToken) =>
        UpdateAsync(repositoryId, r =>
        {
            r.Status = RepositoryStatus.Failed;
            r.StatusDetail = null;
            r.LastError = message;
            r.LastErrorAt = clock.GetUtcNow().UtcDateTime;
        }, cancellationToken);

    private async Task UpdateAsync(int repositoryId, Action<Repository> change, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var repository = await context.Repositories.FindAsync([repositoryId], cancellationToken);
        if (repository is null)
        {
            return;
        }

        change(repository);
        await context.SaveChangesAsync(cancellationToken);
    }
}
