using System.ComponentModel.DataAnnotations;

namespace MigrationTracker.Workers.GitHub;

/// <summary>How the workers reach GitHub or GitHub Enterprise (section <c>GitHub</c>).</summary>
public sealed class GitHubOptions : IValidatableObject
{
    public const string SectionName = "GitHub";

    /// <summary>
    /// API root used when a repository names none. For GitHub Enterprise give the server's address
    /// (for example <c>https://ghe.contoso.com/</c>); Octokit adds <c>api/v3/</c> itself.
    /// </summary>
    [Required]
    public string ApiBaseUrl { get; set; } = "https://api.github.com/";

    /// <summary>Token used for repositories without a stored credential; anonymous access when empty. Never logged.</summary>
    public string? Token { get; set; }

    /// <summary>Longest wait for a rate limit to reset; a later reset fails the job so that Hangfire retries it later.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "06:00:00")]
    public TimeSpan MaxRateLimitWait { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Attempts per API call when the network or GitHub fails (5xx), the first included.</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 4;

    /// <summary>First back-off delay after a failed attempt; it doubles with each further attempt.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Most recent workflow runs read per build sync.</summary>
    [Range(1, 1000)]
    public int RunsPerSync { get; set; } = 100;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!GitHubClientFactory.TryParseApiBaseUrl(ApiBaseUrl, out _))
        {
            yield return new ValidationResult(
                $"{SectionName}:{nameof(ApiBaseUrl)} is '{ApiBaseUrl}', which is not an absolute http or https URL. Use https://api.github.com/ or your GitHub Enterprise server's address.",
                [nameof(ApiBaseUrl)]);
        }
    }
}
