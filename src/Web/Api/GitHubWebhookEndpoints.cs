using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Hangfire;
using MigrationTracker.Core.Data;
using MigrationTracker.Core.Domain;
using MigrationTracker.Core.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MigrationTracker.Web.Security;
using MigrationTracker.Workers.Secrets;

namespace MigrationTracker.Web.Api;

/// <summary>
/// <c>POST /api/webhooks/github</c>: GitHub tells the product about pushes and workflow runs, and the
/// product enqueues a sync of that repository. Nothing is read from the body before its signature holds.
/// </summary>
internal static class GitHubWebhookEndpoints
{
    /// <summary>GitHub caps webhook payloads at 25 MB, but push and workflow_run events that matter here stay far below this.</summary>
    public const int MaxBodyBytes = 5 * 1024 * 1024;

    public const string SignatureHeader = "X-Hub-Signature-256";

    public const string EventHeader = "X-GitHub-Event";

    private const string SignaturePrefix = "sha256=";

    private static readonly string[] UrlProperties = ["clone_url", "html_url", "ssh_url", "git_url", "svn_url"];

    public static void MapGitHubWebhookEndpoints(this IEndpointRouteBuilder app)
    {
        // Anonymous by design: GitHub cannot sign in. The HMAC signature is the authentication.
        app.MapPost("/api/webhooks/github", ReceiveAsync)
            .WithMaxBodySize(MaxBodyBytes)
            .AllowAnonymous()
            .WithTags("Webhooks");
    }

