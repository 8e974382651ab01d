namespace MigrationTracker.Core.Repositories;

/// <summary>Which repository addresses users may add (section <c>Repositories</c>).</summary>
public sealed class RepositoryOptions
{
    public const string SectionName = "Repositories";

    /// <summary>Written as the only entry of <see cref="LocalRoots"/>, turns local paths off.</summary>
    public const string NoLocalRoots = "none";

    /// <summary>Schemes a git URL may use; <c>ssh</c> also covers <c>git@host:owner/repo.git</c>.</summary>
    public static readonly IReadOnlyList<string> DefaultAllowedSchemes = ["https", "ssh"];

    /// <summary>Schemes this product can fetch over; anything else is a configuration error.</summary>
    public static readonly IReadOnlyList<string> KnownSchemes = ["https", "http", "ssh", "git"];

    // Null rather than a default array: the configuration binder appends to an array it finds, so a
    // default list here could never be replaced, only extended.

    /// <summary>Schemes allowed for git URLs; empty means <see cref="DefaultAllowedSchemes"/>.</summary>
    public string[]? AllowedSchemes { get; set; }

    /// <summary>Folders local repositories must lie in; empty means <see cref="DefaultLocalRoots"/>, <c>none</c> turns local paths off.</summary>
    public string[]? LocalRoots { get; set; }

    public IReadOnlyList<string> EffectiveAllowedSchemes =>
        AllowedSchemes is { Length: > 0 } schemes
            ? [.. schemes.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim().ToLowerInvariant()).Distinct()]
            : DefaultAllowedSchemes;

    public IReadOnlyList<string> EffectiveLocalRoots =>
        ListedLocalRoots() switch
        {
            [] => DefaultLocalRoots(),
            [var only] when IsNone(only) => [],
            var roots => roots,
        };

    /// <summary>
    /// The first-run default: the user's home folder and <c>/srv/git</c>, so that a repository on this machine can be
    /// added without configuration. Production sets its own list.
    /// </summary>
    /// <remarks>
    /// Not the temp folder: any local user can write there, so on a shared server anyone could plant a repository (or a
    /// symbolic link) at a path an administrator then adds, and the sync would read it. It is allowed only when listed.
    /// </remarks>
    public static IReadOnlyList<string> DefaultLocalRoots()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        string[] candidates = [home, "/srv/git"];
        return [.. candidates.Where(c => !string.IsNullOrWhiteSpace(c) && Path.IsPathFullyQualified(c))
            .Select(c => Path.TrimEndingDirectorySeparator(Path.GetFullPath(c)))
            .Distinct(StringComparer.Ordinal)];
    }

    /// <summary>
    /// The entries as listed, trimmed and each once, whoever bound them (<c>AddRepositoryOptions</c> binds the section
    /// once per process; anything binding it again would append to the array rather than replace it).
    /// </summary>
    private List<string> ListedLocalRoots() =>
        [.. (LocalRoots ?? []).Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => r.Trim()).Distinct(StringComparer.Ordinal)];

    private static bool IsNone(string entry) => string.Equals(entry, NoLocalRoots, StringComparison.OrdinalIgnoreCase);

    /// <summary>What is wrong with the settings, in words naming the setting; empty when they are fine.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        foreach (var scheme in EffectiveAllowedSchemes)
        {
            if (!KnownSchemes.Contains(scheme))
            {
                problems.Add($"{SectionName}:{nameof(AllowedSchemes)} contains '{scheme}', which git cannot be fetched over here. Known schemes: {string.Join(", ", KnownSchemes)}.");
            }
        }

        var listed = ListedLocalRoots();
        if (listed.Count > 1 && listed.Any(IsNone))
        {
            problems.Add($"{SectionName}:{nameof(LocalRoots)} lists '{NoLocalRoots}' beside folders. Write '{NoLocalRoots}' alone to turn local paths off, or list only folders.");
            return problems;
        }

        foreach (var root in EffectiveLocalRoots)
        {
            if (!Path.IsPathFullyQualified(root))
            {
                problems.Add($"{SectionName}:{nameof(LocalRoots)} contains '{root}', which is not an absolute folder path. Write it in full (for example /srv/git), or write '{NoLocalRoots}' to turn local paths off.");
            }
        }

        return problems;
    }
}
