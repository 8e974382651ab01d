using System.ComponentModel.DataAnnotations;
using MigrationTracker.Core.Analysis.Text;

namespace MigrationTracker.Workers.Sync;

/// <summary>Settings of repository syncs and scans (section <c>Sync</c>).</summary>
public sealed class SyncOptions
{
    public const string SectionName = "Sync";

    /// <summary>How often a repository is synced when it sets no interval of its own.</summary>
    [Range(1, 10080)]
    public int DefaultIntervalMinutes { get; set; } = 60;

    /// <summary>At most this many new commits are scanned by one sync; older ones are for a backfill.</summary>
    [Range(1, 100_000)]
    public int MaxCommitsPerSync { get; set; } = 500;

    /// <summary>Files larger than this are skipped and reported.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxFileBytes { get; set; } = SourceDecoder.DefaultMaxFileBytes;

    /// <summary>How long a fetch waits for another process fetching the same repository.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan FetchLockTimeout { get; set; } = TimeSpan.FromMinutes(10);
}
