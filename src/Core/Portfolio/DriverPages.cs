using MigrationTracker.Core.Analysis;
using MigrationTracker.Core.Analysis.Scanning;
using MigrationTracker.Core.Data;
using MigrationTracker.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace MigrationTracker.Core.Portfolio;

/// <summary>One point of a driver's history.</summary>
public sealed record DriverTrendPoint(DateTime CommitTime, string CommitId, double? Readiness, ReadinessBand Band, double? UnsafeShare, int CCode, int RustCode);

/// <summary>A change a person made to the driver, as the page lists it.</summary>
public sealed record DriverChangeEntry(DateTime ChangedAt, string ChangedBy, string Field, string? OldValue, string? NewValue);

/// <summary>A build result of the driver (or of its repository at the driver's commits).</summary>
public sealed record DriverBuild(string CommitId, string? Name, BuildStatus Status, string? Url, DateTime? CompletedAt, int? Warnings);

/// <summary>Everything the page of one driver shows.</summary>
public sealed record DriverPageData(
    int Id,
    string Name,
    int RepositoryId,
    string Repository,
    string? RepositoryWebUrl,
    string ProjectPath,
    DriverLanguage Language,
    DriverModel Model,
    string? Framework,
    int? TeamId,
    string? Team,
    MigrationStage Stage,
    PairingSource PairingSource,
    Choice? Counterpart,
    DateTime FirstSeenAt,
    DateTime? RemovedAt,
    string? LatestCommit,
    DateTime? LatestCommitTime,
    DriverDetail? Detail,
    IReadOnlyList<DriverTrendPoint> Trend,
    IReadOnlyList<DriverBuild> Builds,
    IReadOnlyList<DriverChangeEntry> Changes)
{
    /// <summary>A link to a line of a file at the snapshot's commit in the repository's web view; null when none is known.</summary>
    public string? LinkTo(SourceLocation location) =>
        RepositoryWebUrl is null || LatestCommit is null
            ? null
            : $"{RepositoryWebUrl.TrimEnd('/')}/blob/{LatestCommit}/{Uri.EscapeDataString(location.Path).Replace("%2F", "/", StringComparison.Ordinal)}#L{location.Line}";
}

/// <summary>Reads a driver's page and records the changes managers make to it (stage, team, pairing), with who and when.</summary>
public sealed class DriverPages(IDbContextFactory<TrackerDbContext> contextFactory, TimeProvider clock)
{
    /// <summary>How many of the newest snapshots the trend shows.</summary>
    public const int TrendPoints = 260;

