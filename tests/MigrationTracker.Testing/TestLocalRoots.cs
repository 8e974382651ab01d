using MigrationTracker.Core.Repositories;

namespace MigrationTracker.Testing;

/// <summary>
/// Tests build their git repositories in <see cref="TemporaryDirectory"/> folders, under the system temp folder, which
/// <c>Repositories:LocalRoots</c> leaves out unless it is listed. Every host the tests start lists it through these
/// settings, unless the test names local roots of its own (<see cref="ProductDefault"/> to keep the product's).
/// </summary>
public static class TestLocalRoots
{
    private const string Key = "Repositories:LocalRoots";

    /// <summary>The system temp folder, where every <see cref="TemporaryDirectory"/> is made.</summary>
    public static string TempFolder { get; } = Path.TrimEndingDirectorySeparator(Path.GetFullPath(Path.GetTempPath()));

    /// <summary>The temp folder as the only local root, as configuration keys (an in-process host).</summary>
    public static IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?> { [$"{Key}:0"] = TempFolder };

    /// <summary>The temp folder as the only local root, as environment variables (a product process).</summary>
    public static IReadOnlyDictionary<string, string?> EnvironmentVariables { get; } = new Dictionary<string, string?> { ["Repositories__LocalRoots__0"] = TempFolder };

    /// <summary>The temp folder as the only local root, as command-line arguments (a command run in the test's process).</summary>
    public static IReadOnlyList<string> Arguments { get; } = [$"--{Key}:0", TempFolder];

    /// <summary>Names the setting without a value: the product's own default roots apply, not the temp folder.</summary>
    public static IReadOnlyDictionary<string, string?> ProductDefault { get; } = new Dictionary<string, string?> { [Key] = null };

    /// <summary>
    /// Whether the temp folder lies inside one of the product's default roots on this machine (a temp folder under
    /// the home folder), where a test of the defaults cannot tell them apart.
    /// </summary>
    public static bool DefaultsHoldTheTempFolder =>
        RepositoryOptions.DefaultLocalRoots().Any(root => TempFolder == root || TempFolder.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal));

    /// <summary>Whether one of <paramref name="keys"/> (configuration key, environment variable or <c>--</c> argument) sets local roots.</summary>
    public static bool AreNamedIn(IEnumerable<string> keys) =>
        keys.Select(k => k.TrimStart('-').Replace("__", ":", StringComparison.Ordinal))
            .Any(k => string.Equals(k, Key, StringComparison.OrdinalIgnoreCase) || k.StartsWith(Key + ":", StringComparison.OrdinalIgnoreCase));

    /// <summary><paramref name="settings"/> (configuration keys) with the temp folder as local root, unless they name their own.</summary>
    public static Dictionary<string, string?> AllowTempFolder(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        var allowed = new Dictionary<string, string?>(settings);
        if (!AreNamedIn(allowed.Keys))
        {
            foreach (var (key, value) in Settings)
            {
                allowed[key] = value;
            }
        }

        return allowed;
    }
}
