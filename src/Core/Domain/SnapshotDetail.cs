namespace MigrationTracker.Core.Domain;

/// <summary>
/// The full analysis of a driver at a commit (measured profile, score factors with their evidence,
/// unsafe hotspots), stored once per distinct content: snapshots of commits that did not change the
/// driver point at the same detail.
/// </summary>
public class SnapshotDetail
{
    /// <summary>SHA-256 of <see cref="Json"/>, hex.</summary>
    public required string Hash { get; set; }

    public required string Json { get; set; }

    public DateTime CreatedAt { get; set; }
}
