using System.Globalization;
using System.Net;
using MigrationTracker.Core.Data;
using MigrationTracker.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Octokit;

namespace MigrationTracker.Workers.GitHub;

/// <summary>The repository a GitHub call is about, for waits, retries and messages.</summary>
public sealed record GitHubTarget(int RepositoryId, string Owner, string Name)
{
    public string FullName => $"{Owner}/{Name}";
}

/// <summary>
/// Runs GitHub API calls with the product's fault rules: waits out rate limits (and says so in the
/// repository's status detail), retries network errors and 5xx answers with back-off, and turns
/// 401/403/404 into a <see cref="GitHubUnreachableException"/> with a message the user can act on.
/// </summary>
public sealed class GitHubCalls(
    IDbContextFactory<TrackerDbContext> contextFactory,
    TimeProvider clock,
    IOptions<GitHubOptions> options,
    ILogger<GitHubCalls> logger)
{
    /// <summary>Every rate-limit notice starts so, which lets a later good call clear exactly these notices.</summary>
    public const string RateLimitNoticePrefix = "Waiting for GitHub's rate limit";

    // A secondary rate limit may come without a reset time; GitHub asks clients to wait at least a minute.
    private static readonly TimeSpan DefaultRateLimitWait = TimeSpan.FromMinutes(1);

    public async Task<T> SendAsync<T>(GitHubTarget target, string what, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(call);

        var settings = options.Value;
        var failures = 0;
        var rateLimitWaits = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var result = await call();
                if (rateLimitWaits > 0)
                {
                    await ClearRateLimitNoticeAsync(target.RepositoryId, cancellationToken);
                }

                return result;
            }
            catch (ApiException ex) when (RateLimitResetOf(ex) is { } reset)
            {
                rateLimitWaits++;
                var now = clock.GetUtcNow();
                var wait = reset > now ? reset - now : TimeSpan.Zero;
                var at = reset.ToUniversalTime().ToString("HH:mm", CultureInfo.InvariantCulture);

                // A limit that is still exhausted after several resets is no longer a wait but a failure.
                if (wait > settings.MaxRateLimitWait || rateLimitWaits > settings.MaxAttempts)
                {
                    var notice = $"{RateLimitNoticePrefix} to reset at {at} UTC; the job will try again then.";
                    await SetStatusDetailAsync(target.RepositoryId, notice, cancellationToken);
                    throw new GitHubRateLimitException(
                        $"GitHub's rate limit for {target.FullName} resets at {at} UTC, beyond the {settings.MaxRateLimitWait.TotalMinutes:0.#} minutes a job waits (GitHub:MaxRateLimitWait). The job will be retried.",
                        reset,
                        ex);
                }

                await SetStatusDetailAsync(target.RepositoryId, $"{RateLimitNoticePrefix} to reset at {at} UTC", cancellationToken);
                logger.LogWarning("GitHub rate limit reached reading {What} of {Repository}; waiting {Wait} until {Reset:u}", what, target.FullName, wait, reset);
                await Task.Delay(wait, clock, cancellationToken);
            }
            catch (ApiException ex) when (ex.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                throw new GitHubUnreachableException(UnreachableMessage(ex.StatusCode, target), ex);
            }
            catch (Exception ex) when (IsTransient(ex, cancellationToken))
            {
                failures++;
                if (failures >= settings.MaxAttempts)
                {
                    throw new GitHubUnavailableException(
                        $"GitHub did not answer {what} for {target.FullName} after {failures} attempts ({Describe(ex)}). The job will be retried.",
                        ex);
                }

                var delay = settings.RetryDelay * Math.Pow(2, failures - 1);
                logger.LogWarning("Reading {What} of {Repository} failed ({Failure}); attempt {Attempt} of {MaxAttempts} in {Delay}",
                    what, target.FullName, Describe(ex), failures + 1, settings.MaxAttempts, delay);
                await Task.Delay(delay, clock, cancellationToken);
            }
        }
    }

    /// <summary>Records that the repository cannot be reached; its snapshots and builds stay untouched.</summary>
    public async Task MarkUnreachableAsync(int repositoryId, string message, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        await context.Repositories
            .Where(r => r.Id == repositoryId)
            .ExecuteUpdateAsync(set => set
                .SetProperty(r => r.Status, RepositoryStatus.Unreachable)
                .SetProperty(r => r.LastError, message)
                .SetProperty(r => r.LastErrorAt, now), cancellationToken);
    }

    /// <summary>Removes a rate-limit notice left by this or an earlier run; other status details stay.</summary>
    public async Task ClearRateLimitNoticeAsync(int repositoryId, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        await context.Repositories
            .Where(r => r.Id == repositoryId && r.StatusDetail != null && r.StatusDetail.StartsWith(RateLimitNoticePrefix))
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.StatusDetail, (string?)null), cancellationToken);
    }

    private async Task SetStatusDetailAsync(int repositoryId, string detail, CancellationToken cancellationToken)
    {
        // Its own short context: the caller may hold tracked entities that must not be saved half-way.
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        await context.Repositories
            .Where(r => r.Id == repositoryId)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.StatusDetail, detail), cancellationToken);
    }

    /// <summary>When a rate limit resets, if the answer is a rate limit at all.</summary>
    private DateTimeOffset? RateLimitResetOf(ApiException ex)
    {
        var status = (int)ex.StatusCode;
        if (status != 403 && status != 429)
        {
            return null;
        }

        var headers = ex.HttpResponse?.Headers;
        var retryAfter = Header(headers, "Retry-After");
        var remaining = Header(headers, "X-RateLimit-Remaining");
        var isLimit = status == 429
            || ex is RateLimitExceededException or SecondaryRateLimitExceededException
            || retryAfter is not null
            || remaining == "0";
        if (!isLimit)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        if (retryAfter is not null && int.TryParse(retryAfter, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
        {
            return now.AddSeconds(Math.Max(0, seconds));
        }

        if (remaining == "0" && long.TryParse(Header(headers, "X-RateLimit-Reset"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var epoch))
        {
            return DateTimeOffset.FromUnixTimeSeconds(epoch);
        }

        return now + DefaultRateLimitWait;
    }

    private static string? Header(IReadOnlyDictionary<string, string>? headers, string name) =>
        headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.Trim();

    private static bool IsTransient(Exception ex, CancellationToken cancellationToken) => ex switch
    {
        ApiException api => (int)api.StatusCode >= 500,
        HttpRequestException or TimeoutException => true,

        // HttpClient reports its own timeout as a cancellation; the caller's cancellation is no fault to retry.
        TaskCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    private static string Describe(Exception ex) => ex switch
    {
        ApiException api => $"HTTP {(int)api.StatusCode}",
        TaskCanceledException => "timed out",
        _ => ex.Message,
    };

    private static string UnreachableMessage(HttpStatusCode status, GitHubTarget target) => status switch
    {
        HttpStatusCode.NotFound =>
            $"GitHub answers 404 for {target.FullName}: the repository was deleted, renamed, or the token cannot see it. Check the name or the credential.",
        HttpStatusCode.Unauthorized =>
            $"GitHub answers 401 for {target.FullName}: the token was refused (expired, revoked or mistyped). Update the repository's credential or the default token (Settings page, or GitHub:Token).",
        _ =>
            $"GitHub answers 403 for {target.FullName}: the token may not read this repository, or the organisation blocks it. Give the token read access or use another credential.",
    };
}
