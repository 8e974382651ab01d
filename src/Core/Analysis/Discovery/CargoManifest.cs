using System.Globalization;
using Tomlyn;
using Tomlyn.Model;

namespace MigrationTracker.Core.Analysis.Discovery;

/// <summary>The WDK driver model a Cargo manifest declares (<c>[*.metadata.wdk.driver-model]</c>).</summary>
internal sealed record CargoDriverModel(string? DriverType, DriverVersions Versions);

/// <summary>The facts discovery reads from a Cargo.toml.</summary>
internal sealed record CargoManifest
{
    public required string Path { get; init; }

    public string Folder => SourceTree.FolderOf(Path);

    /// <summary><c>[package] name</c>; null for a virtual workspace manifest.</summary>
    public string? PackageName { get; init; }

    /// <summary>The package has a <c>[package.metadata.wdk]</c> table, even an empty one: windows-drivers-rs builds it as a driver.</summary>
    public bool HasWdkMetadata { get; init; }

    public CargoDriverModel? PackageDriverModel { get; init; }

    public bool IsWorkspace { get; init; }

    public IReadOnlyList<string> WorkspaceMembers { get; init; } = [];

    public IReadOnlyList<string> WorkspaceExclude { get; init; } = [];

    public CargoDriverModel? WorkspaceDriverModel { get; init; }

    public IReadOnlyList<string> CrateTypes { get; init; } = [];

    public bool HasBinTargets { get; init; }

    /// <summary>Reads a manifest; malformed TOML gives an error message instead of a manifest.</summary>
    public static (CargoManifest? Manifest, string? Error) Read(string path, string text)
    {
        TomlTable root;
        try
        {
            root = TomlSerializer.Deserialize<TomlTable>(text.TrimStart('\uFEFF')) ?? new TomlTable();
        }
        catch (TomlException exception)
        {
            return (null, $"Malformed Cargo.toml: {exception.Message}");
        }

        var package = Table(root, "package");
        var workspace = Table(root, "workspace");
        var packageWdk = Table(Table(package, "metadata"), "wdk");
        return (new CargoManifest
        {
            Path = path,
            PackageName = package?.TryGetValue("name", out var name) == true ? name as string : null,
            HasWdkMetadata = packageWdk is not null,
            PackageDriverModel = DriverModelOf(Table(packageWdk, "driver-model")),
            IsWorkspace = workspace is not null,
            WorkspaceMembers = Strings(workspace, "members"),
            WorkspaceExclude = Strings(workspace, "exclude"),
            WorkspaceDriverModel = DriverModelOf(Table(Table(Table(workspace, "metadata"), "wdk"), "driver-model")),
            CrateTypes = Strings(Table(root, "lib"), "crate-type"),
            HasBinTargets = root.ContainsKey("bin"),
        }, null);
    }

    private static TomlTable? Table(TomlTable? parent, string key) =>
        parent is not null && parent.TryGetValue(key, out var value) ? value as TomlTable : null;

    private static List<string> Strings(TomlTable? parent, string key) =>
        parent is not null && parent.TryGetValue(key, out var value) && value is TomlArray array
            ? [.. array.OfType<string>()]
            : [];

    private static CargoDriverModel? DriverModelOf(TomlTable? table)
    {
        if (table is null)
        {
            return null;
        }

        string? Value(string key) => table.TryGetValue(key, out var value)
            ? Convert.ToString(value, CultureInfo.InvariantCulture)
            : null;
        return new CargoDriverModel(
            Value("driver-type"),
            new DriverVersions(
                Value("kmdf-version-major"), Value("target-kmdf-version-minor"),
                Value("umdf-version-major"), Value("target-umdf-version-minor")));
    }
}
