namespace MigrationTracker.Core.Jobs;

/// <summary>Scans a repository's history as planned by a <see cref="Domain.BackfillRun"/>, resuming from its checkpoint.</summary>
public interface IBackfillJob
{
    Task RunAsync(int backfillRunId, CancellationToken cancellationToken);
}
