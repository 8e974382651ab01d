using System.Text.RegularExpressions;
using MigrationTracker.Core.Domain;

namespace MigrationTracker.Core.Repositories;

/// <summary>What <see cref="RepositoryLocation.Parse"/> checks a typed location against.</summary>
/// <param name="AllowedSchemes">Lower-case schemes a git URL may use (<c>ssh</c> also allows <c>git@host:path</c>).</param>
/// <param name="LocalRoots">Absolute folders a local repository must lie in; empty turns local paths off.</param>
/// <param name="DirectoryExists">Whether a folder exists; asked of the disk, so tests can answer it.</param>
/// <param name="ResolveLinks">
/// The path with every symbolic link along it followed, or null when they go round in a loop; asked of the disk.
/// Without it (tests answering from a list) paths are taken as they are written.
/// </param>
public sealed record RepositoryLocationRules(
    IReadOnlyList<string> AllowedSchemes,
    IReadOnlyList<string> LocalRoots,
    Func<string, bool> DirectoryExists,
    Func<string, string?>? ResolveLinks = null)
{
    /// <summary>
    /// Folders of the product's own (the demo's repositories in the data folder), allowed whatever
    /// <see cref="LocalRoots"/> says, even when it turns local paths off; messages name only the configured folders.
    /// </summary>
    public IReadOnlyList<string> ProductFolders { get; init; } = [];

    internal IEnumerable<string> AllowedFolders => LocalRoots.Concat(ProductFolders);

    /// <summary>The rules of the settings, asking this machine's disk.</summary>
    public static RepositoryLocationRules From(RepositoryOptions options, Func<string, bool> directoryExists)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new RepositoryLocationRules(options.EffectiveAllowedSchemes, options.EffectiveLocalRoots, directoryExists, SymbolicLinks.Resolve);
    }
}

/// <summary>
/// A repository address as typed by a user, checked and normalised: a git URL (https, ssh,
/// <c>git@host:owner/repo.git</c>), an absolute local path inside an allowed folder, or a GitHub
/// <c>owner/name</c>. Nothing is stored or fetched; <see cref="Parse"/> only reads the text (and asks
/// <see cref="RepositoryLocationRules.DirectoryExists"/> about local paths).
/// </summary>
/// <param name="Kind">How the product reaches the repository.</param>
/// <param name="Location">The normalised address to store and fetch from.</param>
/// <param name="SuggestedName">A display name taken from the address (the repository's last path segment).</param>
/// <param name="DuplicateKey">Two locations of one kind with equal keys are the same repository (case, trailing <c>.git</c> and slashes aside).</param>
public sealed partial record RepositoryLocation(RepositoryKind Kind, string Location, string SuggestedName, string DuplicateKey)
{
    /// <summary>The longest location stored (the column's size).</summary>
    public const int MaxLength = 1000;

    private const string WhatToType =
        "Type a git URL (https://git.example.com/drivers.git or git@git.example.com:team/drivers.git), an absolute local path (/srv/git/drivers.git), or a GitHub repository as owner/name.";

    public static RepositoryLocationResult Parse(string? input, RepositoryLocationRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var text = input?.Trim() ?? string.Empty;
        if (text.Length == 0)
        {
            return Fail($"The location is empty. {WhatToType}");
        }

        if (text.Length > MaxLength)
        {
            return Fail($"The location is {text.Length} characters long; at most {MaxLength} are accepted. Check that you pasted only the repository's address.");
        }

        if (text.Any(char.IsControl))
        {
            return Fail("The location contains a control character (a tab, a line break or an invisible character). Type the address again on one line, without pasting hidden characters.");
        }

        if (text.StartsWith('-'))
        {
            return Fail($"The location '{text}' starts with '-', which git would read as an option, not an address. {WhatToType}");
        }

        // git's "transport::address" runs a remote helper program (ext:: runs any command): never a repository address here.
        if (TransportHelperPrefix().Match(text) is { Success: true } helper)
        {
            return Fail($"'{text}' uses git's '{helper.Groups["transport"].Value}::' form, which runs a program to reach the repository; it is not accepted. {WhatToType}");
        }

        if (SchemePrefix().Match(text) is { Success: true } scheme)
        {
            return ParseUrl(text, scheme.Groups["scheme"].Value.ToLowerInvariant(), rules);
        }

        if (text.StartsWith('~'))
        {
            return Fail($"'{text}' uses '~', which is not expanded here. Type the full path, for example /home/you/drivers.git.");
        }

        if (Path.IsPathFullyQualified(text) || text.StartsWith('/') || text.StartsWith('\\'))
        {
            return ParseLocalPath(text, rules);
        }

        if (ScpLike().Match(text) is { Success: true } scp)
        {
            return ParseScpLike(text, scp, rules);
        }

        if (text.StartsWith("github.com/", StringComparison.OrdinalIgnoreCase))
        {
            text = text["github.com/".Length..];
        }

        if (text.Count(c => c == '/') == 1 && !text.StartsWith('.'))
        {
            return ParseGitHub(text);
        }

        if (text.StartsWith("./", StringComparison.Ordinal) || text.StartsWith("../", StringComparison.Ordinal) || text.Contains('/', StringComparison.Ordinal) || text.Contains('\\', StringComparison.Ordinal))
        {
            return Fail($"'{text}' is a relative path. Type the full path of the repository, starting with '/', for example /srv/git/drivers.git.");
        }

        return Fail($"'{text}' is not a repository address. {WhatToType}");
    }

