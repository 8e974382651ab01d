using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using MigrationTracker.Core.Domain;

namespace MigrationTracker.Core.Analysis.Discovery;

/// <summary>A library a project links, with the project line that names it.</summary>
internal sealed record LinkedLibrary(string FileName, int Line);

/// <summary>The facts discovery reads from a .vcxproj, before items are matched against the tree.</summary>
internal sealed partial record VcxProject
{
    public required string Path { get; init; }

    public required string Name { get; init; }

    public string ConfigurationType { get; init; } = "";

    public string DriverType { get; init; } = "";

    public string PlatformToolset { get; init; } = "";

    public DriverVersions Versions { get; init; } = DriverVersions.None;

    public string? TargetVersion { get; init; }

    public string? DriverTargetPlatform { get; init; }

    public bool WppEnabled { get; init; }

    public IReadOnlyList<string> CompileItems { get; init; } = [];

    public IReadOnlyList<string> IncludeItems { get; init; } = [];

    public IReadOnlyList<string> InfItems { get; init; } = [];

    public IReadOnlyList<LinkedLibrary> Libraries { get; init; } = [];

    public IReadOnlyList<string> IncludeDirectories { get; init; } = [];

    /// <summary>
    /// The driver model of the binary the project builds, or null when it builds no driver
    /// (application, static library, package, utility, or a plain DLL).
    /// </summary>
    public DriverModel? Model
    {
        get
        {
            if (Is(ConfigurationType, "Driver"))
            {
                return DriverType.ToUpperInvariant() switch
                {
                    "KMDF" => DriverModel.Kmdf,
                    "WDM" => DriverModel.Wdm,
                    "MINIPORT" => DriverModel.Miniport,
                    "EXPORTDRIVER" => DriverModel.ExportDriver,
                    "UMDF" => DriverModel.Umdf,
                    "PACKAGE" => null,
                    "" => Versions.KmdfMajor is null ? DriverModel.Wdm : DriverModel.Kmdf,
                    _ => DriverModel.Unknown,
                };
            }

            // UMDF 2 drivers are DLLs; six samples omit DriverType, so the toolset decides.
            var userModeDriver = Is(PlatformToolset, "WindowsUserModeDriver10.0") || Is(DriverType, "UMDF");
            return Is(ConfigurationType, "DynamicLibrary") && userModeDriver ? DriverModel.Umdf : null;
        }
    }

    public ProjectKind Kind => ConfigurationType.ToUpperInvariant() switch
    {
        _ when Is(DriverType, "Package") => ProjectKind.Package,
        "APPLICATION" => ProjectKind.Application,
        "STATICLIBRARY" => ProjectKind.StaticLibrary,
        "DYNAMICLIBRARY" => ProjectKind.DynamicLibrary,
        "UTILITY" => ProjectKind.Utility,
        _ => ProjectKind.Other,
    };

    private static bool Is(string value, string expected) => string.Equals(value, expected, StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads a project file; malformed XML gives an error message instead of a project.</summary>
    public static (VcxProject? Project, string? Error) Read(string path, string text)
    {
        XDocument document;
        try
        {
            document = XDocument.Parse(text, LoadOptions.SetLineInfo);
        }
        catch (XmlException exception)
        {
            return (null, $"Malformed project XML: {exception.Message}");
        }

        // Compare local names: old projects use the MSBuild 2003 namespace, SDK-style ones none.
        var elements = document.Descendants().ToList();
        string? Property(string name) => elements
            .Where(e => e.Name.LocalName == name && e.Parent?.Name.LocalName == "PropertyGroup")
            .Select(e => e.Value.Trim())
            .FirstOrDefault(v => v.Length > 0);
        IReadOnlyList<string> Items(string name) => [.. elements
            .Where(e => e.Name.LocalName == name && e.Parent?.Name.LocalName == "ItemGroup")
            .Select(e => (string?)e.Attribute("Include"))
            .OfType<string>()];

        var fileName = System.IO.Path.GetFileNameWithoutExtension(path);
        var targetName = Property("TargetName");
        var libraries = elements
            .Where(e => e.Name.LocalName == "AdditionalDependencies" && e.Parent?.Name.LocalName == "Link")
            .SelectMany(e => e.Value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(entry => !entry.StartsWith("%(", StringComparison.Ordinal))
                .Select(entry => new LinkedLibrary(LibraryFileName(entry), ((IXmlLineInfo)e).LineNumber)))
            .Where(library => library.FileName.Length > 0)
            .DistinctBy(library => library.FileName, StringComparer.OrdinalIgnoreCase)
            .ToList();
        var includeDirectories = elements
            .Where(e => e.Name.LocalName == "AdditionalIncludeDirectories" && e.Parent?.Name.LocalName == "ClCompile")
            .SelectMany(e => e.Value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Where(entry => !entry.Contains("$(", StringComparison.Ordinal) && !entry.Contains("%(", StringComparison.Ordinal))
            .Select(entry => SourceTree.Normalize(SourceTree.Combine(SourceTree.FolderOf(path), entry)))
            .OfType<string>()
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();

        var project = new VcxProject
        {
            Path = path,
            Name = targetName is null || targetName.Contains("$(", StringComparison.Ordinal) ? fileName : targetName,
            ConfigurationType = Property("ConfigurationType") ?? "",
            DriverType = Property("DriverType") ?? "",
            PlatformToolset = Property("PlatformToolset") ?? "",
            Versions = new DriverVersions(
                Property("KMDF_VERSION_MAJOR"), Property("KMDF_VERSION_MINOR"),
                Property("UMDF_VERSION_MAJOR"), Property("UMDF_VERSION_MINOR")),
            TargetVersion = Property("TargetVersion"),
            DriverTargetPlatform = Property("DriverTargetPlatform"),
            WppEnabled = string.Equals(
                elements.Where(e => e.Name.LocalName == "WppEnabled").Select(e => e.Value.Trim()).FirstOrDefault(v => v.Length > 0),
                "true",
                StringComparison.OrdinalIgnoreCase),
            CompileItems = Items("ClCompile"),
            IncludeItems = Items("ClInclude"),
            InfItems = Items("Inf"),
            Libraries = libraries,
            IncludeDirectories = includeDirectories,
        };
        return (project, null);
    }

    /// <summary><c>$(DDK_LIB_PATH)\ndis.lib</c> and <c>.\..\lib\$(IntDir)\x.lib</c> both name a file; keep only that name.</summary>
    private static string LibraryFileName(string entry)
    {
        var name = entry[(entry.LastIndexOfAny(['\\', '/']) + 1)..];
        return PropertyReference().Replace(name, "").Trim();
    }

    [GeneratedRegex(@"\$\([^)]*\)")]
    private static partial Regex PropertyReference();
}
