namespace MigrationTracker.Core.Jobs;

/// <summary>Scans one commit of a repository's mirror and stores one snapshot per driver; running it twice changes nothing.</summary>
public interface ICommitScanJob
{
    Task RunAsync(int repositoryId, string commitId, CancellationToken cancellationToken);
}
