using Hangfire;
using MigrationTracker.Core;
using MigrationTracker.Core.Data;
using MigrationTracker.Core.Domain;
using MigrationTracker.Core.Jobs;
using MigrationTracker.Core.Storage;
using MigrationTracker.Testing;
using MigrationTracker.Workers.Hosting;
using MigrationTracker.Workers.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MigrationTracker.Workers.Tests.Sync;

/// <summary>
/// The worker's services wired by the product's own <c>AddTrackerDatabase</c> and <c>AddTrackerJobs</c>
/// (job server off) against a real migrated SQLite database in a temporary data folder. The jobs run
/// in the test's process, against git repositories the test builds.
/// </summary>
public sealed class SyncWorld : IAsyncDisposable
{
    private SyncWorld(TestStorage storage, IHost host)
    {
        Storage = storage;
        Host = host;
    }

    public TestStorage Storage { get; }

    public IHost Host { get; }

    public IServiceProvider Services => Host.Services;

    public IRepositorySyncJob Sync => Services.GetRequiredService<IRepositorySyncJob>();

    public IBackfillJob Backfill => Services.GetRequiredService<IBackfillJob>();

    public ICommitScanJob CommitScan => Services.GetRequiredService<ICommitScanJob>();

    public Backfills Backfills => Services.GetRequiredService<Backfills>();

    /// <param name="settings">Settings beyond the database's, such as <c>Repositories:LocalRoots:0</c> (the temp folder when not given).</param>
    public static async Task<SyncWorld> CreateAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var storage = await TestStorage.CreateAsync(DatabaseProvider.Sqlite);
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            EnvironmentName = "Testing",
            ContentRootPath = storage.Settings.DataDirectory,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [StorageSettings.ProviderKey] = "Sqlite",
            [StorageSettings.ConnectionStringKey] = storage.Settings.ConnectionString,
            [StorageSettings.DataDirectoryKey] = storage.Settings.DataDirectory,
            ["Jobs:RunServer"] = "false",
        });
        builder.Configuration.AddInMemoryCollection(TestLocalRoots.AllowTempFolder(settings ?? new Dictionary<string, string?>()));
        builder.Logging.ClearProviders();
        var storageSettings = builder.AddTrackerDatabase();
        builder.AddTrackerJobs(storageSettings, SchemaRole.Wait);
        return new SyncWorld(storage, builder.Build());
    }

    /// <summary>Tracks a repository on the local disk, as a user adds one.</summary>
    public async Task<int> AddRepositoryAsync(string path, string name = "Echo drivers")
    {
        await using var context = Storage.CreateDbContext();
        var repository = new Repository { Name = name, Kind = RepositoryKind.LocalPath, Location = path, CreatedAt = DateTime.UtcNow };
        context.Repositories.Add(repository);
        await context.SaveChangesAsync();
        return repository.Id;
    }

    /// <summary>Records a backfill (as the dashboard does) and runs its job here, to the end.</summary>
    public async Task<BackfillRun> BackfillAsync(int repositoryId, BackfillGranularity granularity, DateTime? since = null)
    {
        var run = await Backfills.StartAsync(repositoryId, since, granularity, TestContext.Current.CancellationToken);
        await Backfill.RunAsync(run.Id, TestContext.Current.CancellationToken);
        return await BackfillRunAsync(run.Id);
    }

    public async Task<BackfillRun> BackfillRunAsync(int id)
    {
        await using var context = Storage.CreateDbContext();
        return await context.BackfillRuns.AsNoTracking().SingleAsync(b => b.Id == id);
    }

    public async Task<Repository> RepositoryAsync(int id)
    {
        await using var context = Storage.CreateDbContext();
        return await context.Repositories.AsNoTracking().SingleAsync(r => r.Id == id);
    }

    public async Task<List<Driver>> DriversAsync(int repositoryId)
    {
        await using var context = Storage.CreateDbContext();
        return await context.Drivers.AsNoTracking().Where(d => d.RepositoryId == repositoryId).OrderBy(d => d.ProjectPath).ToListAsync();
    }

    public async Task<Driver> DriverAsync(int repositoryId, string projectPath) =>
        (await DriversAsync(repositoryId)).Single(d => d.ProjectPath == projectPath);

    public async Task<List<Snapshot>> SnapshotsAsync(int repositoryId)
    {
        await using var context = Storage.CreateDbContext();
        return await context.Snapshots.AsNoTracking().Include(s => s.Driver)
            .Where(s => s.Driver!.RepositoryId == repositoryId)
            .OrderBy(s => s.Id)
            .ToListAsync();
    }

    /// <summary>The snapshots of one driver, keyed by commit.</summary>
    public async Task<Dictionary<string, Snapshot>> SnapshotsOfAsync(int repositoryId, string projectPath) =>
        (await SnapshotsAsync(repositoryId)).Where(s => s.Driver!.ProjectPath == projectPath).ToDictionary(s => s.CommitId);

    /// <summary>How many rows each table that a scan writes holds: what "nothing changed" compares.</summary>
    public async Task<(int Drivers, int Snapshots, int Details, int FileAnalyses)> CountsAsync()
    {
        await using var context = Storage.CreateDbContext();
        return (await context.Drivers.CountAsync(), await context.Snapshots.CountAsync(), await context.SnapshotDetails.CountAsync(), await context.FileAnalyses.CountAsync());
    }

    public JobStorage JobStorage => Services.GetRequiredService<JobStorage>();

    public async ValueTask DisposeAsync()
    {
        Host.Dispose();
        await Storage.DisposeAsync();
    }
}
