using MigrationTracker.Core.Data;
using MigrationTracker.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace MigrationTracker.Core.Portfolio;

/// <summary>
/// Read-only figures for the portfolio overview. "As of T" a driver counts when it was first seen by T
/// and not removed by T, and stands at its latest snapshot with a commit time no later than T.
/// </summary>
public sealed class PortfolioQueries(IDbContextFactory<TrackerDbContext> contextFactory, TimeProvider timeProvider)
{
    /// <summary>Weeks of burn-down the completion projection is fitted to.</summary>
    public const int ProjectionWeeks = 12;

    /// <summary>How far before a week a build result is looked for to know whether the build was passing.</summary>
    private static readonly TimeSpan BuildLookback = TimeSpan.FromDays(28);

    private static readonly TimeSpan Week = TimeSpan.FromDays(7);

    public Task<PortfolioHeadlines> HeadlinesAsync(DateTime asOf, CancellationToken cancellationToken = default) =>
        HeadlinesAsync(asOf, null, cancellationToken);

    /// <summary>The headline figures of the drivers in <paramref name="scope"/> (all drivers when null).</summary>
    public async Task<PortfolioHeadlines> HeadlinesAsync(DateTime asOf, PortfolioScope? scope, CancellationToken cancellationToken = default)
    {
        var weekEarlier = asOf - Week;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);

        var drivers = await LoadDriversAsync(db, scope, cancellationToken);
        var repositories = scope is null
            ? await db.Repositories.CountAsync(r => r.CreatedAt <= asOf || r.Drivers.Any(d => d.FirstSeenAt <= asOf), cancellationToken)
            : drivers.InScope.Select(d => d.RepositoryId).Distinct().Count();
        var now = Measure(drivers, await LatestAsOfAsync(db, asOf, cancellationToken), asOf);
        var before = Measure(drivers, await LatestAsOfAsync(db, weekEarlier, cancellationToken), weekEarlier);

        var builds = drivers.Filter(await LoadBuildsAsync(db, asOf - Week - Week, asOf, cancellationToken));
        var buildsNow = PassingShare(builds, asOf - Week, asOf);
        var buildsBefore = PassingShare(builds, weekEarlier - Week, weekEarlier);

