using MigrationTracker.Core.Data;
using MigrationTracker.Core.Domain;
using MigrationTracker.Core.Portfolio;
using Microsoft.EntityFrameworkCore;

namespace MigrationTracker.Core.Reports;

/// <summary>
/// Builds weekly reports from the snapshots as of the end of the week. Manual changes made since (stage, team,
/// pairing) are undone from the change log, so a past week's report regenerated later has the same figures.
/// </summary>
public sealed class WeeklyReportBuilder(IDbContextFactory<TrackerDbContext> contextFactory, PortfolioQueries portfolio, TimeProvider clock)
{
    /// <summary>Weeks of trend in a report (charts); the projection uses the last <see cref="PortfolioQueries.ProjectionWeeks"/> of them.</summary>
    public const int TrendWeeks = 26;

    public const int MoversPerMeasure = 5;

    private static readonly TimeSpan BuildLookback = TimeSpan.FromDays(28);

    /// <summary>The organisation's report and each team's, from one read of the drivers and their history.</summary>
    public async Task<IReadOnlyList<WeeklyReport>> BuildAllAsync(DateOnly weekStart, CancellationToken cancellationToken = default)
    {
        var history = await LoadAsync(weekStart, cancellationToken);
        var reports = new List<WeeklyReport> { await BuildAsync(history, WeeklyReport.OrganisationScope, cancellationToken) };
        foreach (var team in history.Teams.OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase))
        {
            reports.Add(await BuildAsync(history, team.Slug, cancellationToken));
        }

