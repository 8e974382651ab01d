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
    public static string JobId(int repositoryId) => $"sync-repository-{repositoryId}";

    public void Schedule(int repositoryId, int? intervalMinutes)
    {
        var minutes = intervalMinutes ?? options.Value.DefaultIntervalMinutes;
        recurring.AddOrUpdate<IRepositorySyncJob>(JobId(repositoryId), JobQueues.Default, job => job.RunAsync(repositoryId, CancellationToken.None), Cron(minutes));
    }

    public void Unschedule(int repositoryId) => recurring.RemoveIfExists(JobId(repositoryId));

    /// <summary>A cron expression for "every N minutes" (hours when N is a multiple of 60, at most daily).</summary>
    public static string Cron(int minutes) => minutes switch
    {
        < 60 => $"*/{minutes} * * * *",
        < 1440 when minutes % 60 == 0 => $"0 */{minutes / 60} * * *",
        < 1440 => $"*/{Math.Min(59, minutes)} * * * *",
        _ => "0 3 * * *",
    };
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
