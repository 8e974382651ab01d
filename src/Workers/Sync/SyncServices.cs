using MigrationTracker.Core;
using MigrationTracker.Core.Jobs;
using MigrationTracker.Core.Repositories;
using MigrationTracker.Core.Scoring;
using MigrationTracker.Workers.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace MigrationTracker.Workers.Sync;

public static class SyncServices
{
    /// <summary>Mirrors, scans, snapshot writing, and the sync, scan and backfill jobs.</summary>
    public static IServiceCollection AddRepositorySync(this IServiceCollection services, SchemaRole schemaRole)
    {
        services.AddOptions<SyncOptions>()
            .BindConfiguration(SyncOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // The same folder rules as when a repository is added, checked again at every sync of a local path.
        services.AddRepositoryOptions();
        services.AddSingleton<IRepositoryRemotes, RepositoryRemotes>();
        services.AddSingleton<RepositoryMirrors>();
        services.AddSingleton<FileAnalysisStore>();
        services.AddSingleton<PolicyStore>();
        services.AddSingleton<ScoringPolicies>();
        services.AddSingleton<ScanSessions>();
        services.AddSingleton<RepositoryStatusRecorder>();
        services.AddSingleton<Backfills>();
        services.AddSingleton<SyncSchedules>();
        services.AddSingleton<Demo.DemoRepositories>();

        services.AddTransient<IRepositorySyncJob, RepositorySyncJob>();
        services.AddTransient<ICommitScanJob, CommitScanJob>();
        services.AddTransient<IBackfillJob, BackfillJob>();
        services.AddTransient<IRescoreJob, RescoreJob>();

        if (schemaRole == SchemaRole.Migrate)
        {
            // Only the process that owns the schema (re)creates the recurring syncs, once the schema is current.
            services.AddHostedService<SyncScheduleRegistrar>();
        }

        return services;
    }
}
