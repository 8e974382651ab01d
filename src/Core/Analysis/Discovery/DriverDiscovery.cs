using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using MigrationTracker.Core.Domain;

namespace MigrationTracker.Core.Analysis.Discovery;

/// <summary>
/// Finds the drivers in a source tree: C/C++ driver projects (.vcxproj with their INF/INX files)
/// and Rust driver crates (Cargo.toml with WDK metadata). Pure: it sees only the path list and the
/// text it asks for (project files, INF/INX, Cargo.toml and the sources of C drivers for their includes).
/// </summary>
public static class DriverDiscovery
{
    /// <param name="cache">Parse results to reuse across discoveries of similar trees (a history scan); null for none.</param>
    public static DiscoveryResult Discover(IReadOnlyList<string> paths, ISourceTreeText text, DiscoveryCache? cache = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(text);
        return new Run(new SourceTree(paths), text, cache ?? new DiscoveryCache()).Discover();
    }

    /// <summary>The same, with the text reader given as a function (path → decoded text or null).</summary>
    public static DiscoveryResult Discover(IReadOnlyList<string> paths, Func<string, string?> readText)
    {
        ArgumentNullException.ThrowIfNull(readText);
        return Discover(paths, new FunctionText(readText));
    }

    private sealed class FunctionText(Func<string, string?> readText) : ISourceTreeText
    {
        public string? ReadText(string path) => readText(path);
    }

    /// <summary>One discovery pass; caches what several drivers share (INF files, common sources).</summary>
    private sealed class Run(SourceTree tree, ISourceTreeText text, DiscoveryCache cache)
    {
        // Projects are read in parallel: what they share is kept in concurrent collections.
        private readonly ConcurrentBag<DiscoveredDriver> _drivers = [];
        private readonly ConcurrentBag<OtherProject> _others = [];
        private readonly ConcurrentBag<DiscoveryProblem> _problems = [];
        private readonly ConcurrentDictionary<string, InfFacts?> _infs = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, List<FrameworkSignal>> _includeSignals = new(StringComparer.Ordinal);

        public DiscoveryResult Discover()
        {
            var ordered = tree.Paths.Order(StringComparer.Ordinal).ToList();
            Parallel.ForEach(ordered.Where(p => p.EndsWith(".vcxproj", StringComparison.OrdinalIgnoreCase)), DiscoverC);

            DiscoverRust(ordered.Where(p => string.Equals(Path.GetFileName(p), "Cargo.toml", StringComparison.OrdinalIgnoreCase)).ToList());
            return new DiscoveryResult(
                [.. _drivers.OrderBy(d => d.ProjectPath, StringComparer.Ordinal)],
                [.. _others.OrderBy(o => o.ProjectPath, StringComparer.Ordinal)],
                [.. _problems.OrderBy(p => p.Path, StringComparer.Ordinal).ThenBy(p => p.Message, StringComparer.Ordinal)]);
        }

        private string? Read(string path, string what)
        {
            var content = text.ReadText(path);
            if (content is null)
            {
                _problems.Add(new DiscoveryProblem(path, $"Could not read the {what}; it was skipped."));
            }

            return content;
        }

        private void DiscoverC(string path)
        {
            if (Read(path, "project file") is not { } content)
            {
                return;
            }

            var (project, error) = cache.GetOrAdd(path, content, VcxProject.Read);
            if (project is null)
            {
                _problems.Add(new DiscoveryProblem(path, error!));
                return;
            }

            var folder = SourceTree.FolderOf(path);
            if (project.Model is not { } model)
            {
                var isTestOrTool = project.Kind == ProjectKind.Application || FileRoles.IsCTest("", path);
                _others.Add(new OtherProject(path, project.Name, project.Kind, isTestOrTool));
                return;
            }

            var compiled = project.CompileItems.SelectMany(item => tree.Expand(folder, item)).ToList();
            if (compiled.Count == 0)
            {
                // Projects that compile through a props file or wildcard we cannot see still own their folder's sources.
                compiled = [.. tree.FilesIn(folder).Where(f => SourceLanguages.FromPath(f) is SourceLanguage.C or SourceLanguage.Cpp)];
            }

            var headers = tree.FilesIn(folder)
                .Concat(project.IncludeItems.SelectMany(item => tree.Expand(folder, item)))
                .Where(f => SourceLanguages.FromPath(f) == SourceLanguage.CHeader);
            var files = compiled.Concat(headers)
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal)
                .Select(f => new DriverFile(f, FileRoles.IsCTest(folder, f)))
                .ToList();

