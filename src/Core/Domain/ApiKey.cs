namespace MigrationTracker.Core.Domain;

/// <summary>
/// A key a CI system uses to post build results. Only a hash of the secret is stored; the prefix
/// (the first characters of the key) names it in lists and logs.
/// </summary>
public class ApiKey
{
    public int Id { get; set; }

    public required string Name { get; set; }

    /// <summary>The first characters of the key, shown in lists; unique.</summary>
    public required string Prefix { get; set; }

    /// <summary>SHA-256 of the whole key, hex.</summary>
    public required string SecretHash { get; set; }

    /// <summary>When set, the key may post results for this repository only.</summary>
    public int? RepositoryId { get; set; }

    /// <summary>When set, the key may post results for the repositories of this team only.</summary>
    public int? TeamId { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? LastUsedAt { get; set; }

    public DateTime? RevokedAt { get; set; }
}
