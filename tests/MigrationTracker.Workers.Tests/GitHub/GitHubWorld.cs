using MigrationTracker.Core;
using MigrationTracker.Core.Data;
using MigrationTracker.Core.Domain;
using MigrationTracker.Core.Jobs;
using MigrationTracker.Core.Storage;
using MigrationTracker.Testing;
using MigrationTracker.Workers.GitHub;
using MigrationTracker.Workers.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MigrationTracker.Workers.Tests.GitHub;

/// <summary>
/// The worker's services wired by the product's own <c>AddTrackerDatabase</c> and <c>AddTrackerJobs</c>
/// (job server off) against a real migrated SQLite database and a fake GitHub on 127.0.0.1.
/// </summary>
public sealed class GitHubWorld : IAsyncDisposable
{
    public const string Owner = "contoso";
    public const string Name = "storage";
    public const string RepositoryPath = $"/repos/{Owner}/{Name}";
    public const string RunsPath = $"/repos/{Owner}/{Name}/actions/runs";

    private GitHubWorld(TestStorage storage, FakeGitHub server, IHost host, CapturingLoggerProvider logs)
    {
        Storage = storage;
        Server = server;
        Host = host;
        Logs = logs;
    }

    public TestStorage Storage { get; }

    public FakeGitHub Server { get; }

    public IHost Host { get; }

    public CapturingLoggerProvider Logs { get; }

    public IServiceProvider Services => Host.Services;

    public IBuildSyncJob BuildSync => Services.GetRequiredService<IBuildSyncJob>();

    public GitHubRepositories Repositories => Services.GetRequiredService<GitHubRepositories>();

    public CredentialProtector Protector => Services.GetRequiredService<CredentialProtector>();

    /// <param name="settings">GitHub settings beyond the defaults of a test (short retry delay, the fake server's address).</param>
    public static async Task<GitHubWorld> CreateAsync(IDictionary<string, string?>? settings = null)
    {
        var storage = await TestStorage.CreateAsync(DatabaseProvider.Sqlite);
        var server = await FakeGitHub.StartAsync();
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
            ["Jobs:RunServer"] = "false",
            ["GitHub:ApiBaseUrl"] = server.BaseUrl.ToString(),
            ["GitHub:RetryDelay"] = "00:00:00.020",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[$"GitHub:{key}"] = value;
        }

        builder.Configuration.AddInMemoryCollection(TestLocalRoots.AllowTempFolder(configuration));
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddProvider(logs);
        var storageSettings = builder.AddTrackerDatabase();
        builder.AddTrackerJobs(storageSettings, SchemaRole.Wait);

        return new GitHubWorld(storage, server, builder.Build(), logs);
    }

    /// <summary>Adds a GitHub repository (contoso/storage unless told), with a stored token credential when one is given.</summary>
    public async Task<int> AddRepositoryAsync(string? token = null, string? apiBaseUrl = null, RepositoryKind kind = RepositoryKind.GitHub, string location = $"{Owner}/{Name}")
    {
        await using var context = Storage.CreateDbContext();
        var repository = new Repository
        {
            Name = "Storage drivers",
            Kind = kind,
            Location = kind == RepositoryKind.GitHub ? location : "/srv/git/storage.git",
            ApiBaseUrl = apiBaseUrl,
            CreatedAt = DateTime.UtcNow,
        };
        if (token is not null)
        {
            repository.Credential = new Credential { Name = "storage-bot", Kind = CredentialKind.GitHubToken, ProtectedSecret = Protector.Protect(token), CreatedAt = DateTime.UtcNow };
        }

        context.Repositories.Add(repository);
        await context.SaveChangesAsync();
        return repository.Id;
    }

    public async Task<Repository> RepositoryAsync(int id)
    {
        await using var context = Storage.CreateDbContext();
        return await context.Repositories.AsNoTracking().SingleAsync(r => r.Id == id);
    }

    public async Task<List<BuildResult>> BuildsAsync(int repositoryId)
    {
        await using var context = Storage.CreateDbContext();
        return await context.BuildResults.AsNoTracking().Where(b => b.RepositoryId == repositoryId).OrderBy(b => b.Id).ToListAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Host.Dispose();
        await Server.DisposeAsync();
        await Storage.DisposeAsync();
    }
}
