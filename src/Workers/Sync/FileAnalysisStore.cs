using MigrationTracker.Core.Analysis;
using MigrationTracker.Core.Analysis.Scanning;
using MigrationTracker.Core.Data;
using MigrationTracker.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace MigrationTracker.Workers.Sync;

/// <summary>
/// The file-analysis cache in the database: results by content (blob id) and language, shared by
/// every job and process, so a content is analysed once however often it appears.
/// </summary>
public sealed class FileAnalysisStore(IDbContextFactory<TrackerDbContext> contextFactory, TimeProvider clock)
{
    private const int Batch = 400;

    /// <summary>Puts into <paramref name="cache"/> the stored results for the tree's files it does not hold yet.</summary>
    public async Task LoadAsync(FileCache cache, IEnumerable<Core.Analysis.Scanning.SourceFile> files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cache);
        var wanted = files
            .Select(f => (Blob: f.BlobId, Language: SourceLanguages.FromPath(f.Path)))
            .Where(w => w.Blob is not null && w.Language is not null && !cache.TryGet(FileCache.Key(w.Blob, w.Language.Value), out _))
            .Select(w => (Blob: w.Blob!, Language: w.Language!.Value))
            .Distinct()
            .ToList();
        if (wanted.Count == 0)
        {
            return;
        }

        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        foreach (var chunk in wanted.Chunk(Batch))
        {
            var blobs = chunk.Select(w => w.Blob).Distinct().ToList();
            var rows = await context.FileAnalyses.AsNoTracking()
                .Where(f => blobs.Contains(f.BlobId) && f.AnalyzerVersion == FileOutcomeJson.AnalyzerVersion && f.DetailJson != null)
                .Select(f => new { f.BlobId, f.Language, f.DetailJson })
                .ToListAsync(cancellationToken);
            foreach (var row in rows)
            {
                if (SourceLanguages.FromClocName(row.Language) is { } language)
                {
                    cache.Add(FileCache.Key(row.BlobId, language), FileOutcomeJson.Deserialize(row.DetailJson!), stored: true);
                }
            }
        }
    }

    /// <summary>Stores the results the cache gained since the last save; results another process stored meanwhile are left as they are.</summary>
    public async Task SaveAsync(FileCache cache, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cache);
        var added = cache.TakeAdded();
        if (added.Count == 0)
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var chunk in added.Chunk(Batch))
        {
            var rows = chunk.Select(item => ToRow(item.Key, item.Outcome, now)).ToList();
            await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
            var blobs = rows.Select(r => r.BlobId).Distinct().ToList();
            var stored = (await context.FileAnalyses.AsNoTracking()
                    .Where(f => blobs.Contains(f.BlobId) && f.AnalyzerVersion == FileOutcomeJson.AnalyzerVersion)
                    .Select(f => new { f.BlobId, f.Language })
                    .ToListAsync(cancellationToken))
                .Select(f => (f.BlobId, f.Language))
                .ToHashSet();
            context.FileAnalyses.AddRange(rows.Where(r => !stored.Contains((r.BlobId, r.Language))));
            try
            {
                await context.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another worker stored some of the same contents between our check and our insert: theirs are as good.
            }
        }
    }

    private static FileAnalysis ToRow(string key, FileOutcome outcome, DateTime now)
    {
        var separator = key.IndexOf(':', StringComparison.Ordinal);
        var report = outcome.Report;
        return new FileAnalysis
        {
            BlobId = key[..separator],
            Language = key[(separator + 1)..],
            AnalyzerVersion = FileOutcomeJson.AnalyzerVersion,
            SizeBytes = report?.SizeBytes ?? 0,
            BlankLines = report?.Blank ?? 0,
            CommentLines = report?.Comment ?? 0,
            CodeLines = report?.Code ?? 0,
            UnsafeLines = report?.Unsafe is { } u ? u.UnsafeLines + u.TestUnsafeLines : 0,
            SkipReason = outcome.SkipReason,
            DetailJson = FileOutcomeJson.Serialize(outcome),
            AnalyzedAt = now,
        };
    }
}