    // Stored locations are compared, not admitted: any scheme, any folder, no disk access.
    private static readonly RepositoryLocationRules AnyStored = new([.. RepositoryOptions.KnownSchemes], ["/"], _ => true);

    /// <summary>The <see cref="DuplicateKey"/> of a location already stored (possibly by an older version or the command line).</summary>
    public static string DuplicateKeyOf(RepositoryKind kind, string storedLocation)
    {
        ArgumentNullException.ThrowIfNull(storedLocation);
        if (kind == RepositoryKind.LocalPath)
        {
            return LocalKey(Path.TrimEndingDirectorySeparator(storedLocation.Trim()));
        }

        var parsed = Parse(storedLocation, AnyStored).Location;
        return parsed is not null && parsed.Kind == kind ? parsed.DuplicateKey : storedLocation.Trim().ToLowerInvariant();
    }

    private static RepositoryLocationResult ParseUrl(string text, string scheme, RepositoryLocationRules rules)
    {
        // Checked on the text as typed: Uri quietly resolves '..' and refuses a server name starting with '-'.
        var afterScheme = text[(text.IndexOf("://", StringComparison.Ordinal) + 3)..];
        var authority = afterScheme.Split('/')[0];
        if (afterScheme.Split('/').Skip(1).Any(segment => Uri.UnescapeDataString(segment) is ".." or "."))
        {
            return Fail(scheme == "file"
                ? $"The path '{text}' contains '..'. Type the repository's full path without '..' segments."
                : $"The address '{text}' contains '.' or '..' as a path segment. Type the repository's path without them.");
        }

        if (authority.StartsWith('-') || authority[(authority.LastIndexOf('@') + 1)..].StartsWith('-'))
        {
            return Fail($"The server name in '{text}' starts with '-', which git would read as an option. Check the address.");
        }

        if (scheme == "file")
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var fileUri) || !string.IsNullOrEmpty(fileUri.Host))
            {
                return Fail($"'{text}' is not a file address of this machine. Type the folder's absolute path instead, for example /srv/git/drivers.git.");
            }

            // A file:// URL is a local path in disguise: the same folder rules apply.
            return ParseLocalPath(Uri.UnescapeDataString(fileUri.AbsolutePath), rules);
        }

        var allowed = string.Join(", ", rules.AllowedSchemes);
        if (!rules.AllowedSchemes.Contains(scheme))
        {
            return Fail(rules.AllowedSchemes.Count == 0
                ? $"Git URLs are turned off here ('{scheme}://' is not allowed). Add a local path or a GitHub owner/name, or ask an administrator to set Repositories:AllowedSchemes."
                : $"'{scheme}://' addresses are not allowed here (allowed: {allowed}). Use an address starting with {string.Join(" or ", rules.AllowedSchemes.Select(s => s + "://"))}, or ask an administrator to add '{scheme}' to Repositories:AllowedSchemes.");
        }

        if (text.Any(char.IsWhiteSpace))
        {
            return Fail($"The address '{text}' contains a space. Git URLs have none: copy the clone address from the server again.");
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            return Fail($"'{text}' is not a valid {scheme} address: it needs a server name, as in {scheme}://git.example.com/team/drivers.git.");
        }

        if (uri.UserInfo.Length > 0 && (uri.UserInfo.Contains(':', StringComparison.Ordinal) || scheme is "https" or "http"))
        {
            return Fail($"The address contains a user name or password before '@' ({scheme}://…@{uri.Host}/…). Do not put credentials in the address: remove that part and enter the token in the Token field (it is stored encrypted).");
        }

        if (uri.Host.StartsWith('-') || uri.UserInfo.StartsWith('-'))
        {
            return Fail($"The server name in '{text}' starts with '-', which git would read as an option. Check the address.");
        }

        if (uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            // Not repeated: the part may hold a token, and the message is shown and printed.
            var shown = text[..text.IndexOfAny(['?', '#'])];
            return Fail($"The address '{shown}…' has a '?' or '#' part, which git addresses do not have (and which may carry a secret). Remove everything from the '?' or '#' on.");
        }

        var path = uri.AbsolutePath.TrimEnd('/');
        if (path.Length == 0)
        {
            return Fail($"The address '{text}' names a server but no repository. Add the repository's path, as in {scheme}://{uri.Host}/team/drivers.git.");
        }

        var user = uri.UserInfo.Length > 0 ? uri.UserInfo + "@" : string.Empty;
        var port = uri.IsDefaultPort ? string.Empty : $":{uri.Port}";
        var host = uri.Host.ToLowerInvariant();
        var location = $"{scheme}://{user}{host}{port}{path}";
        return Ok(RepositoryKind.GitRemote, location, NameFromPath(path), $"{scheme}://{host}{port}{KeyPath(path)}");
    }

    private static RepositoryLocationResult ParseScpLike(string text, Match match, RepositoryLocationRules rules)
    {
        if (!rules.AllowedSchemes.Contains("ssh"))
        {
            return Fail($"ssh addresses ({text}) are not allowed here (allowed: {string.Join(", ", rules.AllowedSchemes)}). Use an https:// address, or ask an administrator to add 'ssh' to Repositories:AllowedSchemes.");
        }

        var user = match.Groups["user"].Value;
        var host = match.Groups["host"].Value.ToLowerInvariant();
        var path = match.Groups["path"].Value.TrimEnd('/');
        if (host.StartsWith('-') || user.StartsWith('-') || path.StartsWith('-'))
        {
            return Fail($"A part of '{text}' starts with '-', which git would read as an option. Check the address.");
        }

        if (!HostName().IsMatch(host) || !UserName().IsMatch(user))
        {
            return Fail($"'{text}' is not a valid ssh address: the user and server names have letters, digits, '.', '_' and '-' only. Check the address, as in git@{(HostName().IsMatch(host) ? host : "git.example.com")}:team/drivers.git.");
        }

        if (path.Length == 0)
        {
            return Fail($"The address '{text}' names a server but no repository. Add the repository's path after ':', as in git@{host}:team/drivers.git.");
        }

        if (path.Any(char.IsWhiteSpace))
        {
            return Fail($"The address '{text}' contains a space. Git addresses have none: copy the clone address from the server again.");
        }

        if (path.Split('/').Any(segment => segment is ".." or "."))
        {
            return Fail($"The address '{text}' contains '.' or '..' as a path segment. Type the repository's path without them.");
        }

        var location = $"{(user.Length > 0 ? user + "@" : string.Empty)}{host}:{path}";
        return Ok(RepositoryKind.GitRemote, location, NameFromPath(path), $"ssh://{host}/{KeyPath(path).TrimStart('/')}");
    }

    private static RepositoryLocationResult ParseLocalPath(string text, RepositoryLocationRules rules)
    {
        const string turnedOff = "Local paths are turned off here (Repositories:LocalRoots is 'none'). Add the repository by its git URL or GitHub owner/name, or ask an administrator to allow a folder.";
        if (!rules.AllowedFolders.Any())
        {
            return Fail(turnedOff);
        }

        if (text.Split('/', '\\').Any(segment => segment == ".."))
        {
            return Fail($"The path '{text}' contains '..'. Type the repository's full path without '..' segments.");
        }

        if (!Path.IsPathFullyQualified(text))
        {
            return Fail($"The path '{text}' is not absolute. Type the full path of the repository, for example /srv/git/drivers.git.");
        }

        var path = Path.TrimEndingDirectorySeparator(Path.GetFullPath(text));
        var root = rules.AllowedFolders
            .Select(r => Path.TrimEndingDirectorySeparator(Path.GetFullPath(r)))
            .FirstOrDefault(r => IsInside(path, r));
        if (root is null && rules.LocalRoots.Count == 0)
        {
            return Fail(turnedOff);
        }

        if (root is null)
        {
            var outside = $"The path '{path}' is outside the folders local repositories may be added from ({string.Join(", ", rules.LocalRoots)}). Move or clone the repository into one of them, or ask an administrator to add its folder to Repositories:LocalRoots.";
            return Fail(IsInside(path, TempFolder())
                ? outside + " The temp folder is allowed only when listed there, because every user of the server can write to it."
                : outside);
        }

        if (!rules.DirectoryExists(path))
        {
            return Fail($"The folder '{path}' does not exist on the server. Check the path (it is a path on the machine MigrationTracker runs on, not on your computer).");
        }

        // git follows symbolic links when it opens the folder: where they lead must be inside an allowed folder too.
        if (rules.ResolveLinks is { } resolve)
        {
            var target = resolve(path);
            if (target is null)
            {
                return Fail($"The path '{path}' goes through symbolic links that lead round in a loop. Type the repository's real path.");
            }

            var resolvedRoots = rules.AllowedFolders.Select(r => resolve(Path.TrimEndingDirectorySeparator(Path.GetFullPath(r)))).OfType<string>();
            if (!resolvedRoots.Any(r => IsInside(target, r)))
            {
                return Fail($"The path '{path}' leads through a symbolic link to '{target}', outside the folders local repositories may be added from ({string.Join(", ", rules.LocalRoots)}). Add the repository by its real path inside one of them, or ask an administrator to add its folder to Repositories:LocalRoots.");
            }
        }

        var name = Path.GetFileName(path);
        if (name.Length == 0)
        {
            name = path;
        }

        return Ok(RepositoryKind.LocalPath, path, TrimGitSuffix(name), LocalKey(path));
    }

    private static RepositoryLocationResult ParseGitHub(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var owner = text[..slash];
        var name = TrimGitSuffix(text[(slash + 1)..]);
        if (!GitHubOwner().IsMatch(owner))
        {
            return Fail($"'{owner}' is not a GitHub account name: it has 1 to 39 letters, digits or single hyphens, and does not start or end with a hyphen. Type the repository as owner/name, for example microsoft/Windows-driver-samples.");
        }

        if (!GitHubName().IsMatch(name) || name is "." or "..")
        {
            return Fail($"'{name}' is not a GitHub repository name: it has 1 to 100 letters, digits, '.', '-' or '_'. Type the repository as owner/name, for example microsoft/Windows-driver-samples.");
        }

        var location = $"{owner}/{name}";
        return Ok(RepositoryKind.GitHub, location, name, location.ToLowerInvariant());
    }

    private static string LocalKey(string path) => OperatingSystem.IsWindows() ? path.ToUpperInvariant() : path;

    private static string TempFolder() => Path.TrimEndingDirectorySeparator(Path.GetFullPath(Path.GetTempPath()));

    private static bool IsInside(string path, string root)
    {
        var comparison = OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        if (string.Equals(path, root, comparison))
        {
            return true;
        }

        var prefix = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        return path.StartsWith(prefix, comparison);
    }

    private static string NameFromPath(string path)
    {
        var last = path.TrimEnd('/').Split('/').LastOrDefault(s => s.Length > 0) ?? path;
        return TrimGitSuffix(Uri.UnescapeDataString(last));
    }

    private static string KeyPath(string path) => TrimGitSuffix(path.TrimEnd('/')).ToLowerInvariant();

    private static string TrimGitSuffix(string name) =>
        name.Length > 4 && name.EndsWith(".git", StringComparison.OrdinalIgnoreCase) ? name[..^4] : name;

    private static RepositoryLocationResult Ok(RepositoryKind kind, string location, string name, string key) =>
        new(new RepositoryLocation(kind, location, name, key), null);

    private static RepositoryLocationResult Fail(string error) => new(null, error);

    [GeneratedRegex(@"^(?<scheme>[A-Za-z][A-Za-z0-9+.\-]*)://")]
    private static partial Regex SchemePrefix();

    [GeneratedRegex(@"^(?<transport>[A-Za-z][A-Za-z0-9+.\-]*)::")]
    private static partial Regex TransportHelperPrefix();

    // git's rule: a colon before any slash makes user@host:path an ssh address. A one-letter host
    // without a user would be a Windows drive (C:\), so a host needs two characters or a user.
    [GeneratedRegex(@"^(?:(?<user>[^@/:\\\s]+)@)?(?<host>[^@/:\\\s]{2,}|(?<=@)[^@/:\\\s])(?::)(?<path>[^:\\]*)$")]
    private static partial Regex ScpLike();

    [GeneratedRegex(@"^[a-z0-9.\-]+$")]
    private static partial Regex HostName();

    [GeneratedRegex(@"^[A-Za-z0-9._\-]*$")]
    private static partial Regex UserName();

    [GeneratedRegex(@"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$")]
    private static partial Regex GitHubOwner();

    [GeneratedRegex(@"^[A-Za-z0-9._\-]{1,100}$")]
    private static partial Regex GitHubName();
}

/// <summary>Either a valid <see cref="RepositoryLocation"/> or an error in words that says what to type instead.</summary>
public sealed record RepositoryLocationResult(RepositoryLocation? Location, string? Error)
{
    public bool IsValid => Location is not null;
}
