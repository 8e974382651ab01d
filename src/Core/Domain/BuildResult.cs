namespace MigrationTracker.Core.Domain;

public enum BuildSource
{
    GitHubActions = 0,

    /// <summary>Posted to the product's API by any CI.</summary>
    Api = 1,
}

public enum BuildStatus
{
    Queued = 0,
    Running = 1,
    Succeeded = 2,
    Failed = 3,
    Cancelled = 4,
    Skipped = 5,
}

/// <summary>A CI build of a repository commit, optionally for one driver.</summary>
public class BuildResult
{
    public long Id { get; set; }

    public int RepositoryId { get; set; }

    public Repository? Repository { get; set; }

    public int? DriverId { get; set; }

    public Driver? Driver { get; set; }

    public required string CommitId { get; set; }

    public BuildSource Source { get; set; }

    /// <summary>Identity of the build at its source (workflow run id, CI build id); unique per repository and source.</summary>
    public required string ExternalId { get; set; }

    /// <summary>Workflow or pipeline name.</summary>
    public string? Name { get; set; }

    public BuildStatus Status { get; set; }

    public string? Url { get; set; }

    public DateTime? StartedAt { get; set; }

    public DateTime? CompletedAt { get; set; }

    public int? WarningCount { get; set; }

    public DateTime ReceivedAt { get; set; }
}
