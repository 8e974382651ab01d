using MigrationTracker.Core.Domain;

namespace MigrationTracker.Core.Analysis.Discovery;

/// <summary>A file a driver owns; test code is kept apart from product code by the metrics.</summary>
public sealed record DriverFile(string Path, bool IsTest);

/// <summary>WDF versions a project declares (strings as written, e.g. "1" and "33").</summary>
public sealed record DriverVersions(string? KmdfMajor, string? KmdfMinor, string? UmdfMajor, string? UmdfMinor)
{
    public static DriverVersions None { get; } = new(null, null, null, null);
}

/// <summary>One value read from an INF/INX file and the line it came from.</summary>
public sealed record InfValue(string Value, SourceLocation Location);

/// <summary>What an INF or INX file tells about the driver it installs.</summary>
public sealed record InfFacts
{
    public required string Path { get; init; }

    public InfValue? Class { get; init; }

    /// <summary>1 for a kernel driver, 2 for a file-system driver (the first <c>ServiceType</c> in the file).</summary>
    public InfValue? ServiceType { get; init; }

    public InfValue? KmdfLibraryVersion { get; init; }

    public InfValue? UmdfLibraryVersion { get; init; }

    /// <summary>Service names from <c>AddService =</c> lines.</summary>
    public IReadOnlyList<InfValue> ServiceNames { get; init; } = [];

    /// <summary>Service names from <c>KmdfService =</c> lines.</summary>
    public IReadOnlyList<InfValue> KmdfServices { get; init; } = [];

    /// <summary>Service names from <c>UmdfService =</c> lines.</summary>
    public IReadOnlyList<InfValue> UmdfServices { get; init; } = [];

    /// <summary>Binary file names from <c>ServiceBinary =</c> lines (the folder dropped).</summary>
    public IReadOnlyList<InfValue> ServiceBinaries { get; init; } = [];

    /// <summary>Hardware and compatible IDs listed in the models sections, as written.</summary>
    public IReadOnlyList<InfValue> HardwareIds { get; init; } = [];
}

/// <summary>A library or <c>#include</c> that points at a framework.</summary>
public sealed record FrameworkSignal(DriverFramework Framework, string Marker, SourceLocation Location);

/// <summary>A driver binary found in the tree: a kernel or UMDF project, or a Rust crate with WDK metadata.</summary>
public sealed record DiscoveredDriver
{
    public required string Name { get; init; }

    /// <summary>The .vcxproj or Cargo.toml path, relative to the tree root.</summary>
    public required string ProjectPath { get; init; }

    public required DriverLanguage Language { get; init; }

    public required DriverModel Model { get; init; }

    /// <summary>The hardest framework for a Rust port among those the signals show.</summary>
    public DriverFramework Framework { get; init; }

    /// <summary>Where the chosen framework shows: the project line of a library or the line of an include.</summary>
    public IReadOnlyList<SourceLocation> FrameworkEvidence { get; init; } = [];

    /// <summary>All framework signals found, including those of frameworks that lost on precedence.</summary>
    public IReadOnlyList<FrameworkSignal> FrameworkSignals { get; init; } = [];

    public DriverVersions Versions { get; init; } = DriverVersions.None;

    /// <summary>C: <c>TargetVersion</c> (e.g. Windows10).</summary>
    public string? TargetVersion { get; init; }

    /// <summary>C: <c>DriverTargetPlatform</c> (Universal, Desktop, Windows Driver).</summary>
    public string? TargetPlatform { get; init; }

    /// <summary>C: <c>WppEnabled</c> set to true in the project.</summary>
    public bool WppEnabled { get; init; }

    /// <summary>C: linked library file names; Rust: empty.</summary>
    public IReadOnlyList<string> LinkedLibraries { get; init; } = [];

    /// <summary>C: additional include folders resolved against the project folder (only those inside the tree).</summary>
    public IReadOnlyList<string> IncludeDirectories { get; init; } = [];

    /// <summary>Rust: the <c>[lib] crate-type</c> values (a driver is a cdylib).</summary>
    public IReadOnlyList<string> CrateTypes { get; init; } = [];

    /// <summary>Files the driver owns, sorted by path.</summary>
    public IReadOnlyList<DriverFile> Files { get; init; } = [];

    /// <summary>INF/INX files next to the project (or in its sample folder when none is next to it).</summary>
    public IReadOnlyList<InfFacts> Infs { get; init; } = [];
}

/// <summary>What a project that is not a driver builds.</summary>
public enum ProjectKind
{
    Other = 0,
    Application = 1,
    StaticLibrary = 2,
    DynamicLibrary = 3,
    Package = 4,
    Utility = 5,
    RustLibrary = 6,
    RustBinary = 7,
}

/// <summary>A project that builds no driver: a test app, tool, helper library or driver package.</summary>
public sealed record OtherProject(string ProjectPath, string Name, ProjectKind Kind, bool IsTestOrTool);

/// <summary>Something in the tree the engine could not read; the rest of the tree is still discovered.</summary>
public sealed record DiscoveryProblem(string Path, string Message);

/// <summary>Drivers and other projects found in a source tree, sorted by project path.</summary>
public sealed record DiscoveryResult(
    IReadOnlyList<DiscoveredDriver> Drivers,
    IReadOnlyList<OtherProject> OtherProjects,
    IReadOnlyList<DiscoveryProblem> Problems);
