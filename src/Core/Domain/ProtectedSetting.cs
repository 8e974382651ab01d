namespace MigrationTracker.Core.Domain;

/// <summary>
/// A setting made in the browser that holds a secret (the mail server's password, chat webhook addresses, the
/// GitHub webhook secret). The whole value is stored encrypted with Data Protection; only its name is readable.
/// </summary>
public class ProtectedSetting
{
    public required string Name { get; set; }

    /// <summary>The value as produced by the data-protection layer; never the plain text.</summary>
    public required string ProtectedValue { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>Who saved it last.</summary>
    public required string UpdatedBy { get; set; }
}
