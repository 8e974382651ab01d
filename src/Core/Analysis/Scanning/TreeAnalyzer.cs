using System.Globalization;
using MigrationTracker.Core.Analysis.Discovery;
using MigrationTracker.Core.Analysis.Pairing;
using MigrationTracker.Core.Analysis.Text;
using MigrationTracker.Core.Analysis.Unsafe;
using MigrationTracker.Core.Domain;
using MigrationTracker.Core.Scoring;

namespace MigrationTracker.Core.Analysis.Scanning;

/// <summary>
/// Analyses trees one after the other, remembering what it can: file results by blob id, the
/// drivers found while no project file or path changes, and each driver's result while none of
/// its files changes. Scanning a repository's history with one analyser reads each file content
/// once. Not thread-safe: one analyser per repository scan.
/// </summary>
public sealed class TreeAnalyzer(ScanOptions options, ReadinessPolicy policy)
{
    private (string Key, DiscoveryResult Result)? _discovery;
    private readonly DiscoveryCache _parsed = new();

    // Decoded project, INF and manifest texts by blob id: the same instance for the same content, which the discovery cache relies on.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string?> _texts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Key, DriverEntry Entry)> _drivers = new(StringComparer.Ordinal);

    /// <summary>File results by blob id; a caller may seed it from storage and persist what it adds.</summary>
    public FileCache Files { get; } = new();

    public ReadinessPolicy Policy => policy;

    public ScanReport Analyze(ISourceTree tree, string? commit)
    {
        ArgumentNullException.ThrowIfNull(tree);

        // Discovery reads only project files, so it runs while the sources are analysed.
        var treeFiles = tree.Files.ToDictionary(f => f.Path, StringComparer.Ordinal);
        var discovering = Task.Run(() => Discover(tree, treeFiles));
        var (files, skipped) = SourceTreeScanner.AnalyzeFiles(tree, options, Files);
        var byPath = files.ToDictionary(f => f.Path, StringComparer.Ordinal);
        var discovery = discovering.GetAwaiter().GetResult();

        var pairs = DriverPairing.Suggest(discovery.Drivers);
        var counterpart = new Dictionary<string, (string Path, PairSuggestion Pair)>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            counterpart[pair.C.ProjectPath] = (pair.Rust.ProjectPath, pair);
            counterpart[pair.Rust.ProjectPath] = (pair.C.ProjectPath, pair);
        }

        var memo = discovery.Drivers.Select(d => (Driver: d, Key: DriverKey(d, treeFiles))).ToList();
        var drivers = memo.AsParallel().AsOrdered().Select(item =>
        {
            if (item.Key is not null && _drivers.TryGetValue(item.Driver.ProjectPath, out var known) && known.Key == item.Key)
            {
                return known.Entry;
            }

            var driver = WithFrameworkFromIncludes(item.Driver, byPath);
            return driver.Language == DriverLanguage.Rust ? RustDriver(driver, byPath) : CDriver(driver, byPath, policy);
        }).ToList();

        for (var i = 0; i < drivers.Count; i++)
        {
            if (memo[i].Key is { } key)
            {
                _drivers[memo[i].Driver.ProjectPath] = (key, drivers[i]);
            }

            drivers[i] = counterpart.TryGetValue(drivers[i].Path, out var match)
                ? drivers[i] with
                {
                    SuggestedCounterpart = match.Path,
                    PairingReason = $"{match.Pair.Reason}: {match.Pair.Matched}",
                    PairingConfidence = match.Pair.Confidence,
                }
                : drivers[i] with { SuggestedCounterpart = null, PairingReason = null, PairingConfidence = null };
        }

        var fileEntries = files
            .OrderBy(f => f.Path, StringComparer.Ordinal)
            .Select(f => new FileEntry(f.Path, f.Language.ClocName(), f.Blank, f.Comment, f.Code, f.Unsafe is { } u ? u.UnsafeLines + u.TestUnsafeLines : null))
            .ToList();

