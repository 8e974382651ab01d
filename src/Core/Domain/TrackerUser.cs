using Microsoft.AspNetCore.Identity;

namespace MigrationTracker.Core.Domain;

/// <summary>A person who signs in: a local account, or one signed in through OpenID Connect.</summary>
public class TrackerUser : IdentityUser
{
    public List<TeamMembership> Teams { get; } = [];
}

/// <summary>A team a Team maintainer looks after: they may edit that team's drivers.</summary>
public class TeamMembership
{
    public required string UserId { get; set; }

    public int TeamId { get; set; }

    public Team? Team { get; set; }
}

/// <summary>The roles, each holding the rights of the ones before it.</summary>
public static class Roles
{
    /// <summary>Reads everything.</summary>
    public const string Viewer = "Viewer";

    /// <summary>Edits the drivers of their teams: pairing, stage, team.</summary>
    public const string TeamMaintainer = "TeamMaintainer";

    /// <summary>Edits every driver, generates and sends reports, changes the scoring policy.</summary>
    public const string Manager = "Manager";

    /// <summary>Repositories, credentials, users, API keys, the job dashboard.</summary>
    public const string Administrator = "Administrator";

    public static readonly string[] All = [Viewer, TeamMaintainer, Manager, Administrator];

    /// <summary>The role named (any case), or null.</summary>
    public static string? Parse(string? name) => All.FirstOrDefault(r => string.Equals(r, name?.Replace(" ", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase));

    /// <summary>The roles that include <paramref name="role"/>'s rights.</summary>
    public static string[] AtLeast(string role) => [.. All.SkipWhile(r => r != role)];
}
