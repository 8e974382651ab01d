using System.Globalization;
using System.Text;
using MigrationTracker.Core.Domain;

namespace MigrationTracker.Workers.Tests.Security;

/// <summary>
/// No secret a job uses shows in what the worker writes: its output, the errors it records on repositories and
/// deliveries, the job storage (arguments, failed states with their exceptions), and the files of its data folder
/// (the database, the git mirror's configuration). Each test also checks that the flow it searches really ran.
/// </summary>
public sealed class WorkerSecretsTests(SecretsWorkerRun run) : IClassFixture<SecretsWorkerRun>
{
    [Fact]
    public void The_secrets_did_travel_to_the_servers_that_refused_them()
    {
        var requests = run.GitHub.Requests.ToList();
        requests.ShouldContain(r => r.Path == "/repos/contoso/storage" && r.Authorization == $"Token {SecretsWorkerRun.StoredToken}");
        requests.ShouldContain(r => r.Path == "/repos/contoso/storage/actions/runs" && r.Authorization == $"Token {SecretsWorkerRun.StoredToken}");
        requests.ShouldContain(r => r.Path == "/git/contoso/storage.git/info/refs" && r.Authorization == $"Basic {SecretsWorkerRun.Secrets["stored repository token, as git's Basic credentials"]}");
        requests.ShouldContain(r => r.Path == "/repos/contoso/legacy" && r.Authorization == $"Token {SecretsWorkerRun.ConfiguredToken}");
        requests.ShouldContain(r => r.Path == "/repos/contoso/legacy/actions/runs" && r.Authorization == $"Token {SecretsWorkerRun.ConfiguredToken}");

        var hooks = run.Chat.Requests.Where(h => h.Path.Contains("/B000/", StringComparison.Ordinal)).ToList();
        hooks.Count.ShouldBe(2, "two attempts, both answered 503");
        hooks.ShouldAllBe(h => h.Path.EndsWith(SecretsWorkerRun.WebhookPathToken, StringComparison.Ordinal) && h.Query.Contains(SecretsWorkerRun.WebhookQueryToken, StringComparison.Ordinal) && h.Status == 503);

        // The webhook saved on the Settings page was read from the database and reached, by its own address.
        var saved = run.Chat.Requests.Where(h => h.Path.Contains("/B001/", StringComparison.Ordinal)).ToList();
        saved.Count.ShouldBe(2, "two attempts, both answered 503");
        saved.ShouldAllBe(h => h.Path.EndsWith(SecretsWorkerRun.SavedWebhookToken, StringComparison.Ordinal) && h.Status == 503);
        run.Chat.Requests.Count.ShouldBe(4);
        run.Mail.SignIns.ShouldBeEmpty("the mail server refused the password");
    }

    [Fact]
    public void Each_refusal_is_recorded_in_plain_words_on_the_repository_or_delivery_without_a_secret()
    {
        var storage = run.Repositories.Single(r => r.Id == run.StorageRepository);
        storage.Status.ShouldBe(RepositoryStatus.Unreachable);
        storage.LastError.ShouldBe("contoso/storage refuses access. Check the repository's credential (token or password); the history already collected is kept.");
        var legacy = run.Repositories.Single(r => r.Id == run.LegacyRepository);
        legacy.Status.ShouldBe(RepositoryStatus.Unreachable);
        legacy.LastError.ShouldBe("GitHub answers 401 for contoso/legacy: the token was refused (expired, revoked or mistyped). Update the repository's credential or the default token (Settings page, or GitHub:Token).");

        var mail = run.Deliveries.Single(d => d.Id == run.MailDelivery);
        mail.Status.ShouldBe(DeliveryStatus.Failed);
        mail.LastError.ShouldNotBeNull().ShouldStartWith($"The mail server 127.0.0.1:{run.Mail.Port.ToString(CultureInfo.InvariantCulture)} refused the sign-in of '{SecretsWorkerRun.MailUser}' (535 ");
        var webhook = run.Deliveries.Single(d => d.Id == run.WebhookDelivery);
        webhook.Status.ShouldBe(DeliveryStatus.Failed);
        webhook.Attempts.ShouldBe(2);
        webhook.LastError.ShouldNotBeNull().ShouldStartWith("The webhook 'team-chat' answered 503 Service Unavailable");
        var saved = run.Deliveries.Single(d => d.Id == run.SavedWebhookDelivery);
        saved.Status.ShouldBe(DeliveryStatus.Failed);
        saved.LastError.ShouldNotBeNull().ShouldStartWith("The webhook 'saved-chat' answered 503 Service Unavailable");

        foreach (var repository in run.Repositories)
        {
            ShouldHoldNoSecret($"repository {repository.Location}", $"{repository.Location} {repository.WebUrl} {repository.StatusDetail} {repository.LastError}");
        }

        foreach (var delivery in run.Deliveries)
        {
            ShouldHoldNoSecret($"delivery {delivery.Target}", $"{delivery.Target} {delivery.LastError}");
        }
    }

    [Fact]
    public void Failed_jobs_keep_their_reason_in_the_job_storage_but_neither_a_secret_nor_anything_but_ids_as_arguments()
    {
        var expectedFailures = new Dictionary<string, string>
        {
            ["build sync with the stored token"] = "GitHub did not answer workflow runs (page 1) for contoso/storage after 2 attempts (HTTP 500).",
            ["sync with the configured token"] = "GitHub's rate limit for contoso/legacy resets at",
            ["mail delivery"] = $"refused the sign-in of '{SecretsWorkerRun.MailUser}'",
            ["webhook delivery"] = "The webhook 'team-chat' answered 503",
            ["saved webhook delivery"] = "The webhook 'saved-chat' answered 503",
        };
        foreach (var (job, message) in expectedFailures)
        {
            var failed = run.Jobs[job].History.FirstOrDefault(s => s.StateName == "Failed").ShouldNotBeNull($"{job} failed");
            failed.Data["ExceptionMessage"].ShouldContain(message, Case.Sensitive, job);
            failed.Data["ExceptionDetails"].ShouldContain("   at ", Case.Sensitive, $"{job}: the details hold the stack trace, which is searched too");
        }

        run.Jobs["sync with the stored token"].History.ShouldContain(s => s.StateName == "Succeeded", "an unreachable repository is recorded, not retried");

        foreach (var (job, details) in run.Jobs)
        {
            details.Job.Args.Count.ShouldBe(2, job);
            (details.Job.Args[0] is int or long).ShouldBeTrue($"{job}: the first argument is the repository's or delivery's id");
            details.Job.Args[1].ShouldBeOfType<CancellationToken>(job);
            ShouldHoldNoSecret($"job '{job}'", string.Join('\n', details.History.SelectMany(s => s.Data.Select(d => $"{s.StateName} {s.Reason} {d.Key}={d.Value}")).Concat(details.Properties.Select(p => $"{p.Key}={p.Value}"))));
        }
    }

    [Fact]
    public void The_worker_output_holds_no_secret()
    {
        run.Output.ShouldContain($"Repository {run.StorageRepository} is unreachable");
        run.Output.ShouldContain($"Build sync of repository {run.LegacyRepository} stopped: GitHub answers 401");
        run.Output.ShouldContain("GitHub did not answer workflow runs");
        run.Output.ShouldContain("refused the sign-in of 'reports'");

        ShouldHoldNoSecret("the worker's output", run.Output);
    }

    [Fact]
    public void No_file_in_the_data_folder_holds_a_secret_in_clear()
    {
        run.DataFiles.Keys.ShouldContain("tracker.db");
        run.DataFiles.Keys.ShouldContain("jobs.db");
        var database = Encoding.Latin1.GetString(run.DataFiles["tracker.db"]);
        database.ShouldContain("storage-bot", Case.Sensitive, "the credential's row is in the file, readable but for its encrypted secret");
        database.ShouldContain("refuses access");
        // The job storage's recent writes may still sit in its write-ahead log: the files together hold them.
        string.Concat(run.DataFiles.Where(f => f.Key.StartsWith("jobs.db", StringComparison.Ordinal)).Select(f => Encoding.Latin1.GetString(f.Value)))
            .ShouldContain("GitHubUnavailableException", Case.Sensitive, $"the failed states are in the files, readable ({string.Join(", ", run.DataFiles.Keys)})");
        var mirrorConfig = Encoding.UTF8.GetString(run.DataFiles[Path.Combine("mirrors", $"{run.StorageRepository}.git", "config")]);
        mirrorConfig.ShouldContain("git/contoso/storage.git", Case.Sensitive, "the mirror remembers where it fetches from, without the token");

        foreach (var (path, bytes) in run.DataFiles)
        {
            ShouldHoldNoSecret($"data file {path}", Encoding.Latin1.GetString(bytes));
            ShouldHoldNoSecret($"data file {path} (as UTF-16)", Encoding.Unicode.GetString(bytes) + Encoding.Unicode.GetString(bytes, 1, Math.Max(0, bytes.Length - 1)));
        }
    }

    private static void ShouldHoldNoSecret(string where, string text)
    {
        var found = SecretsWorkerRun.Secrets.Where(secret => text.Contains(secret.Value, StringComparison.Ordinal)).Select(secret => secret.Key).ToList();
        found.ShouldBeEmpty($"{where} holds {string.Join(", ", found)}");
    }
}
