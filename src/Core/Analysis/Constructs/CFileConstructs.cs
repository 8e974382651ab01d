namespace MigrationTracker.Core.Analysis.Constructs;

/// <summary>What the construct scanner found in one C/C++ file: the lines of each construct, and the functions.</summary>
public sealed class CFileConstructs
{
    private readonly List<int>?[] _lines = new List<int>?[Enum.GetValues<CConstruct>().Length];

    public List<FunctionComplexity> Functions { get; } = [];

    /// <summary>The file's <c>#include</c> lines, for framework detection.</summary>
    public List<Discovery.IncludeDirective> Includes { get; } = [];

    /// <summary>The lines where a construct occurs, one entry per occurrence.</summary>
    public IReadOnlyList<int> LinesOf(CConstruct construct) => _lines[(int)construct] ?? (IReadOnlyList<int>)[];

    public int Count(CConstruct construct) => _lines[(int)construct]?.Count ?? 0;

    /// <summary>C++ shows in the file: classes, templates, namespaces, new/delete (also in a .h file).</summary>
    public bool UsesCpp => Count(CConstruct.CppClass) + Count(CConstruct.CppTemplate) + Count(CConstruct.CppNamespace) + Count(CConstruct.CppNewDelete) > 0;

    internal void Add(CConstruct construct, int line) => (_lines[(int)construct] ??= []).Add(line);

    /// <summary>Every construct found, with its lines, for storage.</summary>
    public Dictionary<CConstruct, int[]> AllLines() => Enum.GetValues<CConstruct>()
        .Where(c => _lines[(int)c] is { Count: > 0 })
        .ToDictionary(c => c, c => _lines[(int)c]!.ToArray());

    /// <summary>Rebuilds stored results (see <see cref="AllLines"/>).</summary>
    public static CFileConstructs From(IReadOnlyDictionary<CConstruct, int[]> lines, IEnumerable<FunctionComplexity> functions, IEnumerable<Discovery.IncludeDirective> includes)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var result = new CFileConstructs();
        foreach (var (construct, at) in lines)
        {
            result._lines[(int)construct] = [.. at];
        }

        result.Functions.AddRange(functions);
        result.Includes.AddRange(includes);
        return result;
    }

    /// <summary>A copy whose function locations name another path (the lines stay).</summary>
    public CFileConstructs At(string path)
    {
        var copy = new CFileConstructs();
        Array.Copy(_lines, copy._lines, _lines.Length);
        copy.Functions.AddRange(Functions.Select(f => f with { Location = f.Location with { Path = path } }));
        copy.Includes.AddRange(Includes);
        return copy;
    }
}
