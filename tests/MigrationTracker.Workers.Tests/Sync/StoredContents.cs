using System.Globalization;
using MigrationTracker.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace MigrationTracker.Workers.Tests.Sync;

/// <summary>
/// What a database holds after scans, as sorted lines of what the product shows, so that two databases
/// (one run disturbed by a fault, one not) can be compared line by line whatever their row ids.
/// </summary>
internal static class StoredContents
{
    /// <summary>Every snapshot as one line of what the product shows: repository, driver, commit and its figures.</summary>
    public static async Task<List<string>> SnapshotLinesAsync(IDbContextFactory<TrackerDbContext> database, CancellationToken cancellationToken)
    {
        await using var context = await database.CreateDbContextAsync(cancellationToken);
        var rows = await context.Snapshots.AsNoTracking()
            .Select(s => new
            {
                Repository = s.Driver!.Repository!.Name,
                s.Driver.ProjectPath,
                s.CommitId,
                s.CommitTime,
                s.FileCount,
                s.BlankLines,
                s.CommentLines,
                s.CCodeLines,
                s.CppCodeLines,
                s.HeaderCodeLines,
                s.RustCodeLines,
                s.TestCodeLines,
                s.UnsafeLines,
                s.ReadinessScore,
                s.ReadinessBand,
                s.DetailHash,
                s.MetricsJson,
                s.ScoreJson,
            })
            .ToListAsync(cancellationToken);
        return rows
            .Select(r => string.Create(CultureInfo.InvariantCulture,
                $"{r.Repository} {r.ProjectPath} {r.CommitId[..10]} {r.CommitTime:O} files={r.FileCount} blank={r.BlankLines} comment={r.CommentLines} " +
                $"c={r.CCodeLines} cpp={r.CppCodeLines} h={r.HeaderCodeLines} rust={r.RustCodeLines} test={r.TestCodeLines} unsafe={r.UnsafeLines} " +
                $"score={r.ReadinessScore?.ToString("0.###", CultureInfo.InvariantCulture) ?? "-"} band={r.ReadinessBand} detail={r.DetailHash} metrics={r.MetricsJson} factors={r.ScoreJson}"))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Every driver: identity, first seen, removal, and the counterpart it is paired with.</summary>
    public static async Task<List<string>> DriverLinesAsync(IDbContextFactory<TrackerDbContext> database, CancellationToken cancellationToken)
    {
        await using var context = await database.CreateDbContextAsync(cancellationToken);
        var rows = await context.Drivers.AsNoTracking()
            .Select(d => new
            {
                Repository = d.Repository!.Name,
                d.ProjectPath,
                d.Name,
                d.Language,
                d.Model,
                d.Framework,
                d.FirstSeenAt,
                d.RemovedAt,
                Counterpart = d.Counterpart == null ? null : d.Counterpart.ProjectPath,
                d.PairingSource,
            })
            .ToListAsync(cancellationToken);
        return rows
            .Select(r => string.Create(CultureInfo.InvariantCulture,
                $"{r.Repository} {r.ProjectPath} name={r.Name} {r.Language} {r.Model} {r.Framework} first={r.FirstSeenAt:O} removed={r.RemovedAt:O} counterpart={r.Counterpart} {r.PairingSource}"))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>(driver, commit) keys of all snapshots, duplicates included, and detail hashes that name no stored detail.</summary>
    public static async Task<(int Count, int Distinct, List<string> MissingDetails)> IntegrityAsync(IDbContextFactory<TrackerDbContext> database, CancellationToken cancellationToken)
    {
        await using var context = await database.CreateDbContextAsync(cancellationToken);
        var keys = await context.Snapshots.AsNoTracking().Select(s => new { s.DriverId, s.CommitId }).ToListAsync(cancellationToken);
        var missing = await context.Snapshots.AsNoTracking()
            .Where(s => s.DetailHash != null && !context.SnapshotDetails.Any(d => d.Hash == s.DetailHash))
            .Select(s => s.DetailHash!)
            .Distinct()
            .ToListAsync(cancellationToken);
        return (keys.Count, keys.Distinct().Count(), missing);
    }

    /// <summary>Every commit recorded as scanned (the basis of drivers' removal dates and of where a sync stops), duplicates included.</summary>
    public static async Task<List<string>> ScannedCommitLinesAsync(IDbContextFactory<TrackerDbContext> database, CancellationToken cancellationToken)
    {
        await using var context = await database.CreateDbContextAsync(cancellationToken);
        var rows = await context.ScannedCommits.AsNoTracking()
            .Join(context.Repositories, c => c.RepositoryId, r => r.Id, (c, r) => new { Repository = r.Name, c.CommitId, c.CommitTime, c.DriverCount })
            .ToListAsync(cancellationToken);
        return rows
            .Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Repository} {r.CommitId[..10]} {r.CommitTime:O} drivers={r.DriverCount}"))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Commits recorded as scanned without a snapshot of each driver they were recorded with: a half-written scan.</summary>
    public static async Task<List<string>> HalfWrittenCommitsAsync(IDbContextFactory<TrackerDbContext> database, CancellationToken cancellationToken)
    {
        await using var context = await database.CreateDbContextAsync(cancellationToken);
        return await context.ScannedCommits.AsNoTracking()
            .Where(c => context.Snapshots.Count(s => s.CommitId == c.CommitId && s.Driver!.RepositoryId == c.RepositoryId) != c.DriverCount)
            .Select(c => c.CommitId)
            .ToListAsync(cancellationToken);
    }

    /// <summary>No snapshot twice, none without its detail, no commit recorded as scanned with snapshots missing.</summary>
    public static async Task ShouldBeConsistentAsync(IDbContextFactory<TrackerDbContext> database, CancellationToken cancellationToken)
    {
        var integrity = await IntegrityAsync(database, cancellationToken);
        integrity.Distinct.ShouldBe(integrity.Count, "no (driver, commit) twice");
        integrity.MissingDetails.ShouldBeEmpty("every snapshot's detail is stored");
        (await HalfWrittenCommitsAsync(database, cancellationToken)).ShouldBeEmpty("commits recorded as scanned without all their snapshots");
    }

    /// <summary>The same lines on both sides, with a message naming only the lines that differ.</summary>
    public static void ShouldMatch(List<string> actual, List<string> expected, string what)
    {
        var extra = actual.Except(expected).ToList();
        var missing = expected.Except(actual).ToList();
        (extra.Count + missing.Count).ShouldBe(0,
            $"{what} differ from the undisturbed run.{Environment.NewLine}Only here ({extra.Count}):{Environment.NewLine}{string.Join(Environment.NewLine, extra)}{Environment.NewLine}Expected ({missing.Count}):{Environment.NewLine}{string.Join(Environment.NewLine, missing)}");
        actual.Count.ShouldBe(expected.Count, $"{what}: as many lines as the undisturbed run (none twice)");
    }
}
