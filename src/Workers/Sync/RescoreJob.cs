using MigrationTracker.Core.Jobs;
using MigrationTracker.Core.Scoring;
using Microsoft.Extensions.Logging;

namespace MigrationTracker.Workers.Sync;

/// <summary>Rescores stored snapshots under a newly saved policy version, from their stored profiles.</summary>
internal sealed class RescoreJob(PolicyStore policies, ILogger<RescoreJob> logger) : IRescoreJob
{
    public async Task RunAsync(int policyVersion, CancellationToken cancellationToken)
    {
        var result = await policies.RescoreAsync(policyVersion, cancellationToken);
        logger.LogInformation(
            "Rescored {Details} analyses ({Snapshots} snapshots) under scoring policy version {Version}",
            result.DetailsRescored, result.SnapshotsUpdated, policyVersion);
    }
}
