using System.Diagnostics;
using System.Globalization;
using MigrationTracker.Core.Data;
using MigrationTracker.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace MigrationTracker.Core.Portfolio;

/// <summary>Size and shape of a synthetic portfolio.</summary>
public sealed record DemoPortfolioOptions(int Teams = 4, int Repositories = 8, int Drivers = 120, int Weeks = 52, int Seed = 20_261)
{
    /// <summary>The benchmark's portfolio: 2,000 drivers in 40 repositories with two years of weekly snapshots.</summary>
    public static DemoPortfolioOptions Benchmark => new(Teams: 10, Repositories: 40, Drivers: 2_000, Weeks: 104);
}

/// <summary>What a seeding wrote, and how long it took.</summary>
public sealed record DemoPortfolioResult(int Teams, int Repositories, int Drivers, int Snapshots, int Builds, TimeSpan Elapsed);

/// <summary>
/// Writes a synthetic portfolio straight into the database: C drivers that slowly gain Rust ports, readiness
/// that rises, unsafe share that falls, weekly snapshots and builds. The same seed gives the same portfolio.
/// Only an empty database is seeded, so demo figures never mix with real ones.
/// </summary>
public sealed class DemoPortfolio(IDbContextFactory<TrackerDbContext> contextFactory, TimeProvider timeProvider)
{
    private const int ChunkSize = 5_000;

    private static readonly string[] Frameworks = ["KMDF", "NDIS", "Minifilter", "Storport", "WDM", "UMDF"];
    private static readonly string[] Devices = ["usb", "pci", "nvme", "wifi", "audio", "hid", "gpio", "i2c", "spi", "serial", "bth", "sensor", "camera", "storage", "net"];

