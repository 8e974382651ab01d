namespace MigrationTracker.Core.Jobs;

/// <summary>Rescores stored snapshots under a saved scoring policy version from their stored profiles: no rescan.</summary>
public interface IRescoreJob
{
    Task RunAsync(int policyVersion, CancellationToken cancellationToken);
}
