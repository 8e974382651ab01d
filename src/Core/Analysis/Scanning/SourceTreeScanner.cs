using MigrationTracker.Core.Analysis.Text;

namespace MigrationTracker.Core.Analysis.Scanning;

/// <summary>Settings of a scan.</summary>
public sealed record ScanOptions
{
    /// <summary>Files larger than this are skipped and reported (setting <c>Analysis:MaxFileBytes</c>).</summary>
    public long MaxFileBytes { get; init; } = SourceDecoder.DefaultMaxFileBytes;

    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;
}

/// <summary>Totals for one language, under cloc's name for it.</summary>
public sealed record LanguageTotals(string Language, int Files, int Blank, int Comment, int Code);

/// <summary>
/// Scans a source tree: analyses every C, C++, header and Rust file in parallel and totals the
/// lines per language with cloc's rules. Skipped files are listed with their reason.
/// </summary>
public static class SourceTreeScanner
{
    /// <param name="cache">Results by blob id: files whose content was analysed before are not read again.</param>
    public static (IReadOnlyList<FileReport> Files, IReadOnlyList<SkippedFile> Skipped) AnalyzeFiles(ISourceTree tree, ScanOptions options, FileCache? cache = null)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(options);

        var candidates = tree.Files
            .Select(file => (File: file, Language: SourceLanguages.FromPath(file.Path)))
            .Where(c => c.Language is not null)
            .ToArray();
        var reports = new FileReport?[candidates.Length];
        var skips = new SkippedFile?[candidates.Length];

        Parallel.For(0, candidates.Length, new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism }, i =>
        {
            var (file, language) = candidates[i];
            // The same content is C in a .c file and C++ in a .cpp file: the language is part of the key.
            var cacheKey = file.BlobId is { } blob ? FileCache.Key(blob, language!.Value) : null;
            if (cache is not null && cacheKey is not null && cache.TryGet(cacheKey, out var known))
            {
                if (known.Report is { } report)
                {
                    reports[i] = report.At(file.Path);
                }
                else
                {
                    skips[i] = new SkippedFile(file.Path, known.SkipReason!);
                }

                return;
            }

            Analyze(file, language!.Value, i);
            if (cache is not null && cacheKey is not null)
            {
                cache.Add(cacheKey, new FileOutcome(reports[i], skips[i]?.Reason));
            }
        });

        return ([.. reports.OfType<FileReport>()], [.. skips.OfType<SkippedFile>()]);

        void Analyze(SourceFile file, SourceLanguage language, int i)
        {
            if (file.Size > options.MaxFileBytes)
            {
                skips[i] = new SkippedFile(file.Path, SourceDecoder.Describe(SkipReason.TooLarge, options.MaxFileBytes));
                return;
            }

            ReadOnlyMemory<byte> content;
            try
            {
                content = tree.Read(file);
            }
            catch (IOException ex)
            {
                skips[i] = new SkippedFile(file.Path, $"{SourceDecoder.Describe(SkipReason.Unreadable)}: {ex.Message}");
                return;
            }

            var decoded = SourceDecoder.Decode(content, options.MaxFileBytes);
            if (decoded.Skipped is { } reason)
            {
                skips[i] = new SkippedFile(file.Path, SourceDecoder.Describe(reason, options.MaxFileBytes));
                return;
            }

            reports[i] = FileAnalyzer.Analyze(file.Path, language, content, decoded);
        }
    }

    /// <summary>Per-language totals, in the order cloc prints them (most code first).</summary>
    public static IReadOnlyList<LanguageTotals> Totals(IEnumerable<FileReport> files) => [.. files
        .GroupBy(f => f.Language)
        .Select(g => new LanguageTotals(g.Key.ClocName(), g.Count(), g.Sum(f => f.Blank), g.Sum(f => f.Comment), g.Sum(f => f.Code)))
        .OrderByDescending(t => t.Code)
        .ThenBy(t => t.Language, StringComparer.Ordinal)];
}
