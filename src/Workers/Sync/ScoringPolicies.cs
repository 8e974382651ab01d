using MigrationTracker.Core.Scoring;

namespace MigrationTracker.Workers.Sync;

/// <summary>The scoring policy in force: the newest stored version, or the built-in default when none is stored.</summary>
public sealed class ScoringPolicies(PolicyStore store)
{
    public Task<ReadinessPolicy> CurrentAsync(CancellationToken cancellationToken) => store.CurrentAsync(cancellationToken);
}
