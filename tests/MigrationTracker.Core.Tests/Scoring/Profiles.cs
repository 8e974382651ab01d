using MigrationTracker.Core.Analysis;
using MigrationTracker.Core.Domain;

namespace MigrationTracker.Core.Tests.Scoring;

/// <summary>Hand-built driver profiles: a clean starting point and helpers to add what a test needs.</summary>
internal static class Profiles
{
    public static CDriverProfile Driver(DriverModel model, int cCodeLines, DriverFramework framework = DriverFramework.None) => new()
    {
        Name = "driver",
        Model = model,
        Framework = framework,
        CCodeLines = cCodeLines,
        Constructs = new Dictionary<CConstruct, ConstructEvidence>(),
    };

    /// <summary>Adds <paramref name="count"/> occurrences of a construct, one per line of <paramref name="file"/>.</summary>
    public static CDriverProfile With(this CDriverProfile profile, CConstruct construct, int count, string file = "driver.c")
    {
        var constructs = new Dictionary<CConstruct, ConstructEvidence>(profile.Constructs)
        {
            [construct] = new(construct, count, [.. Enumerable.Range(1, count).Select(line => new SourceLocation(file, line))]),
        };
        return profile with { Constructs = constructs };
    }

    public static CDriverProfile WithFunctions(this CDriverProfile profile, params int[] complexities) => profile with
    {
        Functions = [.. complexities.Select((complexity, i) => new FunctionComplexity($"Function{i}", new SourceLocation("driver.c", 100 + i), complexity, 20))],
    };
}
