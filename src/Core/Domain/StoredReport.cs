namespace MigrationTracker.Core.Domain;

/// <summary>A generated weekly report, kept so it can be downloaded again in any format.</summary>
public class StoredReport
{
    public int Id { get; set; }

    /// <summary>Monday of the report's week.</summary>
    public DateOnly WeekStart { get; set; }

    /// <summary>Team slug, or empty for the whole organisation.</summary>
    public required string Scope { get; set; }

    public DateTime GeneratedAt { get; set; }

    /// <summary>The time the figures stand at: the end of the week, or the generation time for a week not over yet.</summary>
    public DateTime AsOf { get; set; }

    /// <summary>Who asked for it: "schedule", or the person who generated it on demand.</summary>
    public string GeneratedBy { get; set; } = "schedule";

    /// <summary>The report model as JSON; every export format is rendered from it.</summary>
    public required string ModelJson { get; set; }

    public List<ReportDelivery> Deliveries { get; } = [];
}
