using System.Globalization;
using System.Text.Json;
using MigrationTracker.Core.Analysis;
using MigrationTracker.Core.Analysis.Scanning;
using MigrationTracker.Core.Data;
using MigrationTracker.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace MigrationTracker.Workers.Sync;

/// <summary>What one commit's write changed.</summary>
public sealed record SnapshotWriteResult(int SnapshotsAdded, int DriversAdded, int DriversRemoved);

/// <summary>
/// Stores what a scan found at one commit: drivers created or updated (identity from the newest
/// commit seen, first-seen from the oldest, removal when a newer commit no longer has them), one
/// snapshot per driver with its detail stored once per distinct content, and pairing suggestions.
/// Writing the same commit again changes nothing. One writer per job: it keeps what it learned of
/// the repository between commits.
/// </summary>
public sealed class SnapshotWriter(IDbContextFactory<TrackerDbContext> contextFactory, SnapshotStore snapshots, TimeProvider clock)
{
    private readonly Dictionary<string, (int Id, DateTime? Latest)> _drivers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _knownDetails = new(StringComparer.Ordinal);
    private int? _repositoryId;

    // A driver unchanged since the previous commit comes back from the analyser with the same result objects: reuse its detail.
    private readonly Dictionary<string, (object? Result, DriverCode Code, string Hash)> _details = new(StringComparer.Ordinal);

    public async Task<SnapshotWriteResult> WriteAsync(Repository repository, CommitPoint commit, ScanReport report, int policyVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(report);
        if (_repositoryId != repository.Id)
        {
            await LoadAsync(repository.Id, cancellationToken);
        }

        var newest = _drivers.Count == 0 || _drivers.Values.All(d => d.Latest is null || commit.CommitTime >= d.Latest);
        var (added, removed) = await UpsertDriversAsync(repository, commit, report, cancellationToken);

        var rows = new List<Snapshot>(report.Drivers.Count);
        var details = new Dictionary<string, string>(StringComparer.Ordinal);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var driver in report.Drivers)
        {
            object? result = (object?)driver.Readiness ?? driver.Unsafe;
            string hash;
            if (_details.TryGetValue(driver.Path, out var known) && result is not null && ReferenceEquals(known.Result, result) && known.Code == driver.Code)
            {
                hash = known.Hash;
            }
            else
            {
                var json = DriverDetail.Of(driver).ToJson();
                hash = DriverDetail.HashOf(json);
                details[hash] = json;
                _details[driver.Path] = (result, driver.Code, hash);
            }

            rows.Add(ToSnapshot(_drivers[driver.Path].Id, commit, driver, hash, policyVersion, now));
        }

        await StoreDetailsAsync(details, cancellationToken);
        var written = await snapshots.AddMissingAsync(rows, cancellationToken);

        foreach (var driver in report.Drivers)
        {
            var known = _drivers[driver.Path];
            if (known.Latest is null || commit.CommitTime > known.Latest)
            {
                _drivers[driver.Path] = (known.Id, commit.CommitTime);
            }
        }

        if (newest)
        {
            await SuggestPairsAsync(report, cancellationToken);
        }

