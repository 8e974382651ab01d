using LibGit2Sharp;
using MigrationTracker.Core.Data;
using MigrationTracker.Core.Jobs;
using Microsoft.EntityFrameworkCore;

namespace MigrationTracker.Workers.Sync;

/// <summary>Scans one commit; the mirror is fetched first when it does not hold the commit yet.</summary>
internal sealed class CommitScanJob(IDbContextFactory<TrackerDbContext> contextFactory, RepositoryMirrors mirrors, ScanSessions sessions) : ICommitScanJob
{
    public async Task RunAsync(int repositoryId, string commitId, CancellationToken cancellationToken)
    {
        Core.Domain.Repository? repository;
        await using (var context = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            repository = await context.Repositories.AsNoTracking().SingleOrDefaultAsync(r => r.Id == repositoryId, cancellationToken);
        }

        if (repository is null)
        {
            return;
        }

        var mirror = mirrors.Existing(repository, commitId) ?? await mirrors.FetchAsync(repository, cancellationToken);
        using var session = await sessions.OpenAsync(repository, mirror.Path, cancellationToken);
        var commit = session.Git.Lookup<Commit>(commitId)
            ?? throw new InvalidOperationException($"Commit {commitId} is not in {repository.Name}, even after a fetch.");
        await session.ScanAsync(new CommitPoint(commit.Sha, commit.Committer.When.UtcDateTime), cancellationToken);
        await session.CompleteAsync(cancellationToken);
    }
}