    private static async Task<Results<Ok<WebhookResponse>, Accepted<WebhookResponse>, ProblemHttpResult>> ReceiveAsync(
        HttpRequest request,
        GitHubWebhookSecret webhookSecret,
        IDbContextFactory<TrackerDbContext> contextFactory,
        IBackgroundJobClient jobs,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        var logger = loggerFactory.CreateLogger(typeof(GitHubWebhookEndpoints));
        string? secret;
        try
        {
            secret = await webhookSecret.CurrentAsync(cancellationToken);
        }
        catch (ProtectedSettingUnreadableException ex)
        {
            logger.LogError("GitHub webhook delivery {Delivery} refused: {Reason}", Delivery(request), ex.Message);
            return TypedResults.Problem(
                "The webhook secret saved on this server cannot be read. An administrator enters it again on the Settings page.",
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Webhook secret unreadable");
        }

        if (string.IsNullOrEmpty(secret))
        {
            return TypedResults.Problem(
                $"The GitHub webhook is not set up on this server: an administrator saves the webhook's secret on the Settings page (or sets {GitHubWebhookOptions.SectionName}:{nameof(GitHubWebhookOptions.WebhookSecret)}).",
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Webhook not configured");
        }

        var body = await RequestBody.ReadAsync(request, MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return RequestBody.TooLarge(MaxBodyBytes);
        }

        if (!HasValidSignature(request.Headers[SignatureHeader].ToString(), body, secret))
        {
            logger.LogWarning("Refused a GitHub webhook delivery {Delivery} with a missing or wrong signature from {Remote}", Delivery(request), request.HttpContext.Connection.RemoteIpAddress);
            return TypedResults.Problem(
                $"The {SignatureHeader} header is missing or does not match the body signed with the configured secret.",
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Bad signature");
        }

        var eventName = request.Headers[EventHeader].ToString();
        if (eventName == "ping")
        {
            return TypedResults.Ok(new WebhookResponse(eventName, "The webhook is set up.", []));
        }

        if (eventName is not ("push" or "workflow_run"))
        {
            return TypedResults.Problem(
                eventName.Length == 0
                    ? $"The {EventHeader} header is missing; this endpoint handles push and workflow_run events."
                    : $"The event {eventName} is not handled; this endpoint handles push and workflow_run events. Untick it in the webhook settings.",
                statusCode: StatusCodes.Status400BadRequest,
                title: "Event not handled");
        }

        // JsonDocument checks UTF-8 only when a string is read, which would end the request as an unhandled error.
        GitHubRepositoryReference? reference;
        try
        {
            reference = Utf8.IsValid(body) ? ReadRepository(body) : throw new JsonException("The body is not UTF-8 text.");
        }
        catch (JsonException)
        {
            return TypedResults.Problem("The body is not valid JSON.", statusCode: StatusCodes.Status400BadRequest, title: "Malformed JSON");
        }

        if (reference is null)
        {
            return TypedResults.Problem($"The {eventName} payload names no repository (repository.full_name).", statusCode: StatusCodes.Status400BadRequest, title: "No repository");
        }

        var repositories = await FindRepositoriesAsync(contextFactory, reference, cancellationToken);
        if (repositories.Count == 0)
        {
            logger.LogInformation("GitHub {Event} for {Repository}, which is not tracked: ignored", eventName, reference.FullName);
            return TypedResults.Problem(
                $"No tracked repository matches {reference.FullName}. Add it (as GitHub {reference.FullName} or by its clone URL) before pointing its webhook here.",
                statusCode: StatusCodes.Status404NotFound,
                title: "Repository not tracked");
        }

        var enqueued = new List<EnqueuedJob>(repositories.Count);
        foreach (var repository in repositories)
        {
            var jobId = eventName == "push"
                ? jobs.Enqueue<IRepositorySyncJob>(JobQueues.Default, job => job.RunAsync(repository.Id, CancellationToken.None))
                : jobs.Enqueue<IBuildSyncJob>(JobQueues.Default, job => job.RunAsync(repository.Id, CancellationToken.None));
            enqueued.Add(new EnqueuedJob(repository.Id, jobId));
            logger.LogInformation("GitHub {Event} for {Repository}: enqueued job {JobId} for repository {RepositoryId}", eventName, reference.FullName, jobId, repository.Id);
        }

        return TypedResults.Accepted((string?)null, new WebhookResponse(eventName, eventName == "push" ? "Repository sync enqueued." : "Build sync enqueued.", enqueued));
    }

    /// <summary>Compares the header with the HMAC of the body in constant time, so timing reveals nothing about the right signature.</summary>
    internal static bool HasValidSignature(string header, byte[] body, string secret)
    {
        if (!header.StartsWith(SignaturePrefix, StringComparison.Ordinal) || header.Length != SignaturePrefix.Length + (2 * 32))
        {
            return false;
        }

        byte[] presented;
        try
        {
            presented = Convert.FromHexString(header.AsSpan(SignaturePrefix.Length));
        }
        catch (FormatException)
        {
            return false;
        }

        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body);
        return CryptographicOperations.FixedTimeEquals(expected, presented);
    }

    private static GitHubRepositoryReference? ReadRepository(byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        if (document.RootElement.ValueKind != JsonValueKind.Object
            || !document.RootElement.TryGetProperty("repository", out var repository)
            || repository.ValueKind != JsonValueKind.Object
            || Text(repository, "full_name") is not { Length: > 0 } fullName)
        {
            return null;
        }

        string[] urls = [.. UrlProperties
            .Select(name => Text(repository, name))
            .OfType<string>()
            .Where(url => url.Length > 0)];
        return new GitHubRepositoryReference(fullName, urls);

        static string? Text(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }

    private static async Task<List<Repository>> FindRepositoriesAsync(IDbContextFactory<TrackerDbContext> contextFactory, GitHubRepositoryReference reference, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        // Compared in memory: a product tracks hundreds of repositories, and remote URLs come in many
        // spellings (.git or not, trailing slash, case) that only a normalised comparison matches.
        var candidates = await context.Repositories.AsNoTracking()
            .Where(r => r.Kind == RepositoryKind.GitHub || r.Kind == RepositoryKind.GitRemote)
            .ToListAsync(cancellationToken);
        var urls = reference.Urls.Select(NormaliseUrl).ToHashSet(StringComparer.Ordinal);
        var matches = candidates.Where(r => r.Kind == RepositoryKind.GitHub
            ? string.Equals(r.Location.Trim(), reference.FullName, StringComparison.OrdinalIgnoreCase)
            : urls.Contains(NormaliseUrl(r.Location))).ToList();
        return matches;
    }

    private static string NormaliseUrl(string url)
    {
        var normalised = url.Trim().TrimEnd('/').ToLowerInvariant();
        return normalised.EndsWith(".git", StringComparison.Ordinal) ? normalised[..^4] : normalised;
    }

    private static string Delivery(HttpRequest request) => request.Headers["X-GitHub-Delivery"].ToString();

    private sealed record GitHubRepositoryReference(string FullName, IReadOnlyList<string> Urls);
}

/// <summary>Settings of the GitHub integration that the web process needs (section <c>GitHub</c>).</summary>
public sealed class GitHubWebhookOptions
{
    public const string SectionName = "GitHub";

    /// <summary>The secret entered in the webhook's settings on GitHub; without it the webhook endpoint answers 503.</summary>
    public string? WebhookSecret { get; set; }
}

/// <summary>What the webhook did with a delivery.</summary>
internal sealed record WebhookResponse(string Event, string Message, IReadOnlyList<EnqueuedJob> Jobs);

/// <summary>A job enqueued for a repository.</summary>
internal sealed record EnqueuedJob(int RepositoryId, string JobId);
