using System.Globalization;
using Hangfire;
using MigrationTracker.Core;
using MigrationTracker.Core.Data;
using MigrationTracker.Core.Domain;
using MigrationTracker.Core.Jobs;
using MigrationTracker.Core.Storage;
using MigrationTracker.Testing;
using MigrationTracker.Workers.Hosting;
using MigrationTracker.Workers.Sync;
using MigrationTracker.Workers.Tests.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace MigrationTracker.Workers.Tests.ScaleOut;

/// <summary>
/// A fresh PostgreSQL database with the product's schema, and the test in the web process's place:
/// the product's own <c>AddTrackerDatabase</c> and <c>AddTrackerJobs</c> with no job server, so
/// backfills are started through the product's <see cref="Backfills"/> and run by worker processes.
/// </summary>
internal sealed class ScaleOutDatabase : IAsyncDisposable
{
    private readonly TestStorage _storage;
    private readonly IHost _host;
    private readonly TemporaryDirectory _folder;
    private readonly List<ProductProcess> _workers = [];

    private ScaleOutDatabase(TestStorage storage, IHost host, TemporaryDirectory folder)
    {
        _storage = storage;
        _host = host;
        _folder = folder;
    }

    public string ConnectionString => _storage.Settings.ConnectionString;

    public IReadOnlyList<ProductProcess> Workers => _workers;

    public string WorkersOutput => string.Join(
        Environment.NewLine,
        _workers.Select((w, i) => $"----- worker process {i + 1} (pid {w.Id}) -----{Environment.NewLine}{w.Output}"));

