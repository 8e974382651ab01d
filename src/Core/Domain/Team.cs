namespace MigrationTracker.Core.Domain;

/// <summary>A driver team: owns repositories and drivers, receives its own weekly report.</summary>
public class Team
{
    public int Id { get; set; }

    /// <summary>Display name, unique.</summary>
    public required string Name { get; set; }

    /// <summary>URL-safe key used in bookmarks, report scopes and API filters; unique.</summary>
    public required string Slug { get; set; }

    public string? ContactEmail { get; set; }

    public DateTime CreatedAt { get; set; }

    public List<Repository> Repositories { get; } = [];

    public List<Driver> Drivers { get; } = [];
}
