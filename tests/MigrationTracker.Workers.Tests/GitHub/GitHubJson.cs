using System.Globalization;

namespace MigrationTracker.Workers.Tests.GitHub;

/// <summary>A workflow run as the test wants GitHub to report it.</summary>
public sealed record RunJson(long Id, string Name, string HeadSha, string Status, string? Conclusion, DateTimeOffset StartedAt, DateTimeOffset UpdatedAt);

/// <summary>Answers shaped like GitHub's REST API (fields trimmed to those a client reads, values as GitHub writes them).</summary>
public static class GitHubJson
{
    /// <param name="cloneUrl">Where git fetches from; GitHub's own address unless a test serves the history from a local repository.</param>
    public static string Repository(string owner, string name, string defaultBranch = "main", bool archived = false, string? cloneUrl = null) => $$"""
        {
          "id": 1296269,
          "node_id": "MDEwOlJlcG9zaXRvcnkxMjk2MjY5",
          "name": "{{name}}",
          "full_name": "{{owner}}/{{name}}",
          "owner": { "login": "{{owner}}", "id": 1, "type": "Organization", "html_url": "https://github.com/{{owner}}" },
          "private": false,
          "html_url": "https://github.com/{{owner}}/{{name}}",
          "description": "Windows drivers",
          "fork": false,
          "url": "https://api.github.com/repos/{{owner}}/{{name}}",
          "clone_url": "{{cloneUrl ?? $"https://github.com/{owner}/{name}.git"}}",
          "git_url": "git://github.com/{{owner}}/{{name}}.git",
          "ssh_url": "git@github.com:{{owner}}/{{name}}.git",
          "default_branch": "{{defaultBranch}}",
          "archived": {{(archived ? "true" : "false")}},
          "disabled": false,
          "visibility": "public",
          "pushed_at": "2025-03-01T10:00:00Z",
          "created_at": "2020-01-26T19:01:12Z",
          "updated_at": "2025-03-01T10:00:00Z"
        }
        """;

    public static string Runs(string owner, string name, int totalCount, params RunJson[] runs) => $$"""
        {
          "total_count": {{totalCount}},
          "workflow_runs": [{{string.Join(",", runs.Select(run => Run(owner, name, run)))}}]
        }
        """;

    public static string Runs(string owner, string name, params RunJson[] runs) => Runs(owner, name, runs.Length, runs);

    private static string Run(string owner, string name, RunJson run) => $$"""
        {
          "id": {{run.Id}},
          "name": "{{run.Name}}",
          "node_id": "WFR_{{run.Id}}",
          "head_branch": "main",
          "head_sha": "{{run.HeadSha}}",
          "path": ".github/workflows/build.yml",
          "display_title": "Build drivers",
          "run_number": {{run.Id % 1000}},
          "event": "push",
          "status": "{{run.Status}}",
          "conclusion": {{(run.Conclusion is null ? "null" : $"\"{run.Conclusion}\"")}},
          "workflow_id": 161335,
          "check_suite_id": 42,
          "url": "https://api.github.com/repos/{{owner}}/{{name}}/actions/runs/{{run.Id}}",
          "html_url": "https://github.com/{{owner}}/{{name}}/actions/runs/{{run.Id}}",
          "pull_requests": [],
          "created_at": "{{Time(run.StartedAt.AddSeconds(-5))}}",
          "updated_at": "{{Time(run.UpdatedAt)}}",
          "run_attempt": 1,
          "run_started_at": "{{Time(run.StartedAt)}}"
        }
        """;

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