        return new ScanReport(
            commit,
            SourceTreeScanner.Totals(files),
            fileEntries,
            drivers,
            [.. skipped.OrderBy(s => s.Path, StringComparer.Ordinal)],
            discovery.Problems);
    }

    /// <summary>Discovery again only when a path or a project, INF or Cargo file changed since the last tree.</summary>
    private DiscoveryResult Discover(ISourceTree tree, Dictionary<string, SourceFile> treeFiles)
    {
        var key = DiscoveryKey(tree.Files);
        if (key is not null && _discovery is { } last && last.Key == key)
        {
            return last.Result;
        }

        string? ReadText(string path)
        {
            if (!treeFiles.TryGetValue(path, out var file) || file.Size > options.MaxFileBytes)
            {
                return null;
            }

            return file.BlobId is { } blob ? _texts.GetOrAdd(blob, _ => Decode(file)) : Decode(file);
        }

        string? Decode(SourceFile file)
        {
            try
            {
                var decoded = SourceDecoder.Decode(tree.Read(file), options.MaxFileBytes);
                return decoded.Skipped is null ? decoded.ToText() : null;
            }
            catch (IOException)
            {
                return null;
            }
        }

        // Include lines come from the file analysis afterwards (see WithFrameworkFromIncludes), not from discovery.
        var result = DriverDiscovery.Discover([.. treeFiles.Keys], new TreeText(ReadText), _parsed);
        _discovery = key is null ? null : (key, result);
        return result;
    }

    /// <summary>
    /// What discovery depends on: the paths of sources and project files (ownership follows them) and
    /// the contents of project, INF and manifest files. Other files (documents, images) do not matter.
    /// </summary>
    private static string? DiscoveryKey(IReadOnlyList<SourceFile> files)
    {
        var key = new System.Text.StringBuilder(files.Count * 48);
        foreach (var file in files)
        {
            var input = IsDiscoveryInput(file.Path);
            if (!input && SourceLanguages.FromPath(file.Path) is null)
            {
                continue;
            }

            key.Append(file.Path).Append('\n');
            if (input)
            {
                if (file.BlobId is null)
                {
                    return null;
                }

                key.Append(file.BlobId).Append('\n');
            }
        }

        return key.ToString();
    }

    private static bool IsDiscoveryInput(string path) =>
        path.EndsWith(".vcxproj", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".inf", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".inx", StringComparison.OrdinalIgnoreCase) || path.EndsWith("Cargo.toml", StringComparison.OrdinalIgnoreCase);

    /// <summary>What a driver's result depends on beyond the discovery: the contents of its files.</summary>
    private string? DriverKey(DiscoveredDriver driver, Dictionary<string, SourceFile> treeFiles)
    {
        var key = new System.Text.StringBuilder(driver.Files.Count * 64 + 64);
        key.Append(policy.Version).Append('|').Append(treeFiles.GetValueOrDefault(driver.ProjectPath)?.BlobId).Append('|');
        foreach (var file in driver.Files)
        {
            if (treeFiles.GetValueOrDefault(file.Path)?.BlobId is not { } blob)
            {
                return null;
            }

            key.Append(file.Path).Append(file.IsTest ? '+' : '-').Append(blob).Append('|');
        }

        foreach (var inf in driver.Infs)
        {
            key.Append(treeFiles.GetValueOrDefault(inf.Path)?.BlobId).Append('|');
        }

        return key.ToString();
    }

    /// <summary>
    /// The framework from the project's libraries and the includes of the driver's product files as they
    /// are now: a cached discovery must not keep the includes of an older commit.
    /// </summary>
    private static DiscoveredDriver WithFrameworkFromIncludes(DiscoveredDriver driver, Dictionary<string, FileReport> byPath)
    {
        if (driver.Language == DriverLanguage.Rust)
        {
            return driver;
        }

        var signals = driver.FrameworkSignals.Where(s => s.Location.Path == driver.ProjectPath)
            .Concat(driver.Files.Where(f => !f.IsTest)
                .SelectMany(f => byPath.GetValueOrDefault(f.Path)?.Constructs?.Includes is { } includes ? FrameworkDetector.FromIncludes(f.Path, includes) : []))
            .ToList();
        var (framework, evidence) = FrameworkDetector.Choose(signals);
        return driver with { Framework = framework, FrameworkEvidence = evidence, FrameworkSignals = signals };
    }

    /// <summary>Discovery's view of the tree: project files on demand; no source is read for its includes.</summary>
    private sealed class TreeText(Func<string, string?> readText) : ISourceTreeText
    {
        public string? ReadText(string path) => readText(path);

        public IReadOnlyList<IncludeDirective>? IncludesOf(string path) => [];
    }

    private static DriverEntry CDriver(DiscoveredDriver driver, Dictionary<string, FileReport> files, ReadinessPolicy policy)
    {
        var product = Owned(driver, files, test: false);
        var test = Owned(driver, files, test: true);
        var lines = new Dictionary<CConstruct, List<SourceLocation>>();
        foreach (var file in product.Where(f => f.Constructs is not null))
        {
            foreach (var construct in Enum.GetValues<CConstruct>())
            {
                var at = file.Constructs!.LinesOf(construct);
                if (at.Count > 0)
                {
                    if (!lines.TryGetValue(construct, out var list))
                    {
                        lines[construct] = list = [];
                    }

                    list.AddRange(at.Select(line => new SourceLocation(file.Path, line)));
                }
            }
        }

        var code = Code(product, test);
        var profile = new CDriverProfile
        {
            Name = driver.Name,
            Model = driver.Model,
            Framework = driver.Framework,
            UmdfVersionMajor = int.TryParse(driver.Versions.UmdfMajor, NumberStyles.Integer, CultureInfo.InvariantCulture, out var umdf) ? umdf : null,
            CCodeLines = code.CCode,
            CppCodeLines = code.CppCode,
            HeaderCodeLines = code.HeaderCode,
            CppFiles = [.. product.Where(f => f.UsesCpp).Select(f => f.Path)],
            Constructs = lines.ToDictionary(p => p.Key, p => new ConstructEvidence(p.Key, p.Value.Count, p.Value)),
            Functions = [.. product.SelectMany(f => f.Constructs?.Functions ?? [])],
            FrameworkEvidence = driver.FrameworkEvidence,
        };

        return new DriverEntry
        {
            Name = driver.Name,
            Path = driver.ProjectPath,
            Language = driver.Language,
            Model = driver.Model,
            Framework = driver.Framework,
            Code = code,
            Profile = profile,
            Readiness = profile.TotalCodeLines > 0 ? ReadinessScorer.Score(profile, policy) : null,
            HardwareIds = HardwareIds(driver),
        };
    }

    private static DriverEntry RustDriver(DiscoveredDriver driver, Dictionary<string, FileReport> files)
    {
        var product = Owned(driver, files, test: false);
        var test = Owned(driver, files, test: true);
        var counts = Enum.GetValues<UnsafeKind>().ToDictionary(k => k, _ => 0);
        var regions = new List<UnsafeRegion>();
        int code = 0, unsafeLines = 0, testCode = 0, testUnsafe = 0;
        foreach (var file in product.Where(f => f.Unsafe is not null))
        {
            var u = file.Unsafe!;
            code += u.CodeLines;
            unsafeLines += u.UnsafeLines;
            testCode += u.TestCodeLines;
            testUnsafe += u.TestUnsafeLines;
            foreach (var (kind, count) in u.Counts)
            {
                counts[kind] += count;
            }

            regions.AddRange(u.Regions.Where(r => !r.InTestCode));
        }

        foreach (var file in test.Where(f => f.Unsafe is not null))
        {
            testCode += file.Unsafe!.CodeLines + file.Unsafe.TestCodeLines;
            testUnsafe += file.Unsafe.UnsafeLines + file.Unsafe.TestUnsafeLines;
        }

        var summary = new UnsafeSummary(
            code,
            unsafeLines,
            code > 0 ? (double)unsafeLines / code : null,
            counts,
            [.. regions.OrderByDescending(r => r.CodeLines).ThenBy(r => r.Range.Path, StringComparer.Ordinal).ThenBy(r => r.Range.FirstLine).Take(ScanReportBuilder.HotspotCount)],
            testCode,
            testUnsafe);

        return new DriverEntry
        {
            Name = driver.Name,
            Path = driver.ProjectPath,
            Language = driver.Language,
            Model = driver.Model,
            Framework = driver.Framework,
            Code = Code(product, test) with { RustCode = code, TestCode = testCode },
            Unsafe = summary,
            HardwareIds = HardwareIds(driver),
        };
    }

    private static List<FileReport> Owned(DiscoveredDriver driver, Dictionary<string, FileReport> files, bool test) =>
        [.. driver.Files.Where(f => f.IsTest == test).Select(f => files.GetValueOrDefault(f.Path)).OfType<FileReport>()];

    private static DriverCode Code(List<FileReport> product, List<FileReport> test) => new(
        product.Count,
        product.Where(f => f.Language == SourceLanguage.C).Sum(f => f.Code),
        product.Where(f => f.Language == SourceLanguage.Cpp).Sum(f => f.Code),
        product.Where(f => f.Language == SourceLanguage.CHeader).Sum(f => f.Code),
        product.Where(f => f.Language == SourceLanguage.Rust).Sum(f => f.Code),
        test.Count,
        test.Sum(f => f.Code),
        product.Sum(f => f.Blank),
        product.Sum(f => f.Comment));

    private static string[] HardwareIds(DiscoveredDriver driver) =>
        [.. driver.Infs.SelectMany(i => i.HardwareIds).Select(h => h.Value).Distinct(StringComparer.OrdinalIgnoreCase)];
}