    public async Task<DriverPageData?> LoadAsync(int driverId, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var driver = await context.Drivers.AsNoTracking()
            .Where(d => d.Id == driverId)
            .Select(d => new
            {
                d.Id, d.Name, d.RepositoryId, Repository = d.Repository!.Name, d.Repository.WebUrl, d.ProjectPath, d.Language, d.Model, d.Framework,
                d.TeamId, Team = d.Team != null ? d.Team.Name : null, d.Stage, d.PairingSource, d.CounterpartId,
                Counterpart = d.Counterpart != null ? d.Counterpart.Name : null, d.FirstSeenAt, d.RemovedAt,
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (driver is null)
        {
            return null;
        }

        var trend = await context.Snapshots.AsNoTracking()
            .Where(s => s.DriverId == driverId)
            .OrderByDescending(s => s.CommitTime)
            .Take(TrendPoints)
            .Select(s => new
            {
                s.CommitTime, s.CommitId, s.ReadinessScore, s.ReadinessBand, s.UnsafeShare, CCode = s.CCodeLines + s.CppCodeLines + s.HeaderCodeLines, s.RustCodeLines, s.DetailHash,
            })
            .ToListAsync(cancellationToken);
        var latest = trend.FirstOrDefault();
        DriverDetail? detail = null;
        if (latest?.DetailHash is { } hash)
        {
            var json = await context.SnapshotDetails.AsNoTracking().Where(x => x.Hash == hash).Select(x => x.Json).SingleOrDefaultAsync(cancellationToken);
            detail = json is null ? null : DriverDetail.FromJson(json);
        }

        var commits = trend.Select(t => t.CommitId).ToList();
        var builds = await context.BuildResults.AsNoTracking()
            .Where(b => b.RepositoryId == driver.RepositoryId && (b.DriverId == driverId || (b.DriverId == null && commits.Contains(b.CommitId))))
            .OrderByDescending(b => b.CompletedAt ?? b.ReceivedAt)
            .Take(20)
            .Select(b => new DriverBuild(b.CommitId, b.Name, b.Status, b.Url, b.CompletedAt, b.WarningCount))
            .ToListAsync(cancellationToken);
        var changes = await context.DriverChanges.AsNoTracking()
            .Where(c => c.DriverId == driverId)
            .OrderByDescending(c => c.ChangedAt)
            .Select(c => new DriverChangeEntry(c.ChangedAt, c.ChangedBy, c.Field, c.OldValue, c.NewValue))
            .ToListAsync(cancellationToken);

        return new DriverPageData(
            driver.Id, driver.Name, driver.RepositoryId, driver.Repository, driver.WebUrl, driver.ProjectPath, driver.Language, driver.Model, driver.Framework,
            driver.TeamId, driver.Team, driver.Stage, driver.PairingSource,
            driver.CounterpartId is { } counterpart ? new Choice(counterpart, driver.Counterpart!) : null,
            driver.FirstSeenAt, driver.RemovedAt, latest?.CommitId, latest?.CommitTime, detail,
            [.. trend.AsEnumerable().Reverse().Select(t => new DriverTrendPoint(t.CommitTime, t.CommitId, t.ReadinessScore, t.ReadinessBand, t.UnsafeShare, t.CCode, t.RustCodeLines))],
            builds,
            changes);
    }

    /// <summary>Drivers that could be this driver's counterpart: of the other language family.</summary>
    public async Task<IReadOnlyList<Choice>> CounterpartChoicesAsync(int driverId, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rust = await context.Drivers.Where(d => d.Id == driverId).Select(d => d.Language == DriverLanguage.Rust).SingleAsync(cancellationToken);
        return await context.Drivers.AsNoTracking()
            .Where(d => d.Id != driverId && d.RemovedAt == null && (rust ? d.Language != DriverLanguage.Rust : d.Language == DriverLanguage.Rust))
            .OrderBy(d => d.Name)
            .Select(d => new Choice(d.Id, d.Name))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Sets the stage, team and counterpart by hand; each change is recorded with who made it. A counterpart set by hand is never overridden by the analysis.</summary>
    public async Task UpdateAsync(int driverId, MigrationStage stage, int? teamId, int? counterpartId, string changedBy, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(changedBy);
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var driver = await context.Drivers.Include(d => d.Team).Include(d => d.Counterpart).SingleAsync(d => d.Id == driverId, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;

        void Record(string field, string? before, string? after)
        {
            if (before != after)
            {
                context.DriverChanges.Add(new DriverChange { DriverId = driverId, Field = field, OldValue = before, NewValue = after, ChangedBy = changedBy, ChangedAt = now });
            }
        }

        if (driver.Stage != stage)
        {
            Record("Stage", driver.Stage.ToString(), stage.ToString());
            driver.Stage = stage;
        }

        if (driver.TeamId != teamId)
        {
            var team = teamId is null ? null : await context.Teams.SingleAsync(t => t.Id == teamId, cancellationToken);
            Record("Team", driver.Team?.Name, team?.Name);
            driver.TeamId = teamId;
        }

        if (driver.CounterpartId != counterpartId)
        {
            var counterpart = counterpartId is null ? null : await context.Drivers.SingleAsync(d => d.Id == counterpartId, cancellationToken);
            Record("Counterpart", driver.Counterpart?.Name, counterpart?.Name);
            if (driver.Counterpart is { } previous && previous.CounterpartId == driver.Id)
            {
                previous.CounterpartId = null;
                previous.PairingSource = PairingSource.Manual;
            }

            driver.CounterpartId = counterpartId;
            driver.PairingSource = PairingSource.Manual;
            if (counterpart is not null)
            {
                // A driver ports one other driver: the counterpart's former partner is unpaired.
                var formerPartners = await context.Drivers
                    .Where(d => d.CounterpartId == counterpart.Id && d.Id != driver.Id)
                    .ToListAsync(cancellationToken);
                foreach (var former in formerPartners)
                {
                    former.CounterpartId = null;
                    former.PairingSource = PairingSource.Manual;
                }

                counterpart.CounterpartId = driver.Id;
                counterpart.PairingSource = PairingSource.Manual;
            }
        }

        await context.SaveChangesAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<Choice>> TeamsAsync(CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await context.Teams.AsNoTracking().OrderBy(t => t.Name).Select(t => new Choice(t.Id, t.Name)).ToListAsync(cancellationToken);
    }
}
