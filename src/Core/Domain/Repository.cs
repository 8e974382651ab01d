namespace MigrationTracker.Core.Domain;

/// <summary>How the product reaches a repository's history.</summary>
public enum RepositoryKind
{
    /// <summary>Any git remote (https, ssh).</summary>
    GitRemote = 0,

    /// <summary>A bare or normal repository on a local disk.</summary>
    LocalPath = 1,

    /// <summary>GitHub or GitHub Enterprise, addressed as owner/name.</summary>
    GitHub = 2,
}

/// <summary>What the last sync of a repository achieved.</summary>
public enum RepositoryStatus
{
    New = 0,
    Syncing = 1,
    Ok = 2,
    Failed = 3,

    /// <summary>The remote vanished or refuses access; its history stays.</summary>
    Unreachable = 4,
}

/// <summary>A source repository that holds driver projects.</summary>
public class Repository
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public RepositoryKind Kind { get; set; }

    /// <summary>A git URL, a local path, or owner/name for GitHub; unique per kind.</summary>
    public required string Location { get; set; }

    /// <summary>GitHub Enterprise API root; null means the configured default.</summary>
    public string? ApiBaseUrl { get; set; }

    public string? DefaultBranch { get; set; }

    /// <summary>Browser URL of the repository, used to link evidence to a file and line.</summary>
    public string? WebUrl { get; set; }

    public bool IsArchived { get; set; }

    public int? CredentialId { get; set; }

    public Credential? Credential { get; set; }

    public int? TeamId { get; set; }

    public Team? Team { get; set; }

    /// <summary>Minutes between scheduled syncs; null means the configured default.</summary>
    public int? SyncIntervalMinutes { get; set; }

    public RepositoryStatus Status { get; set; }

    public string? LastSyncedCommit { get; set; }

    public DateTime? LastSyncedAt { get; set; }

    /// <summary>The last failure in plain words, cleared by the next good sync.</summary>
    /// <summary>What the repository's jobs are doing now, in words (for example waiting for a rate limit to reset).</summary>
    public string? StatusDetail { get; set; }

    public string? LastError { get; set; }

    public DateTime? LastErrorAt { get; set; }

    public DateTime CreatedAt { get; set; }

    public List<Driver> Drivers { get; } = [];
}
