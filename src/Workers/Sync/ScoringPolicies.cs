using MigrationTracker.Core.Data;
using MigrationTracker.Core.Scoring;
using Microsoft.EntityFrameworkCore;

namespace MigrationTracker.Workers.Sync;

/// <summary>The scoring policy in force: the newest stored version, or the built-in default when none is stored.</summary>
public sealed class ScoringPolicies(IDbContextFactory<TrackerDbContext> contextFactory)
{
    public async Task<ReadinessPolicy> CurrentAsync(CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var newest = await context.ScoringPolicies.AsNoTracking()
            .OrderByDescending(p => p.Version)
            .Select(p => p.Document)
            .FirstOrDefaultAsync(cancellationToken);
        return newest is null ? ReadinessPolicy.Default : ReadinessPolicy.Parse(newest);
    }
}
