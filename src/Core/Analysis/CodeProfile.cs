namespace MigrationTracker.Core.Analysis;

/// <summary>One construct's count in a driver's code and where it occurs.</summary>
public sealed record ConstructEvidence(CConstruct Construct, int Count, IReadOnlyList<SourceLocation> Locations);

/// <summary>A function and its cyclomatic complexity (1 + decision points).</summary>
public sealed record FunctionComplexity(string Name, SourceLocation Location, int Complexity, int CodeLines);

/// <summary>
/// What the analysis measured in a C/C++ driver's product code (test code excluded): the input
/// of the readiness score. Pure data, so a score can be recomputed under a new policy without a rescan.
/// </summary>
public sealed record CDriverProfile
{
    public required string Name { get; init; }

    public required Domain.DriverModel Model { get; init; }

    public DriverFramework Framework { get; init; }

    /// <summary>UMDF major version from the project file (1 or 2); null for kernel drivers or when not declared.</summary>
    public int? UmdfVersionMajor { get; init; }

    /// <summary>Code lines per language (cloc rules) over the driver's product files.</summary>
    public int CCodeLines { get; init; }

    public int CppCodeLines { get; init; }

    public int HeaderCodeLines { get; init; }

    public int TotalCodeLines => CCodeLines + CppCodeLines + HeaderCodeLines;

    /// <summary>Files where C++ was found (by extension or by C++ constructs in headers).</summary>
    public IReadOnlyList<string> CppFiles { get; init; } = [];

    public required IReadOnlyDictionary<CConstruct, ConstructEvidence> Constructs { get; init; }

    public IReadOnlyList<FunctionComplexity> Functions { get; init; } = [];

    /// <summary>Evidence for the framework: the include or library line that revealed it.</summary>
    public IReadOnlyList<SourceLocation> FrameworkEvidence { get; init; } = [];

    public int Count(CConstruct construct) => Constructs.TryGetValue(construct, out var evidence) ? evidence.Count : 0;
}
