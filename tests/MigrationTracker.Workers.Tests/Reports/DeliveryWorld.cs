using System.Data.Common;
using Hangfire;
using Hangfire.Storage.SQLite;
using MigrationTracker.Core;
using MigrationTracker.Core.Domain;
using MigrationTracker.Core.Jobs;
using MigrationTracker.Core.Reports;
using MigrationTracker.Core.Storage;
using MigrationTracker.Testing;
using MigrationTracker.Workers.Hosting;
using MigrationTracker.Workers.Reports;
using MigrationTracker.Workers.Tests.GitHub;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MigrationTracker.Workers.Tests.Reports;

/// <summary>
/// The worker's services wired by the product's own <c>AddTrackerDatabase</c> and <c>AddTrackerJobs</c> (job server off)
/// against a real migrated SQLite database, with the delivery settings a test gives under <c>Reports:Delivery</c>.
/// </summary>
public sealed class DeliveryWorld : IAsyncDisposable
{
    private DeliveryWorld(TestStorage storage, IHost host, CapturingLoggerProvider logs)
    {
        Storage = storage;
        Host = host;
        Logs = logs;
    }

    public TestStorage Storage { get; }

    public IHost Host { get; }

    /// <summary>Every log line of the product's code and its libraries, at every level.</summary>
    public CapturingLoggerProvider Logs { get; }

    public IServiceProvider Services => Host.Services;

    public ReportDeliveryPlanner Planner => Services.GetRequiredService<ReportDeliveryPlanner>();

    public IReportDeliveryJob Job => Services.GetRequiredService<IReportDeliveryJob>();

    /// <param name="delivery">Settings below <c>Reports:Delivery</c>, such as <c>Email:Host</c> or <c>Webhooks:0:Url</c>.</param>
    /// <param name="runServer">Whether a Hangfire job server runs the queued jobs (once the host is started).</param>
    /// <param name="other">Settings outside <c>Reports:Delivery</c>, by their full key.</param>
    public static async Task<DeliveryWorld> CreateAsync(IDictionary<string, string?> delivery, bool runServer = false, IDictionary<string, string?>? other = null)
    {
        var storage = await TestStorage.CreateAsync(DatabaseProvider.Sqlite);
        var logs = new CapturingLoggerProvider();
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            EnvironmentName = "Testing",
            ContentRootPath = storage.Settings.DataDirectory,
        });
        var configuration = new Dictionary<string, string?>
        {
            [StorageSettings.ProviderKey] = "Sqlite",
            [StorageSettings.ConnectionStringKey] = storage.Settings.ConnectionString,
            [StorageSettings.DataDirectoryKey] = storage.Settings.DataDirectory,
            ["Jobs:RunServer"] = runServer ? "true" : "false",
            ["Jobs:WorkerCount"] = "1",
            ["Reports:Delivery:RetryDelay"] = "00:00:00.010",
        };
        foreach (var (key, value) in delivery)
        {
            configuration[$"{ReportDeliveryOptions.SectionName}:{key}"] = value;
        }

        foreach (var (key, value) in other ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(TestLocalRoots.AllowTempFolder(configuration));
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddProvider(logs);
        var storageSettings = builder.AddTrackerDatabase();
        builder.AddTrackerJobs(storageSettings, SchemaRole.Wait);

        // Hangfire's configuration sets one job storage for the whole process (JobStorage.Current), and other tests
        // build hosts at the same time: this world pins the storage its job client, server and monitoring use to its
        // own jobs.db, as it would be in a process of its own.
        builder.Services.RemoveAll<JobStorage>();
        builder.Services.AddSingleton<JobStorage>(services =>
        {
            services.GetRequiredService<IGlobalConfiguration>();
            return new SQLiteStorage(Path.Combine(storage.Settings.DataDirectory, "jobs.db"), new SQLiteStorageOptions { QueuePollInterval = TimeSpan.FromSeconds(1) });
        });

        return new DeliveryWorld(storage, builder.Build(), logs);
    }

    /// <summary>Stores a report as the weekly report job does: the model serialized by <see cref="ReportJson"/>.</summary>
    public async Task<int> StoreReportAsync(WeeklyReport model)
    {
        await using var context = Storage.CreateDbContext();
        var report = new StoredReport
        {
            WeekStart = model.WeekStart,
            Scope = model.Scope,
            GeneratedAt = model.GeneratedAt,
            AsOf = model.AsOf,
            ModelJson = ReportJson.Serialize(model),
        };
        context.Reports.Add(report);
        await context.SaveChangesAsync();
        return report.Id;
    }

    public async Task AddTeamAsync(string slug, string name, string? contactEmail)
    {
        await using var context = Storage.CreateDbContext();
        context.Teams.Add(new Team { Slug = slug, Name = name, ContactEmail = contactEmail, CreatedAt = DateTime.UtcNow });
        await context.SaveChangesAsync();
    }

    public async Task<ReportDelivery> DeliveryAsync(long id)
    {
        await using var context = Storage.CreateDbContext();
        return await context.ReportDeliveries.AsNoTracking().SingleAsync(d => d.Id == id);
    }

    public async Task<List<ReportDelivery>> DeliveriesAsync(int reportId)
    {
        await using var context = Storage.CreateDbContext();
        return await context.ReportDeliveries.AsNoTracking().Where(d => d.ReportId == reportId).OrderBy(d => d.Id).ToListAsync();
    }

    /// <summary>The stored report's row as the database holds it, every column.</summary>
    public async Task<IReadOnlyList<object?>> ReportRowAsync(int reportId)
    {
        await using var context = Storage.CreateDbContext();
        var connection = context.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM Reports WHERE Id = $id";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "$id";
        parameter.Value = reportId;
        command.Parameters.Add(parameter);
        await using DbDataReader reader = await command.ExecuteReaderAsync();
        (await reader.ReadAsync()).ShouldBeTrue();
        var row = new object?[reader.FieldCount];
        reader.GetValues(row!);
        return row;
    }

    /// <summary>The delivery ids of the delivery jobs waiting in the default queue.</summary>
    public IReadOnlyList<long> QueuedDeliveries()
    {
        var monitoring = Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        return monitoring.EnqueuedJobs(JobQueues.Default, 0, 1000)
            .Select(job => job.Value.Job)
            .Where(job => job.Type == typeof(IReportDeliveryJob))
            .Select(job => (long)job.Args[0])
            .ToList();
    }

    /// <summary>The Hangfire states of the delivery jobs: how many failed, wait for a retry, or succeeded.</summary>
    public (long Failed, long Scheduled, long Succeeded) JobCounts()
    {
        var statistics = Services.GetRequiredService<JobStorage>().GetMonitoringApi().GetStatistics();
        return (statistics.Failed, statistics.Scheduled, statistics.Succeeded);
    }

    public async ValueTask DisposeAsync()
    {
        Host.Dispose();
        await Storage.DisposeAsync();
    }
}
