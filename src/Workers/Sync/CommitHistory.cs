using System.Globalization;
using LibGit2Sharp;
using MigrationTracker.Core.Domain;

namespace MigrationTracker.Workers.Sync;

/// <summary>A commit to scan: its id and when it was committed.</summary>
public readonly record struct CommitPoint(string Sha, DateTime CommitTime);

/// <summary>Walks a branch's first-parent line and picks the commits a backfill or sync scans.</summary>
public static class CommitHistory
{
    /// <summary>The first-parent line from <paramref name="head"/> back, newest first, stopping before <paramref name="since"/> or at a commit <paramref name="stop"/> accepts.</summary>
    public static List<CommitPoint> FirstParent(LibGit2Sharp.Repository git, string head, DateTime? since = null, Func<string, bool>? stop = null, int max = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(git);
        var result = new List<CommitPoint>();
        var commit = git.Lookup<Commit>(head);
        while (commit is not null && result.Count < max)
        {
            if (stop?.Invoke(commit.Sha) == true)
            {
                break;
            }

            var time = commit.Committer.When.UtcDateTime;
            if (since is { } oldest && time < oldest)
            {
                break;
            }

            result.Add(new CommitPoint(commit.Sha, time));
            commit = commit.Parents.FirstOrDefault();
        }

        return result;
    }

    /// <summary>
    /// The commits a backfill scans, newest first: every commit, or the newest commit of each day or
    /// week (weeks run Monday to Sunday, UTC). The plan depends only on its input, so a resumed run
    /// finds the same commits in the same order.
    /// </summary>
    public static List<CommitPoint> Plan(IReadOnlyList<CommitPoint> newestFirst, BackfillGranularity granularity)
    {
        ArgumentNullException.ThrowIfNull(newestFirst);
        if (granularity == BackfillGranularity.EveryCommit)
        {
            return [.. newestFirst];
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var plan = new List<CommitPoint>();
        foreach (var commit in newestFirst)
        {
            var bucket = granularity == BackfillGranularity.Daily
                ? commit.CommitTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                : WeekStart(commit.CommitTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (seen.Add(bucket))
            {
                plan.Add(commit);
            }
        }

        return plan;
    }

    public static DateOnly WeekStart(DateTime time)
    {
        var day = DateOnly.FromDateTime(time);
        var offset = ((int)day.DayOfWeek + 6) % 7; // Monday = 0
        return day.AddDays(-offset);
    }
}
