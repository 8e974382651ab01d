using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Hangfire;
using MigrationTracker.Core.Data;
using MigrationTracker.Core.Domain;
using MigrationTracker.Core.Jobs;
using MigrationTracker.Core.Security;
using MigrationTracker.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MigrationTracker.Web.Tests.Api;

/// <summary>
/// The web app in process on a real SQLite file in a fresh data folder, with no job server, so that
/// enqueued jobs stay in the queue for the tests to see. Every log line is captured.
/// </summary>
public sealed class ApiFactory : WebApplicationFactory<Program>
{
    public const string WebhookSecret = "test-webhook-secret-7f3a";

    private readonly TemporaryDirectory _data = new("mt-api");

    public CapturedLogs Logs { get; } = new();

    public string DataDirectory => _data.Path;

    public IDbContextFactory<TrackerDbContext> Database => Services.GetRequiredService<IDbContextFactory<TrackerDbContext>>();

    public ApiKeyStore Keys => Services.GetRequiredService<ApiKeyStore>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Settings, not configuration sources: Program reads the storage settings before it builds the host.
        builder.UseEnvironment("Production");
        builder.UseSetting("Storage:DataDirectory", _data.Path);
        builder.UseSetting("Jobs:RunServer", "false");
        builder.UseSetting("GitHub:WebhookSecret", WebhookSecret);

        // Sessions are checked against their account at every request, so that a change to an account shows at the next one.
        builder.UseSetting("Authentication:Sessions:RecheckInterval", "00:00:00");
        foreach (var (key, value) in TestAccounts.AdminSettings.Concat(TestLocalRoots.Settings))
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging =>
        {
            logging.AddProvider(Logs);
            logging.AddFilter<CapturedLogs>(null, LogLevel.Trace);
        });
    }

    public async Task<Repository> AddRepositoryAsync(RepositoryKind kind, string location, params string[] driverPaths)
    {
        await using var context = await Database.CreateDbContextAsync();
        var repository = new Repository { Name = $"repo-{Guid.NewGuid():N}"[..16], Kind = kind, Location = location, CreatedAt = DateTime.UtcNow };
        foreach (var path in driverPaths)
        {
            repository.Drivers.Add(new Driver { ProjectPath = path, Name = Path.GetFileNameWithoutExtension(path), FirstSeenAt = DateTime.UtcNow });
        }

        context.Repositories.Add(repository);
        await context.SaveChangesAsync();
        return repository;
    }

    /// <summary>A client signed in as the test administrator through the sign-in form.</summary>
    public async Task<HttpClient> CreateSignedInClientAsync()
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });
        await TestAccounts.SignInAsync(client);
        return client;
    }

    /// <summary>
    /// A client signed in as the test administrator that sends <c>X-Requested-With: XMLHttpRequest</c>, as a script does;
    /// signed-in POSTs that read no form need it.
    /// </summary>
    public async Task<HttpClient> CreateSignedInScriptClientAsync()
    {
        var client = await CreateSignedInClientAsync();
        client.DefaultRequestHeaders.Add("X-Requested-With", "XMLHttpRequest");
        return client;
    }

    public async Task<string> CreateKeyAsync(int? repositoryId = null) =>
        (await Keys.CreateAsync($"ci-{Guid.NewGuid():N}", repositoryId, CancellationToken.None)).Key;

    public HttpClient CreateClientWithKey(string key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>The jobs waiting in the default queue, as Hangfire's dashboard would list them.</summary>
    public IReadOnlyList<QueuedJob> EnqueuedJobs()
    {
        var monitoring = Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        return [.. monitoring.EnqueuedJobs(JobQueues.Default, 0, 10_000).Select(j => new QueuedJob(j.Key, j.Value.Job?.Type, j.Value.Job?.Args ?? []))];
    }

    public async Task<List<BuildResult>> BuildsAsync(int repositoryId)
    {
        await using var context = await Database.CreateDbContextAsync();
        return await context.BuildResults.AsNoTracking().Where(b => b.RepositoryId == repositoryId).ToListAsync();
    }

    public static string Sign(string body, string secret = WebhookSecret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _data.Dispose();
    }
}

/// <summary>A job waiting in a queue: its id, the job type and the arguments it will run with.</summary>
public sealed record QueuedJob(string Id, Type? Type, IReadOnlyList<object> Args);

/// <summary>All API tests share one app: Hangfire's storage is process-wide, so two apps must not be built at once.</summary>
[CollectionDefinition(Name)]
public sealed class ApiTestGroup : ICollectionFixture<ApiFactory>
{
    public const string Name = "Api";
}

/// <summary>A logger provider that keeps every formatted message, exception included.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public string Text => string.Join(Environment.NewLine, _lines);

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}