        return new PortfolioHeadlines(
            asOf,
            repositories,
            new(now.Tracked, before.Tracked),
            new(now.CTracked, before.CTracked),
            new(now.RustTracked, before.RustTracked),
            new(now.WithRustPort, before.WithRustPort),
            new(now.FullyMigrated, before.FullyMigrated),
            new(now.RustShare, before.RustShare),
            new(now.MedianReadiness, before.MedianReadiness),
            new(now.MeanUnsafeShare, before.MeanUnsafeShare),
            new(buildsNow, buildsBefore));
    }

    /// <summary>One point per Monday-start UTC week from the week holding <paramref name="from"/> to the one holding <paramref name="to"/>.</summary>
    public Task<IReadOnlyList<TrendPoint>> TrendsAsync(DateTime from, DateTime to, CancellationToken cancellationToken = default) =>
        TrendsAsync(from, to, null, cancellationToken);

    /// <summary>Weekly trend of the drivers in <paramref name="scope"/> (all drivers when null).</summary>
    public async Task<IReadOnlyList<TrendPoint>> TrendsAsync(DateTime from, DateTime to, PortfolioScope? scope, CancellationToken cancellationToken = default)
    {
        if (to < from)
        {
            throw new ArgumentException($"The end of the range ({to:O}) is before its start ({from:O}).", nameof(to));
        }

        var firstWeek = WeekStartOf(from);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var drivers = await LoadDriversAsync(db, scope, cancellationToken);

        // Each driver's state before the range, then every snapshot inside it, applied in commit order week by week:
        // a driver with no snapshot in a week keeps its last known figures.
        var current = await LatestAsOfAsync(db, firstWeek.AddTicks(-1), cancellationToken);
        var inRange = await db.Snapshots.AsNoTracking()
            .Where(s => s.CommitTime >= firstWeek && s.CommitTime <= to)
            .Select(s => new SnapshotFigures(
                s.DriverId, s.Id, s.CommitTime, s.CCodeLines + s.CppCodeLines + s.HeaderCodeLines, s.RustCodeLines,
                s.UnsafeShare, s.ReadinessScore, s.ReadinessBand))
            .ToListAsync(cancellationToken);
        inRange.Sort((a, b) => a.CommitTime != b.CommitTime ? a.CommitTime.CompareTo(b.CommitTime) : a.Id.CompareTo(b.Id));

        var points = new List<TrendPoint>();
        var next = 0;
        for (var weekStart = firstWeek; weekStart <= to; weekStart += Week)
        {
            var asOf = Min(weekStart + Week - TimeSpan.FromTicks(1), to);
            for (; next < inRange.Count && inRange[next].CommitTime <= asOf; next++)
            {
                current[inRange[next].DriverId] = inRange[next];
            }

            var state = Measure(drivers, current, asOf);
            points.Add(new TrendPoint(
                DateOnly.FromDateTime(weekStart),
                state.RustShare,
                state.CLinesRemaining,
                state.MeanUnsafeShare,
                state.Ready,
                state.NeedsWork,
                state.Blocked));
        }

        return points;
    }

    /// <summary>
    /// Fits a straight line (least squares) to the C/C++ lines remaining at the end of each of the last
    /// <see cref="ProjectionWeeks"/> weeks and extends it from today's remaining lines at that pace.
    /// </summary>
    public async Task<CompletionProjection> ProjectionAsync(CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        return Project(await TrendsAsync(now - (ProjectionWeeks * Week), now, cancellationToken), now);
    }

    /// <summary>
    /// The completion projection from weekly points ending at <paramref name="now"/>: only the last
    /// <see cref="ProjectionWeeks"/> weeks and the current one are used.
    /// </summary>
    public static CompletionProjection Project(IReadOnlyList<TrendPoint> trend, DateTime now)
    {
        var points = trend.Skip(Math.Max(0, trend.Count - (ProjectionWeeks + 1))).ToList();
        var assumption = $"Assumes C/C++ code keeps disappearing at the average pace of the last {ProjectionWeeks} weeks "
            + "(a straight line fitted to the lines remaining at the end of each week), and that drivers marked Won't migrate stay in C.";

        var remaining = points.Count == 0 ? 0 : points[^1].CLinesRemaining;
        var measured = points.Where(p => p.RustShareOfCode is not null).ToList();
        if (measured.Count < 3)
        {
            return new CompletionProjection(null, 0, remaining, assumption, "Not enough history yet: the projection needs at least three weeks of snapshots.");
        }

        if (remaining == 0)
        {
            return new CompletionProjection(DateOnly.FromDateTime(now), 0, 0, assumption, "No C/C++ code is left to migrate.");
        }

        // Each point stands at the end of its week; the current week's point stands at now.
        var origin = measured[0].WeekStart.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var xs = measured.Select(p => (Min(p.WeekStart.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) + Week, now) - origin).TotalDays).ToArray();
        var ys = measured.Select(p => (double)p.CLinesRemaining).ToArray();
        var slopePerDay = Slope(xs, ys);
        var linesPerWeek = -slopePerDay * 7.0;

        if (linesPerWeek <= 0.5)
        {
            return new CompletionProjection(null, linesPerWeek, remaining, assumption,
                $"C/C++ lines remaining have been flat or rising over the last {ProjectionWeeks} weeks, so there is no completion date to project.");
        }

        var days = remaining / (linesPerWeek / 7.0);
        if (days > 365.0 * 100)
        {
            return new CompletionProjection(null, linesPerWeek, remaining, assumption,
                "At the recent pace the migration would take more than a hundred years.");
        }

        return new CompletionProjection(DateOnly.FromDateTime(now.AddDays(days)), linesPerWeek, remaining, assumption, null);
    }

    /// <summary>
    /// What got worse in the week starting <paramref name="weekStart"/>: each driver's latest snapshot before the week
    /// against its latest by the week's end (or now), and builds whose last result before the week passed and whose
    /// last result in the week failed.
    /// </summary>
    public Task<WeeklyRegressions> RegressionsAsync(DateTime weekStart, CancellationToken cancellationToken = default) =>
        RegressionsAsync(weekStart, null, cancellationToken);

    /// <summary>The week's regressions among the drivers in <paramref name="scope"/> and their repositories' builds.</summary>
    public async Task<WeeklyRegressions> RegressionsAsync(DateTime weekStart, PortfolioScope? scope, CancellationToken cancellationToken = default)
    {
        weekStart = WeekStartOf(weekStart);
        var end = Min(weekStart + Week - TimeSpan.FromTicks(1), timeProvider.GetUtcNow().UtcDateTime);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);

        var drivers = await LoadDriversAsync(db, scope, cancellationToken);
        var before = await LatestAsOfAsync(db, weekStart.AddTicks(-1), cancellationToken);
        var after = await LatestAsOfAsync(db, end, cancellationToken);

        var readinessDown = new List<DriverRegression>();
        var unsafeUp = new List<DriverRegression>();
        foreach (var driver in drivers.InScope.Where(d => d.FirstSeenAt <= end && !(d.RemovedAt <= end)))
        {
            if (!before.TryGetValue(driver.Id, out var was) || !after.TryGetValue(driver.Id, out var @is) || was.Id == @is.Id)
            {
                continue;
            }

            if (was.Readiness is { } scoreBefore && @is.Readiness is { } scoreAfter && scoreAfter < scoreBefore)
            {
                readinessDown.Add(new DriverRegression(driver.Id, driver.Name, driver.RepositoryName, scoreBefore, scoreAfter));
            }

            if (was.UnsafeShare is { } shareBefore && @is.UnsafeShare is { } shareAfter && shareAfter > shareBefore)
            {
                unsafeUp.Add(new DriverRegression(driver.Id, driver.Name, driver.RepositoryName, shareBefore, shareAfter));
            }
        }

        var builds = drivers.Filter(await LoadBuildsAsync(db, weekStart - BuildLookback, end, cancellationToken));
        var names = drivers.All.ToDictionary(d => d.Id, d => d.Name);
        var repositoryNames = await db.Repositories.AsNoTracking().ToDictionaryAsync(r => r.Id, r => r.Name, cancellationToken);
        var broken = new List<BrokenBuild>();
        foreach (var history in builds.GroupBy(b => (b.RepositoryId, b.DriverId)))
        {
            var ordered = history.OrderBy(b => b.At).ThenBy(b => b.Id).ToList();
            var lastBefore = ordered.LastOrDefault(b => b.At < weekStart);
            var inWeek = ordered.Where(b => b.At >= weekStart).ToList();
            if (lastBefore?.Status != BuildStatus.Succeeded || inWeek.Count == 0 || inWeek[^1].Status != BuildStatus.Failed)
            {
                continue;
            }

            // The first failure of the run of failures that ends the week.
            var firstFailure = inWeek.Count - 1;
            while (firstFailure > 0 && inWeek[firstFailure - 1].Status == BuildStatus.Failed)
            {
                firstFailure--;
            }

            var failed = inWeek[firstFailure];
            broken.Add(new BrokenBuild(
                failed.RepositoryId,
                repositoryNames.GetValueOrDefault(failed.RepositoryId, $"repository {failed.RepositoryId}"),
                failed.DriverId,
                failed.DriverId is { } id ? names.GetValueOrDefault(id) : null,
                failed.Name,
                failed.At,
                failed.Url));
        }

        return new WeeklyRegressions(
            DateOnly.FromDateTime(weekStart),
            [.. readinessDown.OrderBy(r => r.After - r.Before).ThenBy(r => r.DriverName, StringComparer.OrdinalIgnoreCase)],
            [.. unsafeUp.OrderByDescending(r => r.After - r.Before).ThenBy(r => r.DriverName, StringComparer.OrdinalIgnoreCase)],
            [.. broken.OrderByDescending(b => b.FailedAt)]);
    }

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    /// <summary>Monday 00:00 UTC of the week holding <paramref name="time"/>.</summary>
    public static DateTime WeekStartOf(DateTime time)
    {
        var date = DateTime.SpecifyKind(time.Date, DateTimeKind.Utc);
        var sinceMonday = ((int)date.DayOfWeek + 6) % 7;
        return date.AddDays(-sinceMonday);
    }

    private static double Slope(double[] xs, double[] ys)
    {
        var meanX = xs.Average();
        var meanY = ys.Average();
        double numerator = 0, denominator = 0;
        for (var i = 0; i < xs.Length; i++)
        {
            numerator += (xs[i] - meanX) * (ys[i] - meanY);
            denominator += (xs[i] - meanX) * (xs[i] - meanX);
        }

        return denominator == 0 ? 0 : numerator / denominator;
    }

    private static async Task<DriverSet> LoadDriversAsync(TrackerDbContext db, PortfolioScope? scope, CancellationToken cancellationToken)
    {
        var all = await db.Drivers.AsNoTracking()
            .Select(d => new DriverRow(d.Id, d.Name, d.RepositoryId, d.Repository!.Name, d.Language, d.Stage, d.CounterpartId, d.FirstSeenAt, d.RemovedAt))
            .ToListAsync(cancellationToken);
        if (scope is null)
        {
            return new DriverSet(all, all, null);
        }

        var inScope = all
            .Where(d => scope.DriverIds.Contains(d.Id))
            .Select(d => scope.Stages?.TryGetValue(d.Id, out var stage) == true ? d with { Stage = stage } : d)
            .ToList();

        // A scope of every driver (the organisation's report with stages as they were) is the whole portfolio:
        // builds of repositories without drivers count as they do unscoped.
        var whole = all.TrueForAll(d => scope.DriverIds.Contains(d.Id));
        return new DriverSet(all, inScope, whole ? null : [.. inScope.Select(d => d.RepositoryId)]);
    }

    /// <summary>Each driver's latest snapshot with a commit time no later than <paramref name="asOf"/>, in one grouped query.</summary>
    internal static async Task<Dictionary<int, SnapshotFigures>> LatestAsOfAsync(TrackerDbContext db, DateTime asOf, CancellationToken cancellationToken)
    {
        var latestTimes = db.Snapshots
            .Where(s => s.CommitTime <= asOf)
            .GroupBy(s => s.DriverId)
            .Select(g => new { DriverId = g.Key, CommitTime = g.Max(s => s.CommitTime) });

        var rows = await (
            from s in db.Snapshots.AsNoTracking()
            join l in latestTimes on new { s.DriverId, s.CommitTime } equals new { l.DriverId, l.CommitTime }
            select new SnapshotFigures(
                s.DriverId, s.Id, s.CommitTime, s.CCodeLines + s.CppCodeLines + s.HeaderCodeLines, s.RustCodeLines,
                s.UnsafeShare, s.ReadinessScore, s.ReadinessBand))
            .ToListAsync(cancellationToken);

        // Two commits can share a commit time; the later-stored snapshot wins.
        var latest = new Dictionary<int, SnapshotFigures>(rows.Count);
        foreach (var row in rows)
        {
            if (!latest.TryGetValue(row.DriverId, out var seen) || seen.Id < row.Id)
            {
                latest[row.DriverId] = row;
            }
        }

        return latest;
    }

    internal static Task<List<BuildRow>> LoadBuildsAsync(TrackerDbContext db, DateTime after, DateTime until, CancellationToken cancellationToken) =>
        db.BuildResults.AsNoTracking()
            .Where(b => b.Status == BuildStatus.Succeeded || b.Status == BuildStatus.Failed)
            .Where(b => (b.CompletedAt ?? b.StartedAt ?? b.ReceivedAt) > after && (b.CompletedAt ?? b.StartedAt ?? b.ReceivedAt) <= until)
            .Select(b => new BuildRow(b.Id, b.RepositoryId, b.DriverId, b.Status, b.CompletedAt ?? b.StartedAt ?? b.ReceivedAt, b.Name, b.Url))
            .ToListAsync(cancellationToken);

    /// <summary>Share of repository/driver builds whose latest result in (after, until] succeeded; null with no build.</summary>
    private static double? PassingShare(List<BuildRow> builds, DateTime after, DateTime until)
    {
        var latest = builds
            .Where(b => b.At > after && b.At <= until)
            .GroupBy(b => (b.RepositoryId, b.DriverId))
            .Select(g => g.MaxBy(b => (b.At, b.Id))!)
            .ToList();
        return latest.Count == 0 ? null : latest.Count(b => b.Status == BuildStatus.Succeeded) / (double)latest.Count;
    }

    private static PortfolioState Measure(DriverSet set, Dictionary<int, SnapshotFigures> latest, DateTime asOf)
    {
        // A counterpart counts wherever it lives, even outside the scope.
        var firstSeen = new Dictionary<int, DateTime>(set.All.Count);
        foreach (var driver in set.All)
        {
            firstSeen[driver.Id] = driver.FirstSeenAt;
        }

        var drivers = set.InScope;

        int tracked = 0, cTracked = 0, rustTracked = 0, withPort = 0, migrated = 0, ready = 0, needsWork = 0, blocked = 0;
        long rustLines = 0, allLines = 0, cRemaining = 0;
        var readiness = new List<double>();
        double unsafeSum = 0;
        var unsafeCount = 0;

        foreach (var driver in drivers)
        {
            if (driver.FirstSeenAt > asOf)
            {
                continue;
            }

            var isC = driver.Language != DriverLanguage.Rust;
            var removed = driver.RemovedAt <= asOf;
            var portExists = driver.CounterpartId is { } counterpart && firstSeen.TryGetValue(counterpart, out var portSeen) && portSeen <= asOf;
            // A C driver retired beside its port counts as migrated below, no longer as a C/C++ driver with a port.
            if (isC && portExists && !removed)
            {
                withPort++;
            }

            // The stage is not dated, so a driver marked Migrated counts from its first sighting; a C driver
            // retired after its Rust port appeared is dated by its removal.
            if (isC && (driver.Stage == MigrationStage.Migrated || (removed && portExists)))
            {
                migrated++;
            }

            if (removed)
            {
                continue;
            }

            tracked++;
            if (isC)
            {
                cTracked++;
            }
            else
            {
                rustTracked++;
            }

            if (!latest.TryGetValue(driver.Id, out var figures))
            {
                continue;
            }

            rustLines += figures.RustLines;
            allLines += figures.RustLines + figures.CLines;
            if (isC)
            {
                if (driver.Stage != MigrationStage.WontMigrate)
                {
                    cRemaining += figures.CLines;
                }

                if (figures.Readiness is { } score)
                {
                    readiness.Add(score);
                }

                switch (figures.Band)
                {
                    case ReadinessBand.Ready: ready++; break;
                    case ReadinessBand.NeedsWork: needsWork++; break;
                    case ReadinessBand.Blocked: blocked++; break;
                    default: break;
                }
            }
            else if (figures.UnsafeShare is { } share)
            {
                unsafeSum += share;
                unsafeCount++;
            }
        }

        return new PortfolioState(
            tracked, cTracked, rustTracked, withPort, migrated,
            allLines == 0 ? null : rustLines / (double)allLines,
            Median(readiness),
            unsafeCount == 0 ? null : unsafeSum / unsafeCount,
            cRemaining, ready, needsWork, blocked);
    }

    private static double? Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        values.Sort();
        var middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    private sealed record DriverRow(
        int Id, string Name, int RepositoryId, string RepositoryName, DriverLanguage Language, MigrationStage Stage, int? CounterpartId, DateTime FirstSeenAt, DateTime? RemovedAt);

    /// <summary>Every driver (for counterpart lookups) and the ones a figure is measured over.</summary>
    private sealed record DriverSet(List<DriverRow> All, List<DriverRow> InScope, HashSet<int>? ScopeRepositories)
    {
        /// <summary>Builds of the scope's drivers, and repository-wide builds of the repositories they live in.</summary>
        public List<BuildRow> Filter(List<BuildRow> builds)
        {
            if (ScopeRepositories is null)
            {
                return builds;
            }

            var ids = InScope.Select(d => d.Id).ToHashSet();
            return [.. builds.Where(b => b.DriverId is { } id ? ids.Contains(id) : ScopeRepositories.Contains(b.RepositoryId))];
        }
    }

    internal sealed record SnapshotFigures(
        int DriverId, long Id, DateTime CommitTime, int CLines, int RustLines, double? UnsafeShare, double? Readiness, ReadinessBand Band);

    internal sealed record BuildRow(long Id, int RepositoryId, int? DriverId, BuildStatus Status, DateTime At, string? Name, string? Url);

    private sealed record PortfolioState(
        int Tracked, int CTracked, int RustTracked, int WithRustPort, int FullyMigrated,
        double? RustShare, double? MedianReadiness, double? MeanUnsafeShare,
        long CLinesRemaining, int Ready, int NeedsWork, int Blocked);
}
