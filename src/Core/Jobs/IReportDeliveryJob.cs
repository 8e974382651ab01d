namespace MigrationTracker.Core.Jobs;

/// <summary>Sends one stored report to one destination (a <see cref="Domain.ReportDelivery"/>); the outcome is recorded on the delivery.</summary>
public interface IReportDeliveryJob
{
    Task RunAsync(long deliveryId, CancellationToken cancellationToken);
}
