namespace MigrationTracker.Core.Domain;

public enum DeliveryChannel
{
    Email = 0,
    Webhook = 1,
}

public enum DeliveryStatus
{
    /// <summary>Queued, not tried yet.</summary>
    Pending = 0,

    /// <summary>Accepted by the mail server or the webhook receiver.</summary>
    Delivered = 1,

    /// <summary>The last attempt failed; another is scheduled.</summary>
    Retrying = 2,

    /// <summary>Every attempt failed; it can be retried from the Reports page.</summary>
    Failed = 3,
}

/// <summary>
/// One report sent to one destination (a list of mail recipients or a webhook). Its outcome is kept apart from
/// the report, so a failed delivery never touches the stored report.
/// </summary>
public class ReportDelivery
{
    public long Id { get; set; }

    public int ReportId { get; set; }

    public StoredReport? Report { get; set; }

    public DeliveryChannel Channel { get; set; }

    /// <summary>Where it goes: the recipients' addresses, or the webhook's name from the settings (never its URL, which may hold a token).</summary>
    public required string Target { get; set; }

    public DeliveryStatus Status { get; set; }

    public int Attempts { get; set; }

    public DateTime? LastAttemptAt { get; set; }

    public DateTime? DeliveredAt { get; set; }

    /// <summary>Why the last attempt failed, in words a reader can act on.</summary>
    public string? LastError { get; set; }

    public DateTime CreatedAt { get; set; }
}
