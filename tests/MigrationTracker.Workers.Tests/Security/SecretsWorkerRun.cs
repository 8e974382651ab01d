using System.Text;
using Hangfire;
using Hangfire.Storage.SQLite;
using Hangfire.Storage.Monitoring;
using MigrationTracker.Core.Domain;
using MigrationTracker.Core.Jobs;
using MigrationTracker.Core.Reports;
using MigrationTracker.Core.Storage;
using MigrationTracker.Testing;
using MigrationTracker.Core.Data;
using MigrationTracker.Workers.GitHub;
using MigrationTracker.Workers.Reports;
using MigrationTracker.Workers.Secrets;
using MigrationTracker.Workers.Tests.GitHub;
using MigrationTracker.Workers.Tests.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MigrationTracker.Workers.Tests.Security;

/// <summary>
/// The standalone worker host as a real process, given a distinctive value for every secret a job uses (a repository's
/// stored token, the GitHub:Token setting, the SMTP password, a webhook URL with a token in its path and query, and
/// the GitHub webhook secret), logging at Debug, running the jobs that use them while everything they talk to
/// refuses: GitHub answers 401 to the git fetch, 500 to the workflow runs, 429 to a repository and 401 to its
/// runs; the mail server rejects the password; the chat webhook answers 503. Afterwards the worker is stopped, so
/// that its whole output, its job storage and its data folder can be searched.
/// </summary>
public sealed class SecretsWorkerRun : IAsyncLifetime
{
    public const string StoredToken = "ghp_storedRepoCredential4d7e1b9c2a80f6";
    public const string ConfiguredToken = "ghp_configuredDefaultToken93b0e2f57ac1";
    public const string SmtpPassword = "smtp-Worker-Pass-8a1f0c";
    public const string WebhookPathToken = "HookPathTokenQ4r8s2";
    public const string WebhookQueryToken = "hookQueryToken-e61d";
    public const string WebhookSecret = "gh-webhook-secret-worker-2b7d";
    public const string SavedWebhookToken = "SavedHookToken-5c9e1a";
    public const string MailUser = "reports";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private readonly TemporaryDirectory _contentRoot = new("mt-secrets-worker");
    private TestStorage _storage = null!;
    private SQLiteStorage _jobs = null!;
    private ProductProcess? _worker;

    public FakeGitHub GitHub { get; private set; } = null!;

    public TestMailServer Mail { get; private set; } = null!;

    public WebhookReceiver Chat { get; private set; } = null!;

    /// <summary>Every secret by name, in the forms it travels in (Basic and SASL authentication encode it in base64).</summary>
    public static IReadOnlyDictionary<string, string> Secrets { get; } = new Dictionary<string, string>
    {
        ["stored repository token"] = StoredToken,
        ["stored repository token, as git's Basic credentials"] = Base64($"x-access-token:{StoredToken}"),
        ["GitHub:Token"] = ConfiguredToken,
        ["GitHub:Token, as git's Basic credentials"] = Base64($"x-access-token:{ConfiguredToken}"),
        ["Reports:Delivery:Email:Password"] = SmtpPassword,
        ["SMTP password, as SASL PLAIN"] = Base64($"\0{MailUser}\0{SmtpPassword}"),
        ["SMTP password, as SASL LOGIN"] = Base64(SmtpPassword),
        ["webhook URL path token"] = WebhookPathToken,
        ["webhook URL query token"] = WebhookQueryToken,
        ["GitHub:WebhookSecret"] = WebhookSecret,
        ["token of a webhook saved on the Settings page"] = SavedWebhookToken,
    };

    public int StorageRepository { get; private set; }

    public int LegacyRepository { get; private set; }

    public long MailDelivery { get; private set; }

    public long WebhookDelivery { get; private set; }

    /// <summary>The delivery to the webhook saved on the Settings page (encrypted in the database), not configured.</summary>
    public long SavedWebhookDelivery { get; private set; }

    public string Output { get; private set; } = string.Empty;

    /// <summary>The jobs the test enqueued, by what they do, with every state Hangfire recorded for them.</summary>
    public IReadOnlyDictionary<string, JobDetailsDto> Jobs { get; private set; } = new Dictionary<string, JobDetailsDto>();

    /// <summary>Every file of the data folder once the worker has stopped.</summary>
    public IReadOnlyDictionary<string, byte[]> DataFiles { get; private set; } = new Dictionary<string, byte[]>();

    public List<Repository> Repositories { get; private set; } = [];

    public List<ReportDelivery> Deliveries { get; private set; } = [];