            var signals = project.Libraries
                .Select(library => FrameworkDetector.FromLibrary(library.FileName, new SourceLocation(path, library.Line)))
                .OfType<FrameworkSignal>()
                .Concat(files.Where(f => !f.IsTest).SelectMany(f => IncludeSignals(f.Path)))
                .ToList();
            var (framework, evidence) = FrameworkDetector.Choose(signals);

            var infPaths = project.InfItems.SelectMany(item => tree.Expand(folder, item)).Concat(InfFilesIn(folder)).ToList();
            if (infPaths.Count == 0)
            {
                // Several samples keep the INF in the sample folder, one level above the driver project.
                infPaths = [.. InfFilesIn(SourceTree.FolderOf(folder))];
            }

            _drivers.Add(new DiscoveredDriver
            {
                Name = project.Name,
                ProjectPath = path,
                Language = compiled.Any(f => SourceLanguages.FromPath(f) == SourceLanguage.Cpp) ? DriverLanguage.Cpp : DriverLanguage.C,
                Model = model,
                Framework = framework,
                FrameworkEvidence = evidence,
                FrameworkSignals = signals,
                Versions = project.Versions,
                TargetVersion = project.TargetVersion,
                TargetPlatform = project.DriverTargetPlatform,
                WppEnabled = project.WppEnabled,
                LinkedLibraries = [.. project.Libraries.Select(l => l.FileName)],
                IncludeDirectories = project.IncludeDirectories,
                Files = files,
                Infs = Infs(infPaths),
            });
        }

        private IEnumerable<string> InfFilesIn(string folder) => tree.FilesIn(folder).Where(IsInf);

        private static bool IsInf(string path) =>
            path.EndsWith(".inf", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".inx", StringComparison.OrdinalIgnoreCase);

        private List<InfFacts> Infs(IEnumerable<string> paths)
        {
            var result = new List<InfFacts>();
            foreach (var path in paths.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                var facts = _infs.GetOrAdd(path, p => Read(p, "INF file") is { } content ? cache.GetOrAdd(p, content, InfReader.Read) : null);

                if (facts is not null)
                {
                    result.Add(facts);
                }
            }

            return result;
        }

        private List<FrameworkSignal> IncludeSignals(string path)
        {
            // An unreadable source only loses its framework evidence; that is no problem to report.
            return _includeSignals.GetOrAdd(path, p => text.IncludesOf(p) is { } includes
                ? [.. FrameworkDetector.FromIncludes(p, includes)]
                : text.ReadText(p) is { } content
                    ? [.. FrameworkDetector.FromIncludes(p, content)]
                    : []);
        }

