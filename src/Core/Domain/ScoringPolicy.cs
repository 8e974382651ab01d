namespace MigrationTracker.Core.Domain;

/// <summary>A version of the Rust-readiness scoring weights and thresholds. Versions are never edited, only added.</summary>
public class ScoringPolicy
{
    public int Id { get; set; }

    public int Version { get; set; }

    /// <summary>Weights and thresholds as a JSON document.</summary>
    public required string Document { get; set; }

    public string? CreatedBy { get; set; }

    public string? Comment { get; set; }

    public DateTime CreatedAt { get; set; }
}
