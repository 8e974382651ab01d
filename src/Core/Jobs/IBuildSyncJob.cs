namespace MigrationTracker.Core.Jobs;

/// <summary>Fetches a repository's CI results (GitHub Actions workflow runs) and stores them as build results.</summary>
public interface IBuildSyncJob
{
    Task RunAsync(int repositoryId, CancellationToken cancellationToken);
}
