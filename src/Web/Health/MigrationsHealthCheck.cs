using MigrationTracker.Core.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MigrationTracker.Web.Health;

internal sealed class MigrationsHealthCheck(DatabaseSchema schema) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var pending = await schema.GetPendingMigrationsAsync(cancellationToken);
        return pending.Count == 0
            ? HealthCheckResult.Healthy("The schema is current.")
            : HealthCheckResult.Unhealthy($"{pending.Count} migration(s) not applied: {string.Join(", ", pending)}.");
    }
}
