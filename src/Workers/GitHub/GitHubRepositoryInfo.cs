namespace MigrationTracker.Workers.GitHub;

/// <summary>What a git fetch of a GitHub repository needs, read from GitHub's metadata.</summary>
/// <param name="Token">Token for the fetch; null for anonymous access. Left out of <see cref="ToString"/>.</param>
public sealed record GitHubRepositoryInfo(string CloneUrl, string DefaultBranch, string WebUrl, bool Archived, string? Token)
{
    // The generated ToString would print the token into any log line that formats this record.
    public override string ToString() =>
        $"{nameof(GitHubRepositoryInfo)} {{ CloneUrl = {CloneUrl}, DefaultBranch = {DefaultBranch}, WebUrl = {WebUrl}, Archived = {Archived}, Token = {(Token is null ? "none" : "***")} }}";
}
