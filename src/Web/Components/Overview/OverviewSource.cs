using MigrationTracker.Core.Data;
using MigrationTracker.Core.Portfolio;
using Microsoft.EntityFrameworkCore;

namespace MigrationTracker.Web.Components.Overview;

/// <summary>
/// Reads the overview's figures and shares them between visitors. Figures are read again when a snapshot, build,
/// driver, repository, hand-made change to a driver (stage, team, pairing) or scoring policy arrives (the newest ids
/// change), and at the latest after <see cref="MaxAge"/>. Concurrent visitors share one read.
/// </summary>
public sealed class OverviewSource(PortfolioQueries portfolio, IDbContextFactory<TrackerDbContext> contextFactory, TimeProvider timeProvider, ILogger<OverviewSource> logger)
{
    /// <summary>Weeks the trend charts cover.</summary>
    public const int TrendWeeks = 52;

    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(60);

    private readonly Lock _lock = new();
    private Entry? _entry;

    /// <summary>The last figures read completely; served to visitors while a newer read is under way.</summary>
    private Entry? _complete;

    /// <remarks>
    /// The visitor who finds the figures out of date starts the new read and waits for it, so a change shows to the next
    /// visitor. Visitors arriving while that read runs get the last complete figures instead of queueing behind it:
    /// during a backfill, when snapshots arrive every second, the overview stays quick. A read that fails is logged and
    /// its visitor gets the last complete figures too; with none yet, the visitor gets the error. The next visitor reads again.
    /// </remarks>
    public async Task<OverviewData> GetAsync(CancellationToken cancellationToken = default)
    {
        var version = await VersionAsync(cancellationToken);
        var now = timeProvider.GetUtcNow();
        Entry entry;
        Entry? complete;
        lock (_lock)
        {
            if (_entry is { Load.IsCompletedSuccessfully: true })
            {
                _complete = _entry;
            }

            if (_entry is { Load.IsCompleted: false } && _complete is not null && now - _complete.ReadAt <= MaxAge)
            {
                // A newer read is already running for someone else: serve the last complete figures.
                return _complete.Load.Result;
            }

            var stale = _entry is null || _entry.Version != version || now - _entry.ReadAt > MaxAge || _entry.Load.IsFaulted || _entry.Load.IsCanceled;
            if (stale)
            {
                // The shared read must not die with the visitor who started it.
                _entry = new Entry(version, now, LoadAsync(now.UtcDateTime, CancellationToken.None));
            }

            entry = _entry!;
            complete = _complete;
        }

        try
        {
            return await entry.Load.WaitAsync(cancellationToken);
        }
        catch (Exception ex) when (complete is not null && !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Reading the overview's figures failed; serving those read at {ReadAt:u} until a read succeeds", complete.ReadAt);
            return complete.Load.Result;
        }
    }

    private async Task<DataVersion> VersionAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var snapshot = await db.Snapshots.MaxAsync(s => (long?)s.Id, cancellationToken);
        var build = await db.BuildResults.MaxAsync(b => (long?)b.Id, cancellationToken);
        var driver = await db.Drivers.MaxAsync(d => (int?)d.Id, cancellationToken);
        var repository = await db.Repositories.MaxAsync(r => (int?)r.Id, cancellationToken);

        // A stage, team or pairing set by hand changes the figures without a new snapshot; so does a new scoring policy.
        var change = await db.DriverChanges.MaxAsync(c => (long?)c.Id, cancellationToken);
        var policy = await db.ScoringPolicies.MaxAsync(p => (int?)p.Id, cancellationToken);
        return new DataVersion(snapshot, build, driver, repository, change, policy);
    }

    private async Task<OverviewData> LoadAsync(DateTime now, CancellationToken cancellationToken)
    {
        var headlines = await portfolio.HeadlinesAsync(now, cancellationToken);
        if (headlines.Repositories == 0)
        {
            return new OverviewData(headlines, [], new CompletionProjection(null, 0, 0, string.Empty, null), new WeeklyRegressions(default, [], [], []));
        }

        var trends = portfolio.TrendsAsync(now.AddDays(-7 * (TrendWeeks - 1)), now, cancellationToken);
        var projection = portfolio.ProjectionAsync(cancellationToken);
        var regressions = portfolio.RegressionsAsync(PortfolioQueries.WeekStartOf(now), cancellationToken);
        return new OverviewData(headlines, [.. await trends], await projection, await regressions);
    }

    private sealed record DataVersion(long? Snapshot, long? Build, int? Driver, int? Repository, long? Change, int? Policy);

    private sealed record Entry(DataVersion Version, DateTimeOffset ReadAt, Task<OverviewData> Load);
}
