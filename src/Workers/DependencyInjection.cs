using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.Storage.SQLite;
using MigrationTracker.Core.Jobs;
using MigrationTracker.Core.Data;
using MigrationTracker.Core.Storage;
using MigrationTracker.Workers.Diagnostics;
using MigrationTracker.Workers.GitHub;
using MigrationTracker.Workers.Hosting;
using MigrationTracker.Workers.Reports;
using MigrationTracker.Workers.Secrets;
using MigrationTracker.Workers.Sync;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MigrationTracker.Workers;

public static class DependencyInjection
{
    /// <summary>
    /// Registers job storage on the configured provider, the job implementations, the schema gate
    /// and, when <c>Jobs:RunServer</c> is on, a job server. Call after <c>AddTrackerDatabase</c>.
    /// </summary>
    public static void AddTrackerJobs(this IHostApplicationBuilder builder, StorageSettings storage, SchemaRole schemaRole)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(storage);

        builder.Services.AddOptions<JobsOptions>()
            .BindConfiguration(JobsOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // Registered before the job server so that it starts first: no job runs against an old schema.
        builder.Services.AddHostedService(services => ActivatorUtilities.CreateInstance<SchemaGate>(services, schemaRole));

        builder.Services.AddTransient<IWorkerProbeJob, WorkerProbeJob>();
        builder.Services.AddRepositorySync(schemaRole);
        builder.Services.AddWeeklyReports(schemaRole);

        builder.Services.AddTrackerDataProtection(storage);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddOptions<GitHubOptions>()
            .BindConfiguration(GitHubOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<CredentialProtector>();
        builder.Services.AddSingleton<GitHubDefaultToken>();
        builder.Services.AddSingleton<GitHubClientFactory>();
        builder.Services.AddSingleton<GitHubCalls>();
        builder.Services.AddTransient<GitHubRepositories>();
        builder.Services.AddTransient<IGitHubRemoteResolver, GitHubRemoteResolver>();
        builder.Services.AddTransient<IBuildSyncJob, BuildSyncJob>();
        builder.Services.AddReportDelivery();

        builder.Services.AddHangfire((services, configuration) => configuration
            .UseLogProvider(new HangfireLogs(services.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>()))
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseTrackerJobStorage(storage, builder.Configuration.GetValue<TimeSpan?>($"{JobsOptions.SectionName}:{nameof(JobsOptions.InvisibilityTimeout)}")));

        var runServer = builder.Configuration.GetValue($"{JobsOptions.SectionName}:{nameof(JobsOptions.RunServer)}", defaultValue: true);
        if (runServer)
        {
            builder.Services.AddHangfireServer((services, server) =>
            {
                var options = services.GetRequiredService<IOptions<JobsOptions>>().Value;
                server.ServerName = options.EffectiveServerName;
                server.WorkerCount = options.WorkerCount;
                server.Queues = options.Queues;
            });
        }
    }

    /// <summary>
    /// Data Protection shared by the web process and every worker process: one application name and one key ring
    /// (in the data folder, or in the database when <see cref="StorageSettings.KeyStore"/> says so), so a secret
    /// saved by one process can be read by the others and after a restart.
    /// </summary>
    public static IServiceCollection AddTrackerDataProtection(this IServiceCollection services, StorageSettings storage)
    {
        ArgumentNullException.ThrowIfNull(storage);

        var dataProtection = services.AddDataProtection().SetApplicationName("MigrationTracker");
        if (storage.KeyStore == KeyStore.Database)
        {
            dataProtection.PersistKeysToDbContext<TrackerDbContext>();
        }
        else
        {
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(storage.DataDirectory, "keys")));
        }

        services.AddSingleton<ProtectedSettings>();
        return services;
    }

    /// <summary>Job storage beside the product's data: a SQLite file in the data folder, or the shared PostgreSQL database.</summary>
    public static IGlobalConfiguration UseTrackerJobStorage(this IGlobalConfiguration configuration, StorageSettings storage, TimeSpan? invisibilityTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(storage);

        if (storage.Provider == DatabaseProvider.Sqlite)
        {
            Directory.CreateDirectory(storage.DataDirectory);
            return configuration.UseSQLiteStorage(Path.Combine(storage.DataDirectory, "jobs.db"), new SQLiteStorageOptions
            {
                QueuePollInterval = TimeSpan.FromSeconds(1),
            });
        }

        return configuration.UsePostgreSqlStorage(
            postgres => postgres.UseNpgsqlConnection(storage.ConnectionString),
            new PostgreSqlStorageOptions
            {
                SchemaName = "hangfire",
                PrepareSchemaIfNecessary = true,
                QueuePollInterval = TimeSpan.FromSeconds(1),

                // A job whose worker died becomes visible to the others after this; sliding keeps a running job invisible.
                InvisibilityTimeout = invisibilityTimeout ?? new JobsOptions().InvisibilityTimeout,
                UseSlidingInvisibilityTimeout = true,
            });
    }
}
