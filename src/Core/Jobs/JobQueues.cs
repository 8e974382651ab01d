namespace MigrationTracker.Core.Jobs;

/// <summary>Hangfire queue names; a worker can be limited to some of them.</summary>
public static class JobQueues
{
    /// <summary>User-facing work: on-demand syncs, scans of new commits, reports.</summary>
    public const string Default = "default";

    /// <summary>Long history backfills, so they never hold up a push.</summary>
    public const string Backfill = "backfill";

    public static readonly string[] All = [Default, Backfill];
}
