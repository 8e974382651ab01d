namespace MigrationTracker.Core.Jobs;

/// <summary>
/// Brings a repository up to date: refreshes its metadata, fetches its mirror, and scans the new
/// commits of its default branch. Recurring per repository, and on demand (button, webhook).
/// </summary>
public interface IRepositorySyncJob
{
    Task RunAsync(int repositoryId, CancellationToken cancellationToken);
}