        await RecordScanAsync(repository.Id, commit, report.Drivers.Count, now, cancellationToken);
        return new SnapshotWriteResult(written, added, removed);
    }

    /// <summary>
    /// Dates each driver from the commits scanned so far: first seen at its oldest snapshot, removed at
    /// the first scanned commit after its newest snapshot (none: still there). Run after a sync or a
    /// backfill, whatever order the commits were scanned in and however often.
    /// </summary>
    public async Task RefreshLifetimesAsync(int repositoryId, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        await context.Drivers
            .Where(d => d.RepositoryId == repositoryId && d.Snapshots.Any())
            .ExecuteUpdateAsync(
                set => set
                    .SetProperty(d => d.FirstSeenAt, d => d.Snapshots.Min(s => s.CommitTime))
                    .SetProperty(d => d.RemovedAt, d => context.ScannedCommits
                        .Where(c => c.RepositoryId == repositoryId && c.CommitTime > d.Snapshots.Max(s => s.CommitTime))
                        .Min(c => (DateTime?)c.CommitTime)),
                cancellationToken);
    }

    private async Task RecordScanAsync(int repositoryId, CommitPoint commit, int drivers, DateTime now, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (await context.ScannedCommits.AnyAsync(c => c.RepositoryId == repositoryId && c.CommitId == commit.Sha, cancellationToken))
        {
            return;
        }

        context.ScannedCommits.Add(new ScannedCommit { RepositoryId = repositoryId, CommitId = commit.Sha, CommitTime = commit.CommitTime, DriverCount = drivers, ScannedAt = now });
        try
        {
            await context.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Recorded by another worker scanning the same commit: once is enough. Anything else (a full disk, a lock
            // past its timeout) must fail the job: a scanned commit left unrecorded dates removals wrongly and is never scanned again.
            await using var check = await contextFactory.CreateDbContextAsync(cancellationToken);
            if (!await check.ScannedCommits.AnyAsync(c => c.RepositoryId == repositoryId && c.CommitId == commit.Sha, cancellationToken))
            {
                throw;
            }
        }
    }

    private async Task LoadAsync(int repositoryId, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var drivers = await context.Drivers.AsNoTracking()
            .Where(d => d.RepositoryId == repositoryId)
            .Select(d => new { d.Id, d.ProjectPath, Latest = d.Snapshots.Max(s => (DateTime?)s.CommitTime) })
            .ToListAsync(cancellationToken);
        _drivers.Clear();
        foreach (var driver in drivers)
        {
            _drivers[driver.ProjectPath] = (driver.Id, driver.Latest);
        }

        _knownDetails.Clear();
        _repositoryId = repositoryId;
    }

    private async Task<(int Added, int Removed)> UpsertDriversAsync(Repository repository, CommitPoint commit, ScanReport report, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var found = report.Drivers.ToDictionary(d => d.Path, StringComparer.Ordinal);
        var touched = report.Drivers.Where(d => !_drivers.TryGetValue(d.Path, out var known) || known.Latest is null || commit.CommitTime >= known.Latest)
            .Select(d => d.Path)
            .Concat(_drivers.Where(d => !found.ContainsKey(d.Key) && d.Value.Latest is { } latest && commit.CommitTime > latest).Select(d => d.Key))
            .ToHashSet(StringComparer.Ordinal);
        if (touched.Count == 0)
        {
            return (0, 0); // an older commit of known drivers: nothing about them changes
        }

        var tracked = await context.Drivers
            .Where(d => d.RepositoryId == repository.Id && touched.Contains(d.ProjectPath))
            .ToDictionaryAsync(d => d.ProjectPath, StringComparer.Ordinal, cancellationToken);

        var adding = new List<string>();
        var removed = 0;
        DateTime? LatestOf(string path) => _drivers.TryGetValue(path, out var d) ? d.Latest : null;
        foreach (var entry in report.Drivers.Where(d => touched.Contains(d.Path)))
        {
            if (!tracked.TryGetValue(entry.Path, out var driver))
            {
                driver = new Driver
                {
                    RepositoryId = repository.Id,
                    ProjectPath = entry.Path,
                    Name = entry.Name,
                    TeamId = repository.TeamId,
                    FirstSeenAt = commit.CommitTime,
                };
                context.Drivers.Add(driver);
                tracked[entry.Path] = driver;
                adding.Add(entry.Path);
            }

            if (touched.Contains(entry.Path))
            {
                // The newest commit names the driver: an older commit in a backfill must not rename it back.
                driver.Name = entry.Name;
                driver.Language = entry.Language;
                driver.Model = entry.Model;
                driver.Framework = entry.Framework == DriverFramework.None ? null : entry.Framework.ToString();
                if (driver.Id != 0 && (LatestOf(entry.Path) is not { } latest || commit.CommitTime > latest))
                {
                    driver.RemovedAt = null; // present at a commit newer than any seen before
                }
            }
        }

        foreach (var (path, driver) in tracked)
        {
            if (!found.ContainsKey(path) && touched.Contains(path) && driver.RemovedAt is null)
            {
                driver.RemovedAt = commit.CommitTime; // a newer commit no longer has it (RefreshLifetimesAsync confirms)
                removed++;
            }
        }

        try
        {
            await context.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (adding.Count > 0)
        {
            // Another worker created the same driver first: take its row and carry on. When nobody did, the database
            // refused the insert for another reason (a full disk, a lock past its timeout): trying again at once would
            // only repeat the refusal, without end.
            await LoadAsync(repository.Id, cancellationToken);
            if (!adding.Any(_drivers.ContainsKey))
            {
                throw;
            }

            return await UpsertDriversAsync(repository, commit, report, cancellationToken);
        }

        foreach (var entry in report.Drivers.Where(d => tracked.ContainsKey(d.Path)))
        {
            var id = tracked[entry.Path].Id;
            _drivers[entry.Path] = _drivers.TryGetValue(entry.Path, out var known) ? (id, known.Latest) : (id, null);
        }

        return (adding.Count, removed);
    }

    private async Task StoreDetailsAsync(Dictionary<string, string> details, CancellationToken cancellationToken)
    {
        var unknown = details.Keys.Where(h => !_knownDetails.Contains(h)).ToList();
        if (unknown.Count == 0)
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var missing = await MissingDetailsAsync(unknown, cancellationToken);
        await using (var context = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            context.SnapshotDetails.AddRange(missing.Select(h => new SnapshotDetail { Hash = h, Json = details[h], CreatedAt = now }));
            try
            {
                await context.SaveChangesAsync(cancellationToken);
                missing = [];
            }
            catch (DbUpdateException)
            {
                // Another worker stored some of the same contents at the same moment: store the rest one by one.
            }
        }

        foreach (var hash in missing.Count == 0 ? [] : await MissingDetailsAsync(missing, cancellationToken))
        {
            await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
            context.SnapshotDetails.Add(new SnapshotDetail { Hash = hash, Json = details[hash], CreatedAt = now });
            try
            {
                await context.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Content-addressed: another worker's row with this hash is identical. Anything else is a real failure.
                if ((await MissingDetailsAsync([hash], cancellationToken)).Count > 0)
                {
                    throw;
                }
            }
        }

        _knownDetails.UnionWith(unknown);
    }

    private async Task<List<string>> MissingDetailsAsync(List<string> hashes, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var stored = await context.SnapshotDetails.AsNoTracking().Where(d => hashes.Contains(d.Hash)).Select(d => d.Hash).ToListAsync(cancellationToken);
        return [.. hashes.Except(stored, StringComparer.Ordinal)];
    }

    /// <summary>Suggested pairs from the newest commit; a pairing set by hand is never overridden.</summary>
    private async Task SuggestPairsAsync(ScanReport report, CancellationToken cancellationToken)
    {
        var pairs = report.Drivers.Where(d => d.SuggestedCounterpart is not null && _drivers.ContainsKey(d.SuggestedCounterpart!)).ToList();
        if (pairs.Count == 0)
        {
            return;
        }

        var ids = pairs.Select(p => _drivers[p.Path].Id).Concat(pairs.Select(p => _drivers[p.SuggestedCounterpart!].Id)).ToList();
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var drivers = await context.Drivers.Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id, cancellationToken);
        foreach (var pair in pairs)
        {
            var driver = drivers[_drivers[pair.Path].Id];
            var counterpart = _drivers[pair.SuggestedCounterpart!].Id;
            if (driver.PairingSource != PairingSource.Manual && driver.CounterpartId != counterpart)
            {
                driver.CounterpartId = counterpart;
                driver.PairingSource = PairingSource.Suggested;
            }
        }

        await context.SaveChangesAsync(cancellationToken);
    }

    private static Snapshot ToSnapshot(int driverId, CommitPoint commit, DriverEntry driver, string detailHash, int policyVersion, DateTime now) => new()
    {
        DriverId = driverId,
        CommitId = commit.Sha,
        CommitTime = commit.CommitTime,
        AnalyzedAt = now,
        FileCount = driver.Code.Files,
        BlankLines = driver.Code.Blank,
        CommentLines = driver.Code.Comment,
        CCodeLines = driver.Code.CCode,
        CppCodeLines = driver.Code.CppCode,
        HeaderCodeLines = driver.Code.HeaderCode,
        RustCodeLines = driver.Code.RustCode,
        TestCodeLines = driver.Code.TestCode,
        UnsafeLines = driver.Unsafe?.UnsafeLines ?? 0,
        UnsafeShare = driver.Unsafe?.Share,
        ReadinessScore = driver.Readiness?.Score,
        ReadinessBand = driver.Readiness?.Band ?? ReadinessBand.None,
        ScoringPolicyVersion = driver.Readiness?.PolicyVersion ?? policyVersion,
        MetricsJson = Metrics(driver),
        ScoreJson = driver.Readiness is { } readiness
            ? JsonSerializer.Serialize(readiness.Factors.ToDictionary(f => f.Id, f => Math.Round(f.Contribution, 3)))
            : null,
        DetailHash = detailHash,
    };

    /// <summary>Compact figures for trends: construct counts, functions, unsafe counts by kind.</summary>
    private static string Metrics(DriverEntry driver)
    {
        var metrics = new Dictionary<string, object>(StringComparer.Ordinal);
        if (driver.Profile is { } profile)
        {
            foreach (var (construct, evidence) in profile.Constructs)
            {
                metrics[construct.ToString()] = evidence.Count;
            }

            metrics["functions"] = profile.Functions.Count;
            metrics["maxComplexity"] = profile.Functions.Count == 0 ? 0 : profile.Functions.Max(f => f.Complexity);
        }

        if (driver.Unsafe is { } unsafeCode)
        {
            foreach (var (kind, count) in unsafeCode.Counts)
            {
                metrics["unsafe" + kind.ToString()] = count;
            }
        }

        metrics["framework"] = driver.Framework.ToString();
        return JsonSerializer.Serialize(metrics);
    }
}