    /// <param name="adminConnectionString">Another server than the shared test server (a test's own cluster it may stop).</param>
    public static async Task<ScaleOutDatabase> CreateAsync(CancellationToken cancellationToken, string? adminConnectionString = null)
    {
        var storage = adminConnectionString is null
            ? await TestStorage.CreateAsync(DatabaseProvider.PostgreSql, cancellationToken)
            : await TestStorage.CreatePostgreSqlAsync(adminConnectionString, cancellationToken);
        var folder = new TemporaryDirectory("mt-scaleout");
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = folder.Path,
        });
        builder.Configuration.AddInMemoryCollection(TestLocalRoots.AllowTempFolder(new Dictionary<string, string?>
        {
            [StorageSettings.ProviderKey] = nameof(DatabaseProvider.PostgreSql),
            [StorageSettings.ConnectionStringKey] = storage.Settings.ConnectionString,
            [StorageSettings.DataDirectoryKey] = folder.Combine("web-data"),
            ["Jobs:RunServer"] = "false",
        }));
        var settings = builder.AddTrackerDatabase();
        builder.AddTrackerJobs(settings, SchemaRole.Wait);
        var host = builder.Build();

        // The job storage prepares its schema before any worker starts, as the web process's would.
        host.Services.GetRequiredService<JobStorage>().GetMonitoringApi().Servers();
        return new ScaleOutDatabase(storage, host, folder);
    }

    /// <summary>Starts a standalone worker host on this database, with its own content root and data folder.</summary>
    public ProductProcess StartWorker(string serverName, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var root = _folder.Combine(serverName);
        var settings = new Dictionary<string, string?>
        {
            ["Database__Provider"] = "PostgreSql",
            ["ConnectionStrings__Tracker"] = ConnectionString,
            ["Storage__DataDirectory"] = Path.Combine(root, "data"),
            ["Jobs__ServerName"] = serverName,
            ["Jobs__WorkerCount"] = "1",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var worker = ProductProcess.StartWorkers(root, settings);
        _workers.Add(worker);
        return worker;
    }

    /// <summary>Waits until the worker's job server has announced itself in the shared storage.</summary>
    public async Task WaitUntilServingAsync(ProductProcess worker, string serverName, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var monitoring = _host.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        while (DateTime.UtcNow < deadline)
        {
            if (monitoring.Servers().Any(s => s.Name.StartsWith(serverName + ":", StringComparison.OrdinalIgnoreCase)))
            {
                return;
            }

            if (worker.HasExited)
            {
                break;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The worker {serverName} did not announce its job server within {timeout}:{Environment.NewLine}{worker.Output}");
    }

    public async Task<int> AddLocalRepositoryAsync(string name, string path, CancellationToken cancellationToken)
    {
        await using var context = _storage.CreateDbContext();
        var repository = new Repository { Name = name, Kind = RepositoryKind.LocalPath, Location = path, CreatedAt = DateTime.UtcNow };
        context.Repositories.Add(repository);
        await context.SaveChangesAsync(cancellationToken);
        return repository.Id;
    }

    /// <summary>Queues a sync of the repository as "Sync now" does; returns the job's id.</summary>
    public string EnqueueSync(int repositoryId) => _host.Services.GetRequiredService<IBackgroundJobClient>()
        .Enqueue<IRepositorySyncJob>(JobQueues.Default, job => job.RunAsync(repositoryId, CancellationToken.None));

    public async Task<Repository> RepositoryAsync(int repositoryId, CancellationToken cancellationToken)
    {
        await using var context = _storage.CreateDbContext();
        return await context.Repositories.AsNoTracking().SingleAsync(r => r.Id == repositoryId, cancellationToken);
    }

    /// <summary>Polls the repository until <paramref name="done"/> holds, or fails naming its last state and the workers' output.</summary>
    public async Task<Repository> WaitForRepositoryAsync(int repositoryId, Func<Repository, bool> done, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        Repository repository;
        do
        {
            repository = await RepositoryAsync(repositoryId, cancellationToken);
            if (done(repository))
            {
                return repository;
            }

            await Task.Delay(50, cancellationToken);
        }
        while (DateTime.UtcNow < deadline);

        throw new TimeoutException(
            $"Repository {repositoryId} is {repository.Status} ({repository.StatusDetail}; {repository.LastError}) after {timeout}:{Environment.NewLine}{WorkersOutput}");
    }

    /// <summary>The database, for the queries of <see cref="StoredContents"/>.</summary>
    public IDbContextFactory<TrackerDbContext> Database => _storage;

    public async Task<int> StartBackfillAsync(int repositoryId, CancellationToken cancellationToken)
    {
        var run = await _host.Services.GetRequiredService<Backfills>().StartAsync(repositoryId, since: null, BackfillGranularity.EveryCommit, cancellationToken);
        return run.Id;
    }

    public async Task<BackfillRun> RunAsync(int runId, CancellationToken cancellationToken)
    {
        await using var context = _storage.CreateDbContext();
        return await context.BackfillRuns.AsNoTracking().SingleAsync(r => r.Id == runId, cancellationToken);
    }

    /// <summary>
    /// Waits until every run has succeeded. Failures seen on the way (a run that was Failed at some
    /// poll, with its error) are returned, so a test can tell a clean run from one Hangfire retried.
    /// </summary>
    public async Task<List<string>> WaitUntilSucceededAsync(IReadOnlyCollection<int> runIds, TimeSpan timeout, Func<string> output, CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        var deadline = DateTime.UtcNow + timeout;
        List<BackfillRun> runs = [];
        while (DateTime.UtcNow < deadline)
        {
            await using (var context = _storage.CreateDbContext())
            {
                runs = await context.BackfillRuns.AsNoTracking().Where(r => runIds.Contains(r.Id)).OrderBy(r => r.Id).ToListAsync(cancellationToken);
            }

            foreach (var failed in runs.Where(r => r.Status == BackfillStatus.Failed))
            {
                var line = $"run {failed.Id}: {failed.LastError}";
                if (!failures.Contains(line))
                {
                    failures.Add(line);
                }
            }

            if (runs.Count == runIds.Count && runs.All(r => r.Status == BackfillStatus.Succeeded))
            {
                return failures;
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new TimeoutException(
            $"The backfills did not all succeed within {timeout}: {Describe(runs)}{Environment.NewLine}" +
            $"Failures seen: {string.Join("; ", failures)}{Environment.NewLine}{output()}");
    }

    public static string Describe(IEnumerable<BackfillRun> runs) => string.Join("; ", runs.Select(r =>
        string.Create(CultureInfo.InvariantCulture, $"run {r.Id} {r.Status} {r.Done}/{r.Total}{(r.LastError is null ? string.Empty : " (" + r.LastError + ")")}")));

    /// <summary>Every snapshot as one line of what the product shows: repository, driver, commit and its figures.</summary>
    public Task<List<string>> SnapshotLinesAsync(CancellationToken cancellationToken) => StoredContents.SnapshotLinesAsync(_storage, cancellationToken);

    /// <summary>Every driver: identity, first seen, removal, and the counterpart it is paired with.</summary>
    public Task<List<string>> DriverLinesAsync(CancellationToken cancellationToken) => StoredContents.DriverLinesAsync(_storage, cancellationToken);

    /// <summary>(driver, commit) keys of all snapshots, duplicates included, and detail hashes that name no stored detail.</summary>
    public Task<(int Count, int Distinct, List<string> MissingDetails)> IntegrityAsync(CancellationToken cancellationToken) => StoredContents.IntegrityAsync(_storage, cancellationToken);

    /// <summary>Every commit recorded as scanned, with its time and driver count.</summary>
    public Task<List<string>> ScannedCommitLinesAsync(CancellationToken cancellationToken) => StoredContents.ScannedCommitLinesAsync(_storage, cancellationToken);

    /// <summary>For each commit, the driver paths that have a snapshot there.</summary>
    public async Task<Dictionary<string, string[]>> SnapshotDriversByCommitAsync(CancellationToken cancellationToken)
    {
        await using var context = _storage.CreateDbContext();
        var rows = await context.Snapshots.AsNoTracking().Select(s => new { s.CommitId, s.Driver!.ProjectPath }).ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.CommitId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(r => r.ProjectPath).Order(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
    }

    /// <summary>The states a job went through, oldest first.</summary>
    public List<string> JobStates(string jobId) =>
        [.. (_host.Services.GetRequiredService<JobStorage>().GetMonitoringApi().JobDetails(jobId)?.History ?? []).Select(h => h.StateName).Reverse()];

    /// <summary>The job servers that took a backfill job into processing, from Hangfire's state history.</summary>
    public async Task<List<string>> ProcessingServersAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT s.data::text FROM hangfire.state s JOIN hangfire.job j ON j.id = s.jobid WHERE s.name = 'Processing' AND j.invocationdata::text LIKE '%IBackfillJob%'",
            connection);
        var servers = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            servers.Add(reader.GetString(0));
        }

        return servers;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _workers)
        {
            await worker.DisposeAsync();
        }

        _host.Dispose();
        await _storage.DisposeAsync();
        _folder.Dispose();
    }
}
