namespace MigrationTracker.Core.Domain;

public enum CredentialKind
{
    GitHubToken = 0,
    GitUsernamePassword = 1,
}

/// <summary>A named secret used to reach a repository. The secret is stored only in protected (encrypted) form.</summary>
public class Credential
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public CredentialKind Kind { get; set; }

    /// <summary>User name for username/password credentials; not secret.</summary>
    public string? UserName { get; set; }

    /// <summary>The secret as produced by the data-protection layer; never the plain text.</summary>
    public required string ProtectedSecret { get; set; }

    public DateTime CreatedAt { get; set; }
}
