namespace MigrationTracker.Core.Domain;

/// <summary>Which commits of the history a backfill scans.</summary>
public enum BackfillGranularity
{
    /// <summary>Every commit on the first-parent line of the default branch.</summary>
    EveryCommit = 0,

    /// <summary>The last first-parent commit of each day (UTC).</summary>
    Daily = 1,

    /// <summary>The last first-parent commit of each week (Monday to Sunday, UTC).</summary>
    Weekly = 2,
}

public enum BackfillStatus
{
    Queued = 0,
    Running = 1,
    Succeeded = 2,
    Failed = 3,
}

/// <summary>
/// One backfill of a repository's history. The plan (which commits, in which order) follows from
/// <see cref="HeadCommit"/>, <see cref="Since"/> and <see cref="Granularity"/>, so <see cref="Done"/>
/// is a checkpoint: a job that died resumes after the last commit it finished.
/// </summary>
public class BackfillRun
{
    public int Id { get; set; }

    public int RepositoryId { get; set; }

    public Repository? Repository { get; set; }

    /// <summary>The newest commit of the plan, fixed when the run starts.</summary>
    public string? HeadCommit { get; set; }

    /// <summary>Oldest commit time to include; null scans back to the first commit.</summary>
    public DateTime? Since { get; set; }

    public BackfillGranularity Granularity { get; set; }

    public BackfillStatus Status { get; set; }

    /// <summary>Commits in the plan, known once the run has started.</summary>
    public int Total { get; set; }

    /// <summary>Commits finished, newest first: the checkpoint.</summary>
    public int Done { get; set; }

    /// <summary>Commit time of the last commit finished, to show how far back the run has come.</summary>
    public DateTime? CurrentCommitTime { get; set; }

    public string? LastError { get; set; }

    public string? JobId { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? StartedAt { get; set; }

    public DateTime? FinishedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}
