namespace MigrationTracker.Workers.GitHub;

/// <summary>
/// GitHub refuses the repository for a reason the user must fix (404, 401, 403 that is no rate limit, a malformed name).
/// The message says so in plain words and never holds a token.
/// </summary>
public sealed class GitHubUnreachableException(string message, Exception? innerException = null) : Exception(message, innerException);

/// <summary>GitHub's rate limit resets later than the job may wait; the job should run again after the reset.</summary>
public sealed class GitHubRateLimitException(string message, DateTimeOffset resetsAt, Exception? innerException = null) : Exception(message, innerException)
{
    public DateTimeOffset ResetsAt { get; } = resetsAt;
}

/// <summary>The network or GitHub kept failing (5xx) through every attempt; a later run may succeed.</summary>
public sealed class GitHubUnavailableException(string message, Exception innerException) : Exception(message, innerException);
