namespace MigrationTracker.Core.Domain;

/// <summary>A change a person made to a driver (pairing, stage, team): what, from what, to what, by whom, when.</summary>
public class DriverChange
{
    public long Id { get; set; }

    public int DriverId { get; set; }

    /// <summary>Which property changed: Stage, Team, Counterpart.</summary>
    public required string Field { get; set; }

    public string? OldValue { get; set; }

    public string? NewValue { get; set; }

    public required string ChangedBy { get; set; }

    public DateTime ChangedAt { get; set; }
}
