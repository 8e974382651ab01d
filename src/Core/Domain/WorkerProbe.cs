namespace MigrationTracker.Core.Domain;

/// <summary>Proof that a job server picked up and ran a job: which process ran a diagnostic probe, and when.</summary>
public class WorkerProbe
{
    public Guid Id { get; set; }

    public DateTime RequestedAt { get; set; }

    public DateTime? CompletedAt { get; set; }

    /// <summary>Hangfire server name, machine name and process id of the worker that ran it.</summary>
    public string? WorkerName { get; set; }

    public int? ProcessId { get; set; }
}
