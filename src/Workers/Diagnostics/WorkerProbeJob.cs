using MigrationTracker.Core.Data;
using MigrationTracker.Core.Domain;
using MigrationTracker.Core.Jobs;
using MigrationTracker.Workers.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MigrationTracker.Workers.Diagnostics;

internal sealed class WorkerProbeJob(IDbContextFactory<TrackerDbContext> contextFactory, TimeProvider clock, IOptions<JobsOptions> options) : IWorkerProbeJob
{
    public async Task RunAsync(Guid probeId, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var probe = await context.WorkerProbes.FindAsync([probeId], cancellationToken);
        if (probe is null)
        {
            probe = new WorkerProbe { Id = probeId, RequestedAt = clock.GetUtcNow().UtcDateTime };
            context.WorkerProbes.Add(probe);
        }

        // A second run of the same probe keeps the first answer.
        if (probe.CompletedAt is not null)
        {
            return;
        }

        probe.CompletedAt = clock.GetUtcNow().UtcDateTime;
        probe.WorkerName = options.Value.EffectiveServerName;
        probe.ProcessId = Environment.ProcessId;
        await context.SaveChangesAsync(cancellationToken);
    }
}
