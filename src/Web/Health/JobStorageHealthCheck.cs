using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MigrationTracker.Web.Health;

internal sealed class JobStorageHealthCheck(JobStorage storage) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var statistics = storage.GetMonitoringApi().GetStatistics();
        return Task.FromResult(HealthCheckResult.Healthy(
            $"Job storage answers: {statistics.Servers} server(s), {statistics.Enqueued} enqueued, {statistics.Processing} processing, {statistics.Failed} failed."));
    }
}
