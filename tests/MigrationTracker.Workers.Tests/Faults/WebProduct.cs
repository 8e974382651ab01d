using System.Net;
using System.Text.RegularExpressions;
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

namespace MigrationTracker.Workers.Tests.Faults;

/// <summary>
/// The product as most people run it: one web process (the built <c>MigrationTracker.Web</c>) on SQLite,
/// with the job server inside, its data in a folder of the test's. The test stands beside it as a
/// second program on the same data folder, doing what the Repositories page does on a click (it
/// records a repository, queues a sync or a backfill through the product's own services), and reads
/// the page itself as the signed-in administrator.
/// </summary>
internal sealed partial class WebProduct : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly TemporaryDirectory _folder;
    private readonly IHost _host;
    private readonly HttpClient _http;

    private WebProduct(TemporaryDirectory folder, ProductProcess web, IHost host, HttpClient http, string dataDirectory)
    {
        _folder = folder;
        Web = web;
        _host = host;
        _http = http;
        DataDirectory = dataDirectory;
    }

    public ProductProcess Web { get; }

    public string DataDirectory { get; }

    public string DatabasePath => Path.Combine(DataDirectory, "tracker.db");

    public IDbContextFactory<TrackerDbContext> Database => _host.Services.GetRequiredService<IDbContextFactory<TrackerDbContext>>();

    private IBackgroundJobClient Jobs => _host.Services.GetRequiredService<IBackgroundJobClient>();

    /// <param name="settings">Settings of the web process beyond the data folder (environment variables, <c>GitHub__ApiBaseUrl</c> and the like).</param>
    public static async Task<WebProduct> StartAsync(IReadOnlyDictionary<string, string?>? settings, CancellationToken cancellationToken)
    {
        var folder = new TemporaryDirectory("mt-fault-web");
        var data = folder.Combine("data");
        var environment = new Dictionary<string, string?>
        {
            ["Storage__DataDirectory"] = data,
            ["Jobs__ServerName"] = "web",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            environment[key] = value;
        }

        var web = ProductProcess.StartWeb(folder.Combine("web"), environment);
        var http = TestAccounts.CookieClient(web.BaseAddress!);
        await web.WaitUntilReadyAsync(http, StartTimeout);
        await TestAccounts.SignInAsync(http, cancellationToken: cancellationToken);

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = folder.Path,
        });
        builder.Configuration.AddInMemoryCollection(TestLocalRoots.AllowTempFolder(new Dictionary<string, string?>
        {
            [StorageSettings.ProviderKey] = nameof(DatabaseProvider.Sqlite),
            [StorageSettings.DataDirectoryKey] = data,
            ["Jobs:RunServer"] = "false",
        }));
        var storage = builder.AddTrackerDatabase();
        builder.AddTrackerJobs(storage, SchemaRole.Wait);
        return new WebProduct(folder, web, builder.Build(), http, data);
    }

    public async Task<int> AddRepositoryAsync(string name, RepositoryKind kind, string location, CancellationToken cancellationToken)
    {
        await using var context = await Database.CreateDbContextAsync(cancellationToken);
        var repository = new Repository { Name = name, Kind = kind, Location = location, CreatedAt = DateTime.UtcNow };
        context.Repositories.Add(repository);
        await context.SaveChangesAsync(cancellationToken);
        return repository.Id;
    }

    /// <summary>Queues a sync as "Sync now" does; returns the job's id.</summary>
    public string EnqueueSync(int repositoryId) =>
        Jobs.Enqueue<IRepositorySyncJob>(JobQueues.Default, job => job.RunAsync(repositoryId, CancellationToken.None));

    /// <summary>Starts a backfill of every commit as the Backfill dialog does.</summary>
    public async Task<BackfillRun> StartBackfillAsync(int repositoryId, CancellationToken cancellationToken) =>
        await _host.Services.GetRequiredService<Backfills>().StartAsync(repositoryId, since: null, BackfillGranularity.EveryCommit, cancellationToken);

    /// <summary>Runs a job waiting for its retry now, as "Enqueue now" in the job dashboard does.</summary>
    public void RunNow(string jobId) => Jobs.Requeue(jobId).ShouldBeTrue($"job {jobId} could not be queued again");

    /// <summary>The states a job went through, oldest first.</summary>
    public List<string> JobStates(string jobId) =>
        [.. (_host.Services.GetRequiredService<JobStorage>().GetMonitoringApi().JobDetails(jobId)?.History ?? []).Select(h => h.StateName).Reverse()];

    public async Task<Repository> RepositoryAsync(int id, CancellationToken cancellationToken)
    {
        await using var context = await Database.CreateDbContextAsync(cancellationToken);
        return await context.Repositories.AsNoTracking().SingleAsync(r => r.Id == id, cancellationToken);
    }

    public async Task<BackfillRun> RunAsync(int runId, CancellationToken cancellationToken)
    {
        await using var context = await Database.CreateDbContextAsync(cancellationToken);
        return await context.BackfillRuns.AsNoTracking().SingleAsync(r => r.Id == runId, cancellationToken);
    }

    /// <summary>Polls the repository until <paramref name="done"/> holds, or fails naming its last state and the web process's output.</summary>
    public async Task<Repository> WaitForRepositoryAsync(int id, Func<Repository, bool> done, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        Repository repository;
        do
        {
            repository = await RepositoryAsync(id, cancellationToken);
            if (done(repository))
            {
                return repository;
            }

            await Task.Delay(100, cancellationToken);
        }
        while (DateTime.UtcNow < deadline && !Web.HasExited);

        throw new TimeoutException(
            $"Repository {id} is {repository.Status} ({repository.StatusDetail}; {repository.LastError}) after {timeout}:{Environment.NewLine}{Web.Output}");
    }

    /// <summary>The Repositories page as the signed-in administrator reads it (its text, tags removed).</summary>
    public async Task<string> RepositoriesPageAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(new Uri("repositories", UriKind.Relative), cancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync(cancellationToken);
        var text = WebUtility.HtmlDecode(Tags().Replace(Scripts().Replace(html, " "), " "));
        return Spaces().Replace(text, " ");
    }

    public async ValueTask DisposeAsync()
    {
        await Web.DisposeAsync();
        _http.Dispose();
        _host.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [GeneratedRegex("<script.*?</script>", RegexOptions.Singleline)]
    private static partial Regex Scripts();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
