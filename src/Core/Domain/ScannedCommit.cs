namespace MigrationTracker.Core.Domain;

/// <summary>
/// A commit a scan has analysed, whether or not it held drivers: the record of what was looked at,
/// from which a driver's removal is dated and a sync knows where the scanned history ends.
/// </summary>
public class ScannedCommit
{
    public long Id { get; set; }

    public int RepositoryId { get; set; }

    public required string CommitId { get; set; }

    public DateTime CommitTime { get; set; }

    public int DriverCount { get; set; }

    public DateTime ScannedAt { get; set; }
}
