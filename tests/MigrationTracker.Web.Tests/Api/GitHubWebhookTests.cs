using System.Net;
using System.Text;
using System.Text.Json;
using MigrationTracker.Core.Domain;
using MigrationTracker.Core.Jobs;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MigrationTracker.Web.Api;
using MigrationTracker.Workers.Secrets;

namespace MigrationTracker.Web.Tests.Api;

/// <summary><c>POST /api/webhooks/github</c> as GitHub delivers to it.</summary>
[Collection(ApiTestGroup.Name)]
public sealed class GitHubWebhookTests(ApiFactory app)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_signed_push_for_a_GitHub_repository_enqueues_exactly_one_sync_of_it()
    {
        var owner = $"Contoso{Guid.NewGuid():N}"[..20];
        var repository = await app.AddRepositoryAsync(RepositoryKind.GitHub, $"{owner}/drivers");
        var before = app.EnqueuedJobs().Count;

        using var response = await DeliverAsync("push", Payload($"{owner.ToUpperInvariant()}/Drivers"));

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync(Cancel));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel)).RootElement;
        var jobId = body.GetProperty("jobs")[0].GetProperty("jobId").GetString();
        var jobs = app.EnqueuedJobs();
        jobs.Count.ShouldBe(before + 1);
        var job = jobs.Single(j => j.Id == jobId);
        job.Type.ShouldBe(typeof(IRepositorySyncJob));
        job.Args[0].ShouldBe(repository.Id);
    }

    [Fact]
    public async Task A_signed_workflow_run_for_a_repository_added_by_clone_URL_enqueues_one_build_sync()
    {
        var name = $"drivers-{Guid.NewGuid():N}";
        var repository = await app.AddRepositoryAsync(RepositoryKind.GitRemote, $"https://github.com/contoso/{name}.git");
        var before = app.EnqueuedJobs().Count;

        using var response = await DeliverAsync("workflow_run", Payload($"contoso/{name}", cloneUrl: $"https://github.com/contoso/{name}.git", htmlUrl: $"https://github.com/contoso/{name}"));

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var jobId = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel)).RootElement.GetProperty("jobs")[0].GetProperty("jobId").GetString();
        var jobs = app.EnqueuedJobs();
        jobs.Count.ShouldBe(before + 1);
        var job = jobs.Single(j => j.Id == jobId);
        job.Type.ShouldBe(typeof(IBuildSyncJob));
        job.Args[0].ShouldBe(repository.Id);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha256=")]
    [InlineData("sha1=0123456789abcdef0123456789abcdef01234567")]
    [InlineData("sha256=zz23456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("sha256=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public async Task A_missing_or_wrong_signature_gets_401_and_nothing_is_enqueued_or_written(string? signature)
    {
        var repository = await app.AddRepositoryAsync(RepositoryKind.GitHub, $"contoso/{Guid.NewGuid():N}");
        var before = await SnapshotAsync();

        using var response = await DeliverAsync("push", Payload(repository.Location), signature: signature ?? "<none>");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await response.Content.ReadAsStringAsync(Cancel)).ShouldContain("X-Hub-Signature-256");
        (await SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_body_signed_with_another_secret_gets_401_and_nothing_is_enqueued()
    {
        var repository = await app.AddRepositoryAsync(RepositoryKind.GitHub, $"contoso/{Guid.NewGuid():N}");
        var payload = Payload(repository.Location);
        var before = await SnapshotAsync();

        using var response = await DeliverAsync("push", payload, signature: ApiFactory.Sign(payload, "another-secret"));

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_signed_body_altered_after_signing_gets_401()
    {
        var repository = await app.AddRepositoryAsync(RepositoryKind.GitHub, $"contoso/{Guid.NewGuid():N}");
        var signature = ApiFactory.Sign(Payload("contoso/other"));
        var before = await SnapshotAsync();

        using var response = await DeliverAsync("push", Payload(repository.Location), signature: signature);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_push_for_a_repository_not_tracked_gets_404_and_nothing_is_enqueued()
    {
        var before = await SnapshotAsync();

        using var response = await DeliverAsync("push", Payload($"nobody/{Guid.NewGuid():N}"));

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_signed_ping_gets_200_and_enqueues_nothing()
    {
        var before = await SnapshotAsync();

        using var response = await DeliverAsync("ping", """{"zen":"Keep it logically awesome.","hook_id":1}""");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await SnapshotAsync()).ShouldBe(before);
    }

    [Theory]
    [InlineData("issues")]
    [InlineData("pull_request")]
    public async Task An_event_that_is_not_handled_gets_400_naming_it(string eventName)
    {
        var repository = await app.AddRepositoryAsync(RepositoryKind.GitHub, $"contoso/{Guid.NewGuid():N}");
        var before = await SnapshotAsync();

        using var response = await DeliverAsync(eventName, Payload(repository.Location));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync(Cancel)).ShouldContain($"event {eventName} is not handled");
        (await SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_signed_body_that_is_not_JSON_gets_400()
    {
        using var response = await DeliverAsync("push", "{ not json");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_body_over_5_MiB_gets_413_and_nothing_is_enqueued()
    {
        var before = await SnapshotAsync();
        var payload = $$"""{"repository":{"full_name":"contoso/x"},"padding":"{{new string('x', 6 * 1024 * 1024)}}"}""";

        using var response = await DeliverAsync("push", payload);

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Without_a_configured_secret_the_webhook_answers_503_saying_it_is_not_set_up()
    {
        await using var unconfigured = app.WithWebHostBuilder(builder => builder.UseSetting("GitHub:WebhookSecret", string.Empty));
        using var client = unconfigured.CreateClient();
        var payload = Payload("contoso/drivers");
        using var request = Request("push", payload, ApiFactory.Sign(payload));

        using var response = await client.SendAsync(request, Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await response.Content.ReadAsStringAsync(Cancel)).ShouldContain("GitHub:WebhookSecret");
    }

    [Fact]
    public async Task A_secret_saved_on_the_settings_page_replaces_the_configured_one_until_it_is_forgotten()
    {
        var secrets = app.Services.GetRequiredService<GitHubWebhookSecret>();
        var owner = $"Contoso{Guid.NewGuid():N}"[..20];
        await app.AddRepositoryAsync(RepositoryKind.GitHub, $"{owner}/drivers");
        var payload = Payload($"{owner}/drivers");
        try
        {
            var saved = await secrets.GenerateAsync("admin@contoso.com", Cancel);
            saved.Length.ShouldBe(64);
            (await secrets.StatusAsync(Cancel)).Source.ShouldBe(SecretSource.Saved);

            using (var oldSecret = await DeliverAsync("push", payload, ApiFactory.Sign(payload)))
            {
                oldSecret.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            }

            using (var newSecret = await DeliverAsync("push", payload, ApiFactory.Sign(payload, saved)))
            {
                newSecret.StatusCode.ShouldBe(HttpStatusCode.Accepted);
            }

            await using (var context = await app.Database.CreateDbContextAsync(Cancel))
            {
                (await context.ProtectedSettings.SingleAsync(s => s.Name == GitHubWebhookSecret.Setting, Cancel)).ProtectedValue.ShouldNotContain(saved);
            }
        }
        finally
        {
            await secrets.RemoveAsync(Cancel);
        }

        (await secrets.StatusAsync(Cancel)).Source.ShouldBe(SecretSource.Configuration);
        using var configured = await DeliverAsync("push", payload, ApiFactory.Sign(payload));
        configured.StatusCode.ShouldBe(HttpStatusCode.Accepted);
    }

    [Theory]
    [InlineData("short-secret")]
    [InlineData("a secret with spaces in it")]
    public async Task A_typed_secret_that_is_too_short_or_has_spaces_is_refused_and_not_saved(string typed)
    {
        var secrets = app.Services.GetRequiredService<GitHubWebhookSecret>();

        var error = await Should.ThrowAsync<SettingRejectedException>(() => secrets.SaveAsync(typed, "admin@contoso.com", Cancel));

        error.Message.ShouldStartWith("Secret: enter the secret from the webhook's settings on GitHub");
        error.Message.ShouldNotContain(typed);
        (await secrets.StatusAsync(Cancel)).Source.ShouldBe(SecretSource.Configuration);
    }

    private async Task<HttpResponseMessage> DeliverAsync(string eventName, string payload, string? signature = null)
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions());
        using var request = Request(eventName, payload, signature ?? ApiFactory.Sign(payload));
        return await client.SendAsync(request, Cancel);
    }

    private static HttpRequestMessage Request(string eventName, string payload, string signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/github")
        {
            Content = new StringContent(payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-GitHub-Event", eventName);
        request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
        if (signature != "<none>")
        {
            request.Headers.TryAddWithoutValidation("X-Hub-Signature-256", signature);
        }

        return request;
    }

    private static string Payload(string fullName, string? cloneUrl = null, string? htmlUrl = null) => JsonSerializer.Serialize(new
    {
        @ref = "refs/heads/main",
        after = "3f2a9c1d5e7b8a0c4d6e8f1a2b3c4d5e6f7a8b9c",
        repository = new
        {
            full_name = fullName,
            clone_url = cloneUrl ?? $"https://github.com/{fullName}.git",
            html_url = htmlUrl ?? $"https://github.com/{fullName}",
            ssh_url = $"git@github.com:{fullName}.git",
        },
    });

    /// <summary>What a refused delivery must leave unchanged: the queue and the rows it could touch.</summary>
    private async Task<string> SnapshotAsync()
    {
        await using var context = await app.Database.CreateDbContextAsync(Cancel);
        var repositories = await context.Repositories.AsNoTracking().OrderBy(r => r.Id).Select(r => $"{r.Id}:{r.Status}:{r.LastSyncedAt}").ToListAsync(Cancel);
        var builds = await context.BuildResults.CountAsync(Cancel);
        return $"jobs={app.EnqueuedJobs().Count} builds={builds} repositories={string.Join(',', repositories)}";
    }
}