        private void DiscoverRust(List<string> manifestPaths)
        {
            // Every Cargo.toml marks a crate boundary, even a malformed one: its files are not its parent's.
            var crateFolders = manifestPaths.Select(SourceTree.FolderOf).ToHashSet(StringComparer.Ordinal);
            var manifests = new Dictionary<string, CargoManifest>(StringComparer.Ordinal);
            foreach (var path in manifestPaths)
            {
                if (Read(path, "Cargo.toml") is not { } content)
                {
                    continue;
                }

                var (manifest, error) = cache.GetOrAdd(path, content, CargoManifest.Read);
                if (manifest is null)
                {
                    _problems.Add(new DiscoveryProblem(path, error!));
                    continue;
                }

                manifests[manifest.Folder] = manifest;
            }

            var rustFiles = RustFilesByCrate(crateFolders);
            foreach (var manifest in manifests.Values.Where(m => m.PackageName is not null).OrderBy(m => m.Path, StringComparer.Ordinal))
            {
                var files = rustFiles.GetValueOrDefault(manifest.Folder) ?? [];
                if (!manifest.HasWdkMetadata)
                {
                    var isBinary = manifest.HasBinTargets || tree.Find(SourceTree.Combine(manifest.Folder, "src/main.rs")) is not null;
                    var isTest = FileRoles.IsRustTest("", manifest.Path) || FileRoles.IsCTest("", manifest.Path);
                    _others.Add(new OtherProject(manifest.Path, manifest.PackageName!, isBinary ? ProjectKind.RustBinary : ProjectKind.RustLibrary, isBinary || isTest));
                    continue;
                }

                var driverModel = manifest.PackageDriverModel ?? WorkspaceOf(manifest, manifests)?.WorkspaceDriverModel;
                if (driverModel is null)
                {
                    _problems.Add(new DiscoveryProblem(manifest.Path, "The crate has [package.metadata.wdk] but neither it nor its workspace declares a driver-model; add [package.metadata.wdk.driver-model] with driver-type."));
                }

                _drivers.Add(new DiscoveredDriver
                {
                    Name = manifest.PackageName!,
                    ProjectPath = manifest.Path,
                    Language = DriverLanguage.Rust,
                    Model = driverModel?.DriverType?.ToUpperInvariant() switch
                    {
                        "KMDF" => DriverModel.Kmdf,
                        "UMDF" => DriverModel.Umdf,
                        "WDM" => DriverModel.Wdm,
                        _ => DriverModel.Unknown,
                    },
                    Versions = driverModel?.Versions ?? DriverVersions.None,
                    CrateTypes = manifest.CrateTypes,
                    Files = [.. files.Order(StringComparer.Ordinal).Select(f => new DriverFile(f, FileRoles.IsRustTest(manifest.Folder, f)))],
                    Infs = Infs(InfFilesIn(manifest.Folder)),
                });
            }
        }

        /// <summary>Each .rs file belongs to the nearest crate folder above it, unless it sits in a build output folder.</summary>
        private Dictionary<string, List<string>> RustFilesByCrate(HashSet<string> crateFolders)
        {
            var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var path in tree.Paths.Where(p => p.EndsWith(".rs", StringComparison.OrdinalIgnoreCase)))
            {
                var folder = SourceTree.FolderOf(path);
                var insideTarget = false;
                while (true)
                {
                    if (crateFolders.Contains(folder))
                    {
                        if (!insideTarget)
                        {
                            (result.TryGetValue(folder, out var files) ? files : result[folder] = []).Add(path);
                        }

                        break;
                    }

                    if (folder.Length == 0)
                    {
                        break;
                    }

                    insideTarget |= string.Equals(Path.GetFileName(folder), "target", StringComparison.Ordinal);
                    folder = SourceTree.FolderOf(folder);
                }
            }

            return result;
        }

        /// <summary>The nearest workspace above (or at) the crate whose members include it, as Cargo resolves it.</summary>
        private static CargoManifest? WorkspaceOf(CargoManifest crate, Dictionary<string, CargoManifest> manifests)
        {
            var folder = crate.Folder;
            while (true)
            {
                if (manifests.TryGetValue(folder, out var candidate) && candidate.IsWorkspace)
                {
                    return folder == crate.Folder || IsMember(candidate, crate.Folder) ? candidate : null;
                }

                if (folder.Length == 0)
                {
                    return null;
                }

                folder = SourceTree.FolderOf(folder);
            }
        }

        private static bool IsMember(CargoManifest workspace, string crateFolder)
        {
            var relative = workspace.Folder.Length == 0 ? crateFolder : crateFolder[(workspace.Folder.Length + 1)..];
            bool Matches(string glob) => MemberGlob(glob).IsMatch(relative);
            return workspace.WorkspaceMembers.Any(Matches) && !workspace.WorkspaceExclude.Any(Matches);
        }

        private static Regex MemberGlob(string glob) => new(
            "^" + Regex.Escape(SourceTree.Normalize(glob) ?? "").Replace(@"\*", "[^/]*", StringComparison.Ordinal).Replace(@"\?", "[^/]", StringComparison.Ordinal) + "$",
            RegexOptions.CultureInvariant);
    }
}
