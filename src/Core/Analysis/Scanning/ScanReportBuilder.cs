using System.Globalization;
using MigrationTracker.Core.Analysis.Discovery;
using MigrationTracker.Core.Analysis.Pairing;
using MigrationTracker.Core.Analysis.Text;
using MigrationTracker.Core.Analysis.Unsafe;
using MigrationTracker.Core.Domain;
using MigrationTracker.Core.Scoring;

namespace MigrationTracker.Core.Analysis.Scanning;

/// <summary>
/// Runs the whole analysis on a source tree: file metrics, driver discovery, per-driver totals,
/// readiness scores for C/C++ drivers, unsafe share for Rust drivers, and pairing suggestions.
/// </summary>
public static class ScanReportBuilder
{
    /// <summary>How many of a Rust driver's biggest unsafe regions the report lists.</summary>
    public const int HotspotCount = 10;

    public static ScanReport Build(ISourceTree tree, ScanOptions options, string? commit, ReadinessPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(options);
        policy ??= ReadinessPolicy.Default;

        var (files, skipped) = SourceTreeScanner.AnalyzeFiles(tree, options);
        var byPath = files.ToDictionary(f => f.Path, StringComparer.Ordinal);
        var treeFiles = tree.Files.ToDictionary(f => f.Path, StringComparer.Ordinal);

        string? ReadText(string path)
        {
            if (!treeFiles.TryGetValue(path, out var file) || file.Size > options.MaxFileBytes)
            {
                return null;
            }

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

        var discovery = DriverDiscovery.Discover([.. treeFiles.Keys], new TreeText(ReadText, path => byPath.GetValueOrDefault(path)?.Constructs?.Includes));
        var pairs = DriverPairing.Suggest(discovery.Drivers);
        var counterpart = new Dictionary<string, (string Path, PairSuggestion Pair)>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            counterpart[pair.C.ProjectPath] = (pair.Rust.ProjectPath, pair);
            counterpart[pair.Rust.ProjectPath] = (pair.C.ProjectPath, pair);
        }

        var drivers = discovery.Drivers.AsParallel().AsOrdered().Select(driver =>
        {
            var entry = driver.Language == DriverLanguage.Rust ? RustDriver(driver, byPath) : CDriver(driver, byPath, policy);
            return counterpart.TryGetValue(driver.ProjectPath, out var match)
                ? entry with
                {
                    SuggestedCounterpart = match.Path,
                    PairingReason = $"{match.Pair.Reason}: {match.Pair.Matched}",
                    PairingConfidence = match.Pair.Confidence,
                }
                : entry;
        }).ToList();

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

    /// <summary>Discovery's view of the tree: text on demand, and the include lines the file analysis already found.</summary>
    private sealed class TreeText(Func<string, string?> readText, Func<string, IReadOnlyList<IncludeDirective>?> includes) : ISourceTreeText
    {
        public string? ReadText(string path) => readText(path);

        public IReadOnlyList<IncludeDirective>? IncludesOf(string path) => includes(path);
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

        var profile = new CDriverProfile
        {
            Name = driver.Name,
            Model = driver.Model,
            Framework = driver.Framework,
            UmdfVersionMajor = int.TryParse(driver.Versions.UmdfMajor, NumberStyles.Integer, CultureInfo.InvariantCulture, out var umdf) ? umdf : null,
            CCodeLines = product.Where(f => f.Language == SourceLanguage.C).Sum(f => f.Code),
            CppCodeLines = product.Where(f => f.Language == SourceLanguage.Cpp).Sum(f => f.Code),
            HeaderCodeLines = product.Where(f => f.Language == SourceLanguage.CHeader).Sum(f => f.Code),
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
            Code = Code(product, test, driver),
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
            [.. regions.OrderByDescending(r => r.CodeLines).ThenBy(r => r.Range.Path, StringComparer.Ordinal).ThenBy(r => r.Range.FirstLine).Take(HotspotCount)],
            testCode,
            testUnsafe);

        return new DriverEntry
        {
            Name = driver.Name,
            Path = driver.ProjectPath,
            Language = driver.Language,
            Model = driver.Model,
            Framework = driver.Framework,
            Code = Code(product, test, driver) with { RustCode = code, TestCode = testCode },
            Unsafe = summary,
            HardwareIds = HardwareIds(driver),
        };
    }

    private static List<FileReport> Owned(DiscoveredDriver driver, Dictionary<string, FileReport> files, bool test) =>
        [.. driver.Files.Where(f => f.IsTest == test).Select(f => files.GetValueOrDefault(f.Path)).OfType<FileReport>()];

    private static DriverCode Code(List<FileReport> product, List<FileReport> test, DiscoveredDriver driver) => new(
        product.Count,
        product.Where(f => f.Language == SourceLanguage.C).Sum(f => f.Code),
        product.Where(f => f.Language == SourceLanguage.Cpp).Sum(f => f.Code),
        product.Where(f => f.Language == SourceLanguage.CHeader).Sum(f => f.Code),
        product.Where(f => f.Language == SourceLanguage.Rust).Sum(f => f.Code),
        test.Count,
        test.Sum(f => f.Code));

    private static string[] HardwareIds(DiscoveredDriver driver) =>
        [.. driver.Infs.SelectMany(i => i.HardwareIds).Select(h => h.Value).Distinct(StringComparer.OrdinalIgnoreCase)];
}
