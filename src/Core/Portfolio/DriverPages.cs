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

    /// <summary>
    /// Sets the stage, team and counterpart by hand; each change is recorded with who made it, on every driver it touches
    /// (the new counterpart, and the partners it unpairs). A counterpart set by hand is never overridden by the analysis.
    /// Whether <paramref name="editor"/> may make the change is decided here, against the drivers and teams as stored:
    /// the driver's team, the team it moves to, the counterpart's team and the teams of the partners it unpairs must all be
    /// ones the editor may change; otherwise nothing is stored and the result says why.
    /// </summary>
    public async Task<DriverUpdateResult> UpdateAsync(int driverId, MigrationStage stage, int? teamId, int? counterpartId, DriverEditor editor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(editor);
        ArgumentException.ThrowIfNullOrWhiteSpace(editor.ChangedBy);
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var driver = await context.Drivers.Include(d => d.Team).Include(d => d.Counterpart).ThenInclude(c => c!.Team).SingleOrDefaultAsync(d => d.Id == driverId, cancellationToken);
        if (driver is null)
        {
            return DriverUpdateResult.Refused($"Driver {driverId} no longer exists. Reload the page.");
        }

        if (!editor.CanEdit(driver.TeamId))
        {
            return DriverUpdateResult.Refused(driver.Team is { } owner
                ? $"Your account may not change {driver.Name}: it belongs to the team {owner.Name}. Only that team's maintainers, managers and administrators change it."
                : $"Your account may not change {driver.Name}: it belongs to no team. Only managers and administrators change it.");
        }

        Team? newTeam = driver.Team;
        if (driver.TeamId != teamId)
        {
            newTeam = teamId is null ? null : await context.Teams.SingleOrDefaultAsync(t => t.Id == teamId, cancellationToken);
            if (teamId is not null && newTeam is null)
            {
                return DriverUpdateResult.Refused($"Team {teamId} no longer exists. Reload the page and choose another team.");
            }

            if (!editor.CanEdit(teamId))
            {
                return DriverUpdateResult.Refused(
                    $"Your account may not move {driver.Name} to {(newTeam is null ? "no team" : $"the team {newTeam.Name}")}: choose one of your teams. Managers and administrators move drivers to any team.");
            }
        }

        // The drivers a new counterpart touches besides this one, each checked before anything changes.
        Driver? counterpart = null;
        var unpaired = new List<Driver>();
        var counterpartChanged = driver.CounterpartId != counterpartId;
        if (counterpartChanged)
        {
            if (driver.Counterpart is { } previous && previous.CounterpartId == driver.Id)
            {
                unpaired.Add(previous);
            }

            if (counterpartId is not null)
            {
                counterpart = await context.Drivers.Include(d => d.Team).Include(d => d.Counterpart).SingleOrDefaultAsync(d => d.Id == counterpartId, cancellationToken);
                if (counterpart is null)
                {
                    return DriverUpdateResult.Refused($"Driver {counterpartId} no longer exists. Reload the page and choose another counterpart.");
                }

                if (counterpart.Id == driver.Id || (counterpart.Language == DriverLanguage.Rust) == (driver.Language == DriverLanguage.Rust))
                {
                    return DriverUpdateResult.Refused(
                        $"{counterpart.Name} cannot be the counterpart of {driver.Name}: a C or C++ driver pairs with a Rust driver, and a Rust driver with a C or C++ one.");
                }

                if (!editor.CanEdit(counterpart.TeamId))
                {
                    return DriverUpdateResult.Refused($"Your account may not pair {driver.Name} with {counterpart.Name}: {counterpart.Name} belongs to {TeamOf(counterpart)}. Ask one of its maintainers or a manager.");
                }

                // A driver ports one other driver: the counterpart's former partners are unpaired.
                unpaired.AddRange(await context.Drivers.Include(d => d.Team)
                    .Where(d => d.CounterpartId == counterpart.Id && d.Id != driver.Id)
                    .ToListAsync(cancellationToken));
            }

            if (unpaired.FirstOrDefault(d => !editor.CanEdit(d.TeamId)) is { } outOfReach)
            {
                var partner = outOfReach.Id == driver.CounterpartId ? driver.Name : counterpart!.Name;
                return DriverUpdateResult.Refused($"Your account may not unpair {outOfReach.Name} from {partner}: {outOfReach.Name} belongs to {TeamOf(outOfReach)}. Ask one of its maintainers or a manager.");
            }
        }

        var now = clock.GetUtcNow().UtcDateTime;
        void Record(Driver changed, string field, string? before, string? after)
        {
            if (before != after)
            {
                context.DriverChanges.Add(new DriverChange { DriverId = changed.Id, Field = field, OldValue = before, NewValue = after, ChangedBy = editor.ChangedBy, ChangedAt = now });
            }
        }

        if (driver.Stage != stage)
        {
            Record(driver, "Stage", driver.Stage.ToString(), stage.ToString());
            driver.Stage = stage;
        }

        if (driver.TeamId != teamId)
        {
            Record(driver, "Team", driver.Team?.Name, newTeam?.Name);
            driver.TeamId = teamId;
        }

        if (counterpartChanged)
        {
            var previousName = driver.Counterpart?.Name;
            foreach (var former in unpaired)
            {
                Record(former, "Counterpart", former.Id == driver.CounterpartId ? driver.Name : counterpart!.Name, null);
                former.CounterpartId = null;
                former.PairingSource = PairingSource.Manual;
            }

            Record(driver, "Counterpart", previousName, counterpart?.Name);
            driver.CounterpartId = counterpartId;
            driver.PairingSource = PairingSource.Manual;
            if (counterpart is not null)
            {
                Record(counterpart, "Counterpart", counterpart.Counterpart?.Name, driver.Name);
                counterpart.CounterpartId = driver.Id;
                counterpart.PairingSource = PairingSource.Manual;
            }
        }

        await context.SaveChangesAsync(cancellationToken);
        return DriverUpdateResult.Done;
    }

    private static string TeamOf(Driver driver) => driver.Team is { } team ? $"the team {team.Name}" : "no team";

    public async Task<IReadOnlyList<Choice>> TeamsAsync(CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await context.Teams.AsNoTracking().OrderBy(t => t.Name).Select(t => new Choice(t.Id, t.Name)).ToListAsync(cancellationToken);
    }
}