    public async ValueTask InitializeAsync()
    {
        var cancel = TestContext.Current.CancellationToken;
        _storage = await TestStorage.CreateAsync(DatabaseProvider.Sqlite, cancel);
        GitHub = await FakeGitHub.StartAsync();
        Mail = await TestMailServer.StartAsync(MailUser, "the-right-password");
        Chat = await WebhookReceiver.StartAsync();
        Chat.AnswerNext([.. Enumerable.Repeat(503, 20)]);
        AnswerAsARefusingGitHub();
        await StoreRepositoriesAndDeliveriesAsync(cancel);

        // The job storage exists before the worker opens it; the test enqueues into it as the web process would.
        _jobs = new SQLiteStorage(Path.Combine(_storage.Settings.DataDirectory, "jobs.db"), new SQLiteStorageOptions { QueuePollInterval = TimeSpan.FromSeconds(1) });
        var client = new BackgroundJobClient(_jobs);
        var enqueued = new Dictionary<string, string>
        {
            ["sync with the stored token"] = client.Enqueue<IRepositorySyncJob>(JobQueues.Default, job => job.RunAsync(StorageRepository, CancellationToken.None)),
            ["build sync with the stored token"] = client.Enqueue<IBuildSyncJob>(JobQueues.Default, job => job.RunAsync(StorageRepository, CancellationToken.None)),
            ["sync with the configured token"] = client.Enqueue<IRepositorySyncJob>(JobQueues.Default, job => job.RunAsync(LegacyRepository, CancellationToken.None)),
            ["build sync with the configured token"] = client.Enqueue<IBuildSyncJob>(JobQueues.Default, job => job.RunAsync(LegacyRepository, CancellationToken.None)),
            ["mail delivery"] = client.Enqueue<IReportDeliveryJob>(JobQueues.Default, job => job.RunAsync(MailDelivery, CancellationToken.None)),
            ["webhook delivery"] = client.Enqueue<IReportDeliveryJob>(JobQueues.Default, job => job.RunAsync(WebhookDelivery, CancellationToken.None)),
            ["saved webhook delivery"] = client.Enqueue<IReportDeliveryJob>(JobQueues.Default, job => job.RunAsync(SavedWebhookDelivery, CancellationToken.None)),
        };

        _worker = ProductProcess.StartWorkers(_contentRoot.Path, WorkerSettings());
        var monitoring = _jobs.GetMonitoringApi();
        var deadline = DateTime.UtcNow + Timeout;
        while (!enqueued.Values.All(id => monitoring.JobDetails(id)?.History.Any(state => state.StateName is "Succeeded" or "Failed") == true))
        {
            if (DateTime.UtcNow > deadline || _worker.HasExited)
            {
                throw new TimeoutException($"The jobs did not all end within {Timeout}: {string.Join(", ", enqueued.Select(e => $"{e.Key}: {string.Join(" > ", monitoring.JobDetails(e.Value)?.History.Select(s => s.StateName).Reverse() ?? [])}"))}{Environment.NewLine}{_worker.Output}");
            }

            await Task.Delay(250, cancel);
        }

        await _worker.StopAsync();
        Output = _worker.Output;
        Jobs = enqueued.ToDictionary(e => e.Key, e => monitoring.JobDetails(e.Value));

        await using (var context = _storage.CreateDbContext())
        {
            Repositories = await context.Repositories.AsNoTracking().OrderBy(r => r.Id).ToListAsync(cancel);
            Deliveries = await context.ReportDeliveries.AsNoTracking().OrderBy(d => d.Id).ToListAsync(cancel);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var data = _storage.Settings.DataDirectory;
        DataFiles = Directory.EnumerateFiles(data, "*", SearchOption.AllDirectories)
            .ToDictionary(path => Path.GetRelativePath(data, path), path => File.ReadAllBytes(path));
    }

    public async ValueTask DisposeAsync()
    {
        if (_worker is not null)
        {
            await _worker.DisposeAsync();
        }

        await Chat.DisposeAsync();
        await Mail.DisposeAsync();
        await GitHub.DisposeAsync();
        await _storage.DisposeAsync();
        _contentRoot.Dispose();
    }

    private Dictionary<string, string?> WorkerSettings() => new()
    {
        ["Storage__DataDirectory"] = _storage.Settings.DataDirectory,
        ["Jobs__ServerName"] = "secrets-worker",
        // One job at a time, in the order queued: the last word on each repository is known.
        ["Jobs__WorkerCount"] = "1",
        ["Logging__LogLevel__Default"] = "Debug",
        ["Logging__LogLevel__Hangfire"] = "Information",
        ["Logging__LogLevel__Microsoft.EntityFrameworkCore"] = "Warning",
        ["GitHub__ApiBaseUrl"] = GitHub.BaseUrl.ToString(),
        ["GitHub__Token"] = ConfiguredToken,
        ["GitHub__WebhookSecret"] = WebhookSecret,
        ["GitHub__MaxAttempts"] = "2",
        ["GitHub__RetryDelay"] = "00:00:00.050",
        ["GitHub__MaxRateLimitWait"] = "00:00:02",
        ["Reports__ScheduleEnabled"] = "false",
        ["Reports__Delivery__Attempts"] = "2",
        ["Reports__Delivery__RetryDelay"] = "00:00:00.050",
        ["Reports__Delivery__Email__Host"] = "127.0.0.1",
        ["Reports__Delivery__Email__Port"] = Mail.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Reports__Delivery__Email__Security"] = "None",
        ["Reports__Delivery__Email__UserName"] = MailUser,
        ["Reports__Delivery__Email__Password"] = SmtpPassword,
        ["Reports__Delivery__Email__From"] = "reports@tests.invalid",
        ["Reports__Delivery__Email__Recipients__organisation__0"] = "managers@tests.invalid",
        ["Reports__Delivery__Webhooks__0__Name"] = "team-chat",
        ["Reports__Delivery__Webhooks__0__Url"] = Chat.Url($"services/T000/B000/{WebhookPathToken}?token={WebhookQueryToken}"),
    };

    private void AnswerAsARefusingGitHub()
    {
        // contoso/storage: its metadata is served, its clone address (here, not on github.com) refuses the token; its runs fail.
        var cloneUrl = new Uri(GitHub.BaseUrl, "git/contoso/storage.git").ToString();
        GitHub.Answer("/repos/contoso/storage", Reply.Json(GitHubJson.Repository("contoso", "storage").Replace("https://github.com/contoso/storage.git", cloneUrl, StringComparison.Ordinal)));
        GitHub.Answer("/git/contoso/storage.git/info/refs", new Reply(401, "Invalid username or token.", new Dictionary<string, string> { ["WWW-Authenticate"] = "Basic realm=\"GitHub\"" }));
        GitHub.Answer("/repos/contoso/storage/actions/runs", Reply.ServerError(500));

        // contoso/legacy (no credential of its own: the configured token): rate-limited for an hour, and its runs refused.
        GitHub.Answer("/repos/contoso/legacy", Reply.TooManyRequests(3600));
        GitHub.Answer("/repos/contoso/legacy/actions/runs", new Reply(401, """{"message":"Bad credentials","documentation_url":"https://docs.github.com/rest"}"""));
    }

    private async Task StoreRepositoriesAndDeliveriesAsync(CancellationToken cancel)
    {
        // The credential is encrypted by the product's own protector, with the keys in the data folder the worker shares.
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<IDbContextFactory<TrackerDbContext>>(_storage);
        services.AddSingleton(TimeProvider.System);
        services.AddTrackerDataProtection(_storage.Settings);
        services.AddSingleton<CredentialProtector>();
        await using var provider = services.BuildServiceProvider();
        var protector = provider.GetRequiredService<CredentialProtector>();

        await using var context = _storage.CreateDbContext();
        var storage = new Repository
        {
            Name = "Storage drivers",
            Kind = RepositoryKind.GitHub,
            Location = "contoso/storage",
            CreatedAt = DateTime.UtcNow,
            Credential = new Credential { Name = "storage-bot", Kind = CredentialKind.GitHubToken, ProtectedSecret = protector.Protect(StoredToken), CreatedAt = DateTime.UtcNow },
        };
        var legacy = new Repository { Name = "Legacy drivers", Kind = RepositoryKind.GitHub, Location = "contoso/legacy", CreatedAt = DateTime.UtcNow };
        context.Repositories.AddRange(storage, legacy);
        var model = SampleReports.Small();
        var report = new StoredReport { WeekStart = model.WeekStart, Scope = model.Scope, GeneratedAt = model.GeneratedAt, AsOf = model.AsOf, ModelJson = ReportJson.Serialize(model) };
        context.Reports.Add(report);
        await context.SaveChangesAsync(cancel);

        var mail = new ReportDelivery { ReportId = report.Id, Channel = DeliveryChannel.Email, Target = "managers@tests.invalid", CreatedAt = DateTime.UtcNow };
        var webhook = new ReportDelivery { ReportId = report.Id, Channel = DeliveryChannel.Webhook, Target = "team-chat", CreatedAt = DateTime.UtcNow };
        var saved = new ReportDelivery { ReportId = report.Id, Channel = DeliveryChannel.Webhook, Target = "saved-chat", CreatedAt = DateTime.UtcNow };
        context.ReportDeliveries.AddRange(mail, webhook, saved);
        await context.SaveChangesAsync(cancel);
        (StorageRepository, LegacyRepository, MailDelivery, WebhookDelivery, SavedWebhookDelivery) = (storage.Id, legacy.Id, mail.Id, webhook.Id, saved.Id);

        // A webhook an administrator saved on the Settings page, encrypted by the product's own store.
        await provider.GetRequiredService<ProtectedSettings>().SaveAsync(
            ReportDeliverySettings.WebhooksSetting,
            new List<WebhookDestination> { new() { Name = "saved-chat", Url = Chat.Url($"services/T000/B001/{SavedWebhookToken}") } },
            "admin@tests.invalid",
            cancel);
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