        return reports;
    }

    /// <summary>One report: the organisation's (<see cref="WeeklyReport.OrganisationScope"/>) or a team's by its slug.</summary>
    /// <exception cref="UnknownScopeException">No team has that slug.</exception>
    public async Task<WeeklyReport> BuildAsync(DateOnly weekStart, string scope, CancellationToken cancellationToken = default)
    {
        var history = await LoadAsync(weekStart, cancellationToken);
        return await BuildAsync(history, scope, cancellationToken);
    }

    private async Task<WeeklyReport> BuildAsync(History h, string scope, CancellationToken cancellationToken)
    {
        TeamRow? scopeTeam = null;
        if (scope.Length > 0)
        {
            scopeTeam = h.Teams.FirstOrDefault(t => string.Equals(t.Slug, scope, StringComparison.OrdinalIgnoreCase))
                ?? throw new UnknownScopeException(scope);
        }

        // Drivers first seen after the week are not in it: a team's new driver must not bring its repository's
        // builds into a past week's report.
        var inScope = h.Drivers.Where(d => d.FirstSeenAt <= h.AsOf && (scopeTeam is null || h.TeamAt(d, h.AsOf)?.Id == scopeTeam.Id)).ToList();
        var portfolioScope = scopeTeam is not null
            ? new PortfolioScope(inScope.Select(d => d.Id).ToHashSet(), h.StagesAt)
            : h.StagesAt.Count == 0 ? null : new PortfolioScope(h.Drivers.Select(d => d.Id).ToHashSet(), h.StagesAt);

        var headlines = await portfolio.HeadlinesAsync(h.AsOf, portfolioScope, cancellationToken);
        if (h.AsOf.AddDays(-7) != h.WeekEarlier)
        {
            // A week not over yet stands at now; it is still compared with the end of the week before, as its driver
            // rows and C/C++ lines are, not with the same moment a week earlier.
            headlines = ComparedWith(headlines, await portfolio.HeadlinesAsync(h.WeekEarlier, portfolioScope, cancellationToken));
        }

        var trend = await portfolio.TrendsAsync(h.AsOf.AddDays(-7 * (TrendWeeks - 1)), h.AsOf, portfolioScope, cancellationToken);
        var regressions = await portfolio.RegressionsAsync(h.WeekStartUtc, portfolioScope, cancellationToken);

        // The portfolio queries read today's pairings and one stage per driver; the change log dates those set by hand.
        headlines = headlines with
        {
            CDriversWithRustPort = new(inScope.Count(d => h.HasPortAt(d, h.AsOf)), inScope.Count(d => h.HasPortAt(d, h.WeekEarlier))),
            DriversFullyMigrated = new(inScope.Count(d => h.IsMigratedAt(d, h.AsOf)), inScope.Count(d => h.IsMigratedAt(d, h.WeekEarlier))),
        };

        var tracked = inScope.Where(d => d.FirstSeenAt <= h.AsOf && !(d.RemovedAt <= h.AsOf)).ToList();
        var drivers = tracked.Select(d => DriverRowOf(h, d))
            .OrderBy(d => d.Name, StringComparer.OrdinalIgnoreCase).ThenBy(d => d.Repository, StringComparer.OrdinalIgnoreCase).ThenBy(d => d.Id)
            .ToList();

        var regressionRows = RegressionsOf(h, regressions, inScope);
        return new WeeklyReport(
            WeeklyReport.CurrentFormatVersion,
            h.WeekStart,
            h.AsOf,
            clock.GetUtcNow().UtcDateTime,
            scopeTeam?.Slug ?? WeeklyReport.OrganisationScope,
            scopeTeam?.Name ?? "Whole organisation",
            HeadlinesOf(headlines, trend, regressionRows.Count),
            drivers,
            TeamsOf(h, inScope, drivers, regressionRows),
            MoversOf(drivers),
            regressionRows,
            NewlyPaired(h, inScope),
            NewlyMigrated(h, inScope),
            trend,
            PortfolioQueries.Project(trend, h.AsOf));
    }

    private static PortfolioHeadlines ComparedWith(PortfolioHeadlines now, PortfolioHeadlines earlier) => now with
    {
        DriversTracked = new(now.DriversTracked.Now, earlier.DriversTracked.Now),
        CDriversTracked = new(now.CDriversTracked.Now, earlier.CDriversTracked.Now),
        RustDriversTracked = new(now.RustDriversTracked.Now, earlier.RustDriversTracked.Now),
        CDriversWithRustPort = new(now.CDriversWithRustPort.Now, earlier.CDriversWithRustPort.Now),
        DriversFullyMigrated = new(now.DriversFullyMigrated.Now, earlier.DriversFullyMigrated.Now),
        RustShareOfCode = new(now.RustShareOfCode.Now, earlier.RustShareOfCode.Now),
        MedianReadiness = new(now.MedianReadiness.Now, earlier.MedianReadiness.Now),
        MeanUnsafeShare = new(now.MeanUnsafeShare.Now, earlier.MeanUnsafeShare.Now),
        BuildsPassing = new(now.BuildsPassing.Now, earlier.BuildsPassing.Now),
    };

    private static List<ReportFigure> HeadlinesOf(PortfolioHeadlines p, IReadOnlyList<TrendPoint> trend, int regressions)
    {
        double? linesNow = trend.Count > 0 ? trend[^1].CLinesRemaining : null;
        double? linesBefore = trend.Count > 1 ? trend[^2].CLinesRemaining : null;
        return
        [
            Figure("drivers", "Drivers tracked", FigureUnit.Count, p.DriversTracked),
            Figure("c_drivers", "C/C++ drivers", FigureUnit.Count, p.CDriversTracked),
            Figure("rust_drivers", "Rust drivers", FigureUnit.Count, p.RustDriversTracked),
            Figure("c_with_port", "C/C++ drivers with a Rust port", FigureUnit.Count, p.CDriversWithRustPort),
            Figure("migrated", "Drivers fully migrated", FigureUnit.Count, p.DriversFullyMigrated),
            Figure("rust_share", "Rust share of driver code", FigureUnit.Share, p.RustShareOfCode),
            new ReportFigure("c_lines", "C/C++ code lines left to migrate", FigureUnit.Lines, linesNow, linesBefore),
            Figure("median_readiness", "Median Rust-readiness (C/C++)", FigureUnit.Score, p.MedianReadiness),
            Figure("mean_unsafe", "Mean unsafe share (Rust)", FigureUnit.Share, p.MeanUnsafeShare),
            Figure("builds_passing", "Builds passing", FigureUnit.Share, p.BuildsPassing),
            new ReportFigure("regressions", "Regressions this week", FigureUnit.Count, regressions, null),
        ];

        static ReportFigure Figure(string key, string label, FigureUnit unit, WeeklyFigure figure) => new(key, label, unit, figure.Now, figure.WeekEarlier);
    }

    private static ReportDriver DriverRowOf(History h, DriverInfo d)
    {
        h.Now.TryGetValue(d.Id, out var now);
        h.Before.TryGetValue(d.Id, out var before);
        return new ReportDriver(
            d.Id,
            d.Name,
            d.RepositoryName,
            h.TeamAt(d, h.AsOf)?.Name,
            d.Language switch { DriverLanguage.Cpp => "C++", DriverLanguage.Rust => "Rust", _ => "C" },
            d.Model.ToString().ToUpperInvariant() switch { "UNKNOWN" => "Unknown", "EXPORTDRIVER" => "Export driver", "MINIPORT" => "Miniport", var m => m },
            h.StageAt(d, h.AsOf).DisplayName(),
            h.CounterpartAt(d, h.AsOf)?.Name,
            DateOnly.FromDateTime(d.FirstSeenAt),
            now?.CommitId,
            now?.Readiness,
            before?.Readiness,
            now is { Band: not ReadinessBand.None } ? BandName(now.Band) : null,
            now?.UnsafeShare,
            before?.UnsafeShare,
            now?.CLines ?? 0,
            before?.CLines,
            now?.RustLines ?? 0,
            before?.RustLines,
            h.BuildAt(d, h.AsOf),
            h.BuildAt(d, h.WeekStartUtc.AddTicks(-1)));
    }

    public static string BandName(ReadinessBand band) => band switch
    {
        ReadinessBand.Ready => "Ready",
        ReadinessBand.NeedsWork => "Needs work",
        ReadinessBand.Blocked => "Blocked",
        _ => "Not scored",
    };

    private static List<ReportTeam> TeamsOf(History h, List<DriverInfo> inScope, List<ReportDriver> rows, List<ReportRegression> regressions)
    {
        var rowById = rows.ToDictionary(r => r.Id);
        var regressed = regressions.Where(r => r.DriverId is not null).GroupBy(r => r.DriverId!.Value).ToDictionary(g => g.Key, g => g.Count());

        // A C driver retired beside its port has no row but counts as migrated, as in the headline figures.
        return [.. inScope
            .Where(d => rowById.ContainsKey(d.Id) || h.IsMigratedAt(d, h.AsOf))
            .GroupBy(d => h.TeamAt(d, h.AsOf))
            .Select(g =>
            {
                var teamRows = g.Where(d => rowById.ContainsKey(d.Id)).Select(d => rowById[d.Id]).ToList();
                var c = teamRows.Where(r => r.Language != "Rust").ToList();
                var rust = teamRows.Where(r => r.Language == "Rust").ToList();
                long cLines = teamRows.Sum(r => (long)r.CCodeLines), rustLines = teamRows.Sum(r => (long)r.RustCodeLines);
                var unsafeShares = rust.Where(r => r.UnsafeShare is not null).Select(r => r.UnsafeShare!.Value).ToList();
                return new ReportTeam(
                    g.Key?.Name ?? "No team",
                    g.Key?.Slug,
                    teamRows.Count,
                    c.Count,
                    rust.Count,
                    g.Count(d => h.HasPortAt(d, h.AsOf)),
                    g.Count(d => h.IsMigratedAt(d, h.AsOf)),
                    cLines,
                    rustLines,
                    cLines + rustLines == 0 ? null : rustLines / (double)(cLines + rustLines),
                    TeamQueries.Median(c.Where(r => r.Readiness is not null).Select(r => r.Readiness!.Value)),
                    unsafeShares.Count == 0 ? null : unsafeShares.Average(),
                    teamRows.Sum(r => regressed.GetValueOrDefault(r.Id)));
            })
            .OrderBy(t => t.Slug is null)
            .ThenBy(t => t.Name, StringComparer.OrdinalIgnoreCase)];
    }

    private static List<ReportMover> MoversOf(List<ReportDriver> drivers)
    {
        var movers = new List<ReportMover>();
        movers.AddRange(drivers
            .Where(d => d.ReadinessChange is { } change && change != 0)
            .OrderByDescending(d => Math.Abs(d.ReadinessChange!.Value)).ThenBy(d => d.Name, StringComparer.OrdinalIgnoreCase)
            .Take(MoversPerMeasure)
            .Select(d => new ReportMover(d.Id, d.Name, d.Repository, "Readiness", FigureUnit.Score, d.ReadinessBefore!.Value, d.Readiness!.Value)));
        movers.AddRange(drivers
            .Where(d => d.CCodeLinesChange < 0)
            .OrderBy(d => d.CCodeLinesChange).ThenBy(d => d.Name, StringComparer.OrdinalIgnoreCase)
            .Take(MoversPerMeasure)
            .Select(d => new ReportMover(d.Id, d.Name, d.Repository, "C/C++ lines removed", FigureUnit.Lines, d.CCodeLinesBefore!.Value, d.CCodeLines)));
        movers.AddRange(drivers
            .Where(d => d.RustCodeLinesChange > 0)
            .OrderByDescending(d => d.RustCodeLinesChange).ThenBy(d => d.Name, StringComparer.OrdinalIgnoreCase)
            .Take(MoversPerMeasure)
            .Select(d => new ReportMover(d.Id, d.Name, d.Repository, "Rust lines added", FigureUnit.Lines, d.RustCodeLinesBefore!.Value, d.RustCodeLines)));
        return movers;
    }

    private static List<ReportRegression> RegressionsOf(History h, WeeklyRegressions weekly, List<DriverInfo> inScope)
    {
        var rows = new List<ReportRegression>();
        rows.AddRange(weekly.ReadinessDown.Select(r => new ReportRegression(
            RegressionKind.ReadinessDown, r.DriverId, r.DriverName, r.RepositoryName, r.Before, r.After, null,
            $"Readiness fell from {ReportText.Value(r.Before, FigureUnit.Score)} to {ReportText.Value(r.After, FigureUnit.Score)}")));
        rows.AddRange(weekly.UnsafeShareUp.Select(r => new ReportRegression(
            RegressionKind.UnsafeShareUp, r.DriverId, r.DriverName, r.RepositoryName, r.Before, r.After, null,
            $"Unsafe share rose from {ReportText.Value(r.Before, FigureUnit.Share)} to {ReportText.Value(r.After, FigureUnit.Share)}")));
        rows.AddRange(weekly.BuildsBroken.Select(b => new ReportRegression(
            RegressionKind.BuildBroken, b.DriverId, b.DriverName, b.RepositoryName, null, null, b.FailedAt,
            FormattableString.Invariant($"Build {(b.BuildName is null ? "" : $"'{b.BuildName}' ")}failed on {b.FailedAt:yyyy-MM-dd} after passing before"))));
        rows.AddRange(inScope
            .Where(d => d.FirstSeenAt >= h.WeekStartUtc && d.FirstSeenAt <= h.AsOf && !(d.RemovedAt <= h.AsOf) && h.TeamAt(d, h.AsOf) is null)
            .OrderBy(d => d.Name, StringComparer.OrdinalIgnoreCase)
            .Select(d => new ReportRegression(
                RegressionKind.NewWithoutOwner, d.Id, d.Name, d.RepositoryName, null, null, d.FirstSeenAt,
                FormattableString.Invariant($"New driver first seen on {d.FirstSeenAt:yyyy-MM-dd} with no team: assign an owner"))));
        return rows;
    }

    private static List<ReportEvent> NewlyPaired(History h, List<DriverInfo> inScope)
    {
        var events = new List<ReportEvent>();
        foreach (var d in inScope.Where(d => h.HasPortAt(d, h.AsOf)))
        {
            var port = h.CounterpartAt(d, h.AsOf)!;
            if (h.HasPortAt(d, h.WeekEarlier) && h.CounterpartAt(d, h.WeekEarlier)!.Id == port.Id)
            {
                continue;
            }

            // Dated by the pairing by hand in the week, else by the later of the two first sightings.
            var byHand = h.Changes
                .Where(c => c.Field == "Counterpart" && c.ChangedAt >= h.WeekStartUtc && c.ChangedAt <= h.AsOf
                    && ((c.DriverId == d.Id && c.NewValue == port.Name) || (c.DriverId == port.Id && c.NewValue == d.Name)))
                .MaxBy(c => c.ChangedAt);
            var (at, how) = byHand is not null ? (byHand.ChangedAt, "paired by hand")
                : port.FirstSeenAt >= d.FirstSeenAt ? (port.FirstSeenAt, "Rust port first seen")
                : (d.FirstSeenAt, "paired");
            events.Add(new ReportEvent(d.Id, d.Name, d.RepositoryName, port.Name, DateOnly.FromDateTime(at),
                FormattableString.Invariant($"{port.Name} ({how} on {at:yyyy-MM-dd})")));
        }

        return [.. events.OrderBy(e => e.On).ThenBy(e => e.Driver, StringComparer.OrdinalIgnoreCase)];
    }

    private static List<ReportEvent> NewlyMigrated(History h, List<DriverInfo> inScope)
    {
        var events = new List<ReportEvent>();
        foreach (var d in inScope.Where(d => h.IsMigratedAt(d, h.AsOf) && !h.IsMigratedAt(d, h.WeekEarlier)))
        {
            var port = h.CounterpartAt(d, h.AsOf);
            var marked = h.Changes
                .Where(c => c.DriverId == d.Id && c.Field == "Stage" && c.NewValue == nameof(MigrationStage.Migrated) && c.ChangedAt >= h.WeekStartUtc && c.ChangedAt <= h.AsOf)
                .MaxBy(c => c.ChangedAt);
            if (marked is not null && h.StageAt(d, h.AsOf) == MigrationStage.Migrated)
            {
                events.Add(new ReportEvent(d.Id, d.Name, d.RepositoryName, port?.Name, DateOnly.FromDateTime(marked.ChangedAt), $"Marked {MigrationStage.Migrated.DisplayName()} by {marked.ChangedBy}"));
            }
            else if (port is not null && d.RemovedAt is { } removed && removed >= h.WeekStartUtc)
            {
                events.Add(new ReportEvent(d.Id, d.Name, d.RepositoryName, port.Name, DateOnly.FromDateTime(removed),
                    FormattableString.Invariant($"C/C++ project removed on {removed:yyyy-MM-dd}; its Rust port {port.Name} carries on")));
            }
            else if (port is not null && d.RemovedAt is not null)
            {
                events.Add(new ReportEvent(d.Id, d.Name, d.RepositoryName, port.Name, DateOnly.FromDateTime(port.FirstSeenAt),
                    FormattableString.Invariant($"Rust port {port.Name} first seen on {port.FirstSeenAt:yyyy-MM-dd}; the C/C++ project was already removed")));
            }
            else
            {
                // First seen in the week already marked Migrated.
                events.Add(new ReportEvent(d.Id, d.Name, d.RepositoryName, port?.Name, DateOnly.FromDateTime(d.FirstSeenAt), "Marked Migrated"));
            }
        }

        return [.. events.OrderBy(e => e.On).ThenBy(e => e.Driver, StringComparer.OrdinalIgnoreCase)];
    }

    private async Task<History> LoadAsync(DateOnly weekStart, CancellationToken cancellationToken)
    {
        weekStart = ReportWeek.StartOf(weekStart);
        var startUtc = ReportWeek.StartUtc(weekStart);
        var now = clock.GetUtcNow().UtcDateTime;
        if (startUtc > now)
        {
            throw new ArgumentOutOfRangeException(nameof(weekStart), weekStart, $"The week of {weekStart:yyyy-MM-dd} has not started yet.");
        }

        var asOf = ReportWeek.EndUtc(weekStart) < now ? ReportWeek.EndUtc(weekStart) : now;
        var before = startUtc.AddTicks(-1);

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var teams = await db.Teams.AsNoTracking().Select(t => new TeamRow(t.Id, t.Name, t.Slug)).ToListAsync(cancellationToken);
        var drivers = await db.Drivers.AsNoTracking()
            .Select(d => new DriverInfo(d.Id, d.Name, d.RepositoryId, d.Repository!.Name, d.TeamId, d.Language, d.Model, d.Stage, d.CounterpartId, d.FirstSeenAt, d.RemovedAt))
            .ToListAsync(cancellationToken);

        // Changes made after the week began are undone to read the state at its start and end.
        var changes = await db.DriverChanges.AsNoTracking()
            .Where(c => c.ChangedAt > before)
            .Select(c => new ChangeRow(c.Id, c.DriverId, c.Field, c.OldValue, c.NewValue, c.ChangedBy, c.ChangedAt))
            .ToListAsync(cancellationToken);
        var nowFigures = await PortfolioQueries.LatestAsOfAsync(db, asOf, cancellationToken);
        var beforeFigures = await PortfolioQueries.LatestAsOfAsync(db, before, cancellationToken);
        var builds = await PortfolioQueries.LoadBuildsAsync(db, before - BuildLookback, asOf, cancellationToken);
        var commits = await db.Snapshots.AsNoTracking()
            .Where(s => nowFigures.Values.Select(f => f.Id).Contains(s.Id))
            .Select(s => new { s.DriverId, s.CommitId })
            .ToDictionaryAsync(s => s.DriverId, s => s.CommitId, cancellationToken);

        var history = new History(weekStart, startUtc, asOf, teams, drivers, changes,
            nowFigures.ToDictionary(kv => kv.Key, kv => Figures.Of(kv.Value, commits.GetValueOrDefault(kv.Key))),
            beforeFigures.ToDictionary(kv => kv.Key, kv => Figures.Of(kv.Value, null)),
            builds);
        return history;
    }

    private sealed record TeamRow(int Id, string Name, string Slug);

    private sealed record DriverInfo(
        int Id, string Name, int RepositoryId, string RepositoryName, int? TeamId, DriverLanguage Language, DriverModel Model,
        MigrationStage Stage, int? CounterpartId, DateTime FirstSeenAt, DateTime? RemovedAt);

    private sealed record ChangeRow(long Id, int DriverId, string Field, string? OldValue, string? NewValue, string ChangedBy, DateTime ChangedAt);

    private sealed record Figures(string? CommitId, int CLines, int RustLines, double? UnsafeShare, double? Readiness, ReadinessBand Band)
    {
        public static Figures Of(PortfolioQueries.SnapshotFigures f, string? commitId) =>
            new(commitId is null ? null : commitId[..Math.Min(12, commitId.Length)], f.CLines, f.RustLines, f.UnsafeShare, f.Readiness, f.Band);
    }

    /// <summary>Everything a week's reports are built from, read once for all scopes.</summary>
    private sealed class History
    {
        private readonly Dictionary<int, List<ChangeRow>> changesByDriver;
        private readonly Dictionary<string, TeamRow> teamsByName;
        private readonly Dictionary<int, TeamRow> teamsById;
        private readonly ILookup<int, PortfolioQueries.BuildRow> buildsByRepository;
        private readonly Dictionary<DateTime, Dictionary<int, int?>> _counterpartsAt = [];

        public History(
            DateOnly weekStart, DateTime weekStartUtc, DateTime asOf, List<TeamRow> teams, List<DriverInfo> drivers, List<ChangeRow> changes,
            Dictionary<int, Figures> now, Dictionary<int, Figures> before, List<PortfolioQueries.BuildRow> builds)
        {
            WeekStart = weekStart;
            WeekStartUtc = weekStartUtc;
            AsOf = asOf;
            Teams = teams;
            Drivers = drivers;
            Changes = changes;
            Now = now;
            Before = before;
            buildsByRepository = builds.ToLookup(b => b.RepositoryId);
            ById = drivers.ToDictionary(d => d.Id);
            teamsById = teams.ToDictionary(t => t.Id);
            teamsByName = teams.GroupBy(t => t.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

            // Newest first: undoing them in that order walks back in time.
            changesByDriver = changes.GroupBy(c => c.DriverId)
                .ToDictionary(g => g.Key, g => g.OrderByDescending(c => c.ChangedAt).ThenByDescending(c => c.Id).ToList());
            StagesAt = drivers
                .Select(d => (d.Id, Stage: StageAt(d, asOf)))
                .Where(x => x.Stage != ById[x.Id].Stage)
                .ToDictionary(x => x.Id, x => x.Stage);
        }

        public DateOnly WeekStart { get; }

        public DateTime WeekStartUtc { get; }

        public DateTime AsOf { get; }

        /// <summary>The last instant of the week before: what the week is compared with.</summary>
        public DateTime WeekEarlier => WeekStartUtc.AddTicks(-1);

        public List<TeamRow> Teams { get; }

        public List<DriverInfo> Drivers { get; }

        public List<ChangeRow> Changes { get; }

        public Dictionary<int, DriverInfo> ById { get; }

        public Dictionary<int, Figures> Now { get; }

        public Dictionary<int, Figures> Before { get; }

        /// <summary>Stages at the end of the week that differ from today's.</summary>
        public Dictionary<int, MigrationStage> StagesAt { get; }

        public MigrationStage StageAt(DriverInfo driver, DateTime time)
        {
            var (changed, value) = ValueAt(driver.Id, "Stage", time);
            return changed && Enum.TryParse<MigrationStage>(value, out var stage) ? stage : driver.Stage;
        }

        public static bool IsTrackedAt(DriverInfo driver, DateTime time) => driver.FirstSeenAt <= time && !(driver.RemovedAt <= time);

        /// <summary>The driver's counterpart at <paramref name="time"/>, if it had been seen by then.</summary>
        public DriverInfo? CounterpartAt(DriverInfo driver, DateTime time) =>
            CounterpartsAt(time).GetValueOrDefault(driver.Id) is { } id && ById.TryGetValue(id, out var counterpart) && counterpart.FirstSeenAt <= time
                ? counterpart
                : null;

        /// <summary>A C/C++ driver present at <paramref name="time"/> whose Rust port existed by then.</summary>
        public bool HasPortAt(DriverInfo driver, DateTime time) =>
            driver.Language != DriverLanguage.Rust && IsTrackedAt(driver, time) && CounterpartAt(driver, time) is not null;

        /// <summary>
        /// A C/C++ driver marked Migrated at <paramref name="time"/>, or removed by then beside its Rust port:
        /// the portfolio's definition, with the stage and pairing of that time.
        /// </summary>
        public bool IsMigratedAt(DriverInfo driver, DateTime time) =>
            driver.Language != DriverLanguage.Rust
            && driver.FirstSeenAt <= time
            && (StageAt(driver, time) == MigrationStage.Migrated || (driver.RemovedAt <= time && CounterpartAt(driver, time) is not null));

        public TeamRow? TeamAt(DriverInfo driver, DateTime time)
        {
            var (changed, name) = ValueAt(driver.Id, "Team", time);
            if (!changed)
            {
                return driver.TeamId is { } id ? teamsById.GetValueOrDefault(id) : null;
            }

            return name is null ? null : teamsByName.GetValueOrDefault(name);
        }

        public BuildHealth BuildAt(DriverInfo driver, DateTime time)
        {
            PortfolioQueries.BuildRow? own = null, repository = null;
            foreach (var b in buildsByRepository[driver.RepositoryId])
            {
                if (b.At > time || b.At <= time - BuildLookback)
                {
                    continue;
                }

                if (b.DriverId == driver.Id && (own is null || (b.At, b.Id).CompareTo((own.At, own.Id)) > 0))
                {
                    own = b;
                }
                else if (b.DriverId is null && (repository is null || (b.At, b.Id).CompareTo((repository.At, repository.Id)) > 0))
                {
                    repository = b;
                }
            }

            return (own ?? repository)?.Status switch
            {
                BuildStatus.Succeeded => BuildHealth.Passing,
                BuildStatus.Failed => BuildHealth.Failing,
                _ => BuildHealth.Unknown,
            };
        }

        /// <summary>
        /// Every driver's counterpart id at <paramref name="time"/>: today's, with the pairings made by hand since undone.
        /// A pairing is logged by name on every driver it touches (older ones on the driver edited only, though they also
        /// paired the counterpart and unpaired former partners); undoing one restores the logged pair, so an older one
        /// leaves the other partner unpaired.
        /// </summary>
        private Dictionary<int, int?> CounterpartsAt(DateTime time)
        {
            if (_counterpartsAt.TryGetValue(time, out var cached))
            {
                return cached;
            }

            var pairs = Drivers.ToDictionary(d => d.Id, d => d.CounterpartId);
            foreach (var change in Changes.Where(c => c.Field == "Counterpart" && c.ChangedAt > time).OrderByDescending(c => c.ChangedAt).ThenByDescending(c => c.Id))
            {
                if (!ById.TryGetValue(change.DriverId, out var driver))
                {
                    continue;
                }

                if (PartnerNamed(change.NewValue, driver) is { } newer && pairs.GetValueOrDefault(newer.Id) == driver.Id)
                {
                    pairs[newer.Id] = null;
                }

                var older = PartnerNamed(change.OldValue, driver);
                pairs[driver.Id] = older?.Id;
                if (older is not null)
                {
                    pairs[older.Id] = driver.Id;
                }
            }

            _counterpartsAt[time] = pairs;
            return pairs;
        }

        /// <summary>The driver of the other language family with that name, preferring one in the same repository.</summary>
        private DriverInfo? PartnerNamed(string? name, DriverInfo driver) => name is null
            ? null
            : Drivers
                .Where(d => d.Name == name && (d.Language == DriverLanguage.Rust) != (driver.Language == DriverLanguage.Rust))
                .OrderBy(d => d.RepositoryId == driver.RepositoryId ? 0 : 1)
                .ThenBy(d => d.Id)
                .FirstOrDefault();

        /// <summary>The field's value at <paramref name="time"/> when a change after it has to be undone.</summary>
        private (bool Changed, string? Value) ValueAt(int driverId, string field, DateTime time)
        {
            if (!changesByDriver.TryGetValue(driverId, out var list))
            {
                return (false, null);
            }

            (bool, string?) result = (false, null);
            foreach (var change in list)
            {
                if (change.ChangedAt <= time)
                {
                    break;
                }

                if (change.Field == field)
                {
                    result = (true, change.OldValue);
                }
            }

            return result;
        }
    }
}

/// <summary>A report was asked for a team that does not exist.</summary>
public sealed class UnknownScopeException(string scope)
    : Exception($"There is no team '{scope}'. Use a team's slug as shown on the Teams page, or leave the team out for the whole organisation.")
{
    public string Scope { get; } = scope;
}
