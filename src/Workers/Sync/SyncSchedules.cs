using Hangfire;
using MigrationTracker.Core.Data;
using MigrationTracker.Core.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MigrationTracker.Workers.Sync;

/// <summary>Keeps one recurring sync job per repository, at the repository's interval or the default one.</summary>
public sealed class SyncSchedules(IRecurringJobManager recurring, IOptions<SyncOptions> options)
{
    // Intervals cron repeats evenly: divisors of a day (hours) and of an hour (minutes), largest first.
    private static readonly int[] HourSteps = [12, 8, 6, 4, 3, 2, 1];
    private static readonly int[] MinuteSteps = [30, 20, 15, 12, 10, 6, 5, 4, 3, 2, 1];

    public static string JobId(int repositoryId) => $"sync-repository-{repositoryId}";

    public void Schedule(int repositoryId, int? intervalMinutes)
    {
        var minutes = intervalMinutes ?? options.Value.DefaultIntervalMinutes;
        recurring.AddOrUpdate<IRepositorySyncJob>(JobId(repositoryId), JobQueues.Default, job => job.RunAsync(repositoryId, CancellationToken.None), Cron(minutes));
    }

    public void Unschedule(int repositoryId) => recurring.RemoveIfExists(JobId(repositoryId));

    /// <summary>
    /// A cron expression for "every N minutes". Cron repeats only at intervals that divide an hour or a
    /// day evenly, so other intervals are rounded down to the nearest one that does (45 → 30, 90 → 60):
    /// a repository is synced at most twice as often as asked, never with a short gap between two syncs.
    /// </summary>
    public static string Cron(int minutes)
    {
        if (minutes >= 1440)
        {
            return "0 3 * * *";
        }

        if (minutes >= 60)
        {
            var hours = HourSteps.First(h => h <= minutes / 60);
            return $"0 */{hours} * * *";
        }

        var step = MinuteSteps.First(m => m <= Math.Max(1, minutes));
        return $"*/{step} * * * *";
    }
}

/// <summary>At start, makes sure every repository has its recurring sync (runs in the process that owns the schema).</summary>
internal sealed class SyncScheduleRegistrar(IDbContextFactory<TrackerDbContext> contextFactory, SyncSchedules schedules) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var repositories = await context.Repositories.AsNoTracking().Select(r => new { r.Id, r.SyncIntervalMinutes }).ToListAsync(cancellationToken);
        foreach (var repository in repositories)
        {
            schedules.Schedule(repository.Id, repository.SyncIntervalMinutes);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