    public async Task<DemoPortfolioResult> SeedAsync(DemoPortfolioOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Teams < 1 || options.Repositories < 1 || options.Drivers < 1 || options.Weeks < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options, "A demo portfolio needs at least one team, repository, driver and week.");
        }

        var stopwatch = Stopwatch.StartNew();
        var random = new Random(options.Seed);
        var now = timeProvider.GetUtcNow().UtcDateTime;
        var firstWeek = PortfolioQueries.WeekStartOf(now).AddDays(-7 * (options.Weeks - 1));

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Repositories.AnyAsync(cancellationToken))
        {
            throw new InvalidOperationException("The database already tracks repositories; the demo portfolio is only written into an empty database.");
        }

        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var teams = Enumerable.Range(1, options.Teams)
            .Select(i => new Team { Name = $"Demo team {i}", Slug = $"demo-team-{i}", CreatedAt = firstWeek })
            .ToList();
        db.Teams.AddRange(teams);
        await db.SaveChangesAsync(cancellationToken);

        var repositories = Enumerable.Range(1, options.Repositories)
            .Select(i => new Repository
            {
                Name = $"demo-drivers-{i:D2}",
                Kind = RepositoryKind.LocalPath,
                Location = $"demo://drivers-{i:D2}",
                DefaultBranch = "main",
                TeamId = teams[(i - 1) % teams.Count].Id,
                Status = RepositoryStatus.Ok,
                LastSyncedAt = now,
                CreatedAt = firstWeek,
            })
            .ToList();
        db.Repositories.AddRange(repositories);
        await db.SaveChangesAsync(cancellationToken);

        var plans = PlanDrivers(options, random, repositories, firstWeek, now);
        foreach (var chunk in plans.Chunk(ChunkSize))
        {
            db.Drivers.AddRange(chunk.Select(p => p.Driver));
            await db.SaveChangesAsync(cancellationToken);
        }

        // Pairs are linked once both ends have ids.
        foreach (var plan in plans.Where(p => p.Port is not null))
        {
            plan.Driver.CounterpartId = plan.Port!.Driver.Id;
            plan.Port.Driver.CounterpartId = plan.Driver.Id;
            db.Entry(plan.Driver).Property(d => d.CounterpartId).IsModified = true;
            db.Entry(plan.Port.Driver).Property(d => d.CounterpartId).IsModified = true;
        }

        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();

        var snapshots = 0;
        var batch = new List<Snapshot>(ChunkSize);
        for (var week = 0; week < options.Weeks; week++)
        {
            foreach (var plan in plans)
            {
                if (plan.SnapshotAt(week, firstWeek, now) is { } snapshot)
                {
                    batch.Add(snapshot);
                }

                if (batch.Count == ChunkSize)
                {
                    snapshots += await FlushAsync(db, batch, cancellationToken);
                }
            }
        }

        snapshots += await FlushAsync(db, batch, cancellationToken);
        var builds = await SeedBuildsAsync(db, random, repositories, plans, firstWeek, now, options.Weeks, cancellationToken);

        await transaction.CommitAsync(cancellationToken);
        return new DemoPortfolioResult(teams.Count, repositories.Count, plans.Count, snapshots, builds, stopwatch.Elapsed);
    }

    private static async Task<int> FlushAsync(TrackerDbContext db, List<Snapshot> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return 0;
        }

        db.Snapshots.AddRange(batch);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        var written = batch.Count;
        batch.Clear();
        return written;
    }

    private static List<DriverPlan> PlanDrivers(DemoPortfolioOptions options, Random random, List<Repository> repositories, DateTime firstWeek, DateTime now)
    {
        var plans = new List<DriverPlan>(options.Drivers);
        var index = 0;
        while (plans.Count < options.Drivers)
        {
            index++;
            var repository = repositories[random.Next(repositories.Count)];
            var name = $"{Devices[random.Next(Devices.Length)]}{index:D4}";
            var framework = Frameworks[random.Next(Frameworks.Length)];
            var startLines = random.Next(1_500, 30_000);
            var c = new DriverPlan(
                new Driver
                {
                    RepositoryId = repository.Id,
                    ProjectPath = $"drivers/{name}/{name}.vcxproj",
                    Name = name,
                    Language = random.NextDouble() < 0.2 ? DriverLanguage.Cpp : DriverLanguage.C,
                    Model = DriverModel.Kmdf,
                    Framework = framework,
                    TeamId = repository.TeamId,
                    FirstSeenAt = firstWeek,
                },
                repository,
                IsRust: false,
                FirstWeek: 0,
                StartLines: startLines,
                StartScore: 15 + (random.NextDouble() * 55),
                ScorePerWeek: 0.1 + (random.NextDouble() * 0.5),
                Noise: random.Next());
            plans.Add(c);

            // About half of the C drivers gain a Rust port somewhere in the range; some finish and retire the C driver.
            if (plans.Count < options.Drivers && random.NextDouble() < 0.55)
            {
                var portWeek = random.Next(0, Math.Max(1, options.Weeks - 2));
                var portedOver = random.Next(12, 60);
                var rust = new DriverPlan(
                    new Driver
                    {
                        RepositoryId = repository.Id,
                        ProjectPath = $"drivers/{name}-rs/Cargo.toml",
                        Name = $"{name}-rs",
                        Language = DriverLanguage.Rust,
                        Model = DriverModel.Kmdf,
                        Framework = framework,
                        TeamId = repository.TeamId,
                        PairingSource = PairingSource.Suggested,
                        Stage = MigrationStage.InProgress,
                        FirstSeenAt = firstWeek.AddDays(7 * portWeek),
                    },
                    repository,
                    IsRust: true,
                    FirstWeek: portWeek,
                    StartLines: startLines,
                    StartScore: 0.2 + (random.NextDouble() * 0.3),
                    ScorePerWeek: 0.002 + (random.NextDouble() * 0.004),
                    Noise: random.Next()) { PortedOverWeeks = portedOver };
                c.Driver.PairingSource = PairingSource.Suggested;
                c.Driver.Stage = MigrationStage.InProgress;
                c.Port = rust;
                c.PortWeek = portWeek;
                c.PortedOverWeeks = portedOver;
                var doneWeek = portWeek + portedOver;
                if (doneWeek < options.Weeks)
                {
                    c.Driver.Stage = MigrationStage.Migrated;
                    rust.Driver.Stage = MigrationStage.Migrated;
                    c.Driver.RemovedAt = Min(firstWeek.AddDays((7 * doneWeek) + 3), now);
                }

                plans.Add(rust);
            }
            else if (random.NextDouble() < 0.05)
            {
                c.Driver.Stage = MigrationStage.WontMigrate;
            }
        }

        return plans;
    }

    private static async Task<int> SeedBuildsAsync(
        TrackerDbContext db, Random random, List<Repository> repositories, List<DriverPlan> plans, DateTime firstWeek, DateTime now, int weeks, CancellationToken cancellationToken)
    {
        var builds = new List<BuildResult>();
        var recentStart = firstWeek.AddDays(7 * Math.Max(0, weeks - 4));
        foreach (var repository in repositories)
        {
            // A weekly build of the whole repository, daily over the last four weeks; a few fail.
            var failing = false;
            for (var day = firstWeek.AddHours(18); day <= now; day = day.AddDays(day >= recentStart ? 1 : 7))
            {
                failing = failing ? random.NextDouble() < 0.5 : random.NextDouble() < 0.08;
                builds.Add(Build(repository, null, day, failing, builds.Count));
            }
        }

        // Rust ports build on their own in the last two weeks.
        var recentDrivers = plans.Where(p => p.IsRust && p.Driver.RemovedAt is null).Take(200);
        foreach (var plan in recentDrivers)
        {
            var day = Max(PortfolioQueries.WeekStartOf(now).AddDays(-7).AddHours(20), plan.Driver.FirstSeenAt);
            for (var failing = false; day <= now; day = day.AddDays(2))
            {
                failing = failing ? random.NextDouble() < 0.5 : random.NextDouble() < 0.1;
                builds.Add(Build(plan.Repository, plan.Driver.Id, day, failing, builds.Count));
            }
        }

        foreach (var chunk in builds.Chunk(ChunkSize))
        {
            db.BuildResults.AddRange(chunk);
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        return builds.Count;
    }

    private static BuildResult Build(Repository repository, int? driverId, DateTime at, bool failed, int number) => new()
    {
        RepositoryId = repository.Id,
        DriverId = driverId,
        CommitId = CommitId(repository.Id, number),
        Source = BuildSource.Api,
        ExternalId = $"demo-{number.ToString(CultureInfo.InvariantCulture)}",
        Name = driverId is null ? "build all drivers" : "build driver",
        Status = failed ? BuildStatus.Failed : BuildStatus.Succeeded,
        StartedAt = at.AddMinutes(-12),
        CompletedAt = at,
        ReceivedAt = at,
    };

    private static string CommitId(int repositoryId, int number) =>
        string.Create(CultureInfo.InvariantCulture, $"{repositoryId:x8}{number:x8}").PadRight(40, '0');

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    /// <summary>How one synthetic driver moves week by week.</summary>
    private sealed record DriverPlan(Driver Driver, Repository Repository, bool IsRust, int FirstWeek, int StartLines, double StartScore, double ScorePerWeek, int Noise)
    {
        public DriverPlan? Port { get; set; }

        public int PortWeek { get; set; }

        public int PortedOverWeeks { get; set; }

        public Snapshot? SnapshotAt(int week, DateTime firstWeek, DateTime now)
        {
            var commitTime = firstWeek.AddDays((7 * week) + 2).AddMinutes(Repository.Id);
            if (week < FirstWeek || commitTime > now || Driver.RemovedAt <= commitTime)
            {
                return null;
            }

            // A small deterministic wobble per driver and week, so some weeks go backwards.
            var wobble = (((Noise ^ (week * 7919)) & 0xFF) / 255.0) - 0.5;
            var commit = CommitId(Repository.Id, 1_000_000 + week);
            var snapshot = new Snapshot
            {
                DriverId = Driver.Id,
                CommitId = commit,
                CommitTime = commitTime,
                AnalyzedAt = commitTime,
                MetricsJson = "{}",
                ScoringPolicyVersion = 1,
            };

            if (IsRust)
            {
                var progress = Math.Min(1.0, (week - FirstWeek + 1) / (double)PortedOverWeeks);
                var lines = (int)(StartLines * 0.8 * (0.1 + (0.9 * progress)));
                var share = Math.Clamp(StartScore - (ScorePerWeek * (week - FirstWeek)) + (wobble * 0.02), 0.01, 0.9);
                snapshot.FileCount = 3 + (lines / 800);
                snapshot.RustCodeLines = lines;
                snapshot.UnsafeLines = (int)(lines * share);
                snapshot.UnsafeShare = lines == 0 ? null : snapshot.UnsafeLines / (double)lines;
                snapshot.ReadinessBand = ReadinessBand.None;
                return snapshot;
            }

            // A C driver grows slowly until its port starts, then shrinks as code moves to Rust.
            var remaining = Port is null || week < PortWeek
                ? 1.0 + (week * 0.001)
                : Math.Max(0.3, 1.0 - (0.7 * (week - PortWeek + 1) / PortedOverWeeks));
            var code = (int)(StartLines * remaining);
            var score = Math.Clamp(StartScore + (ScorePerWeek * week) + (wobble * 6), 0, 100);
            snapshot.FileCount = 4 + (code / 600);
            if (Driver.Language == DriverLanguage.Cpp)
            {
                snapshot.CppCodeLines = (int)(code * 0.8);
            }
            else
            {
                snapshot.CCodeLines = (int)(code * 0.8);
            }

            snapshot.HeaderCodeLines = code - snapshot.CCodeLines - snapshot.CppCodeLines;
            snapshot.ReadinessScore = Math.Round(score, 1);
            snapshot.ReadinessBand = score >= 70 ? ReadinessBand.Ready : score >= 40 ? ReadinessBand.NeedsWork : ReadinessBand.Blocked;
            return snapshot;
        }
    }
}
