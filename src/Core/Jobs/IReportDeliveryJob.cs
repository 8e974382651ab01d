using Hangfire;

namespace MigrationTracker.Core.Jobs;

/// <summary>Sends one stored report to one destination (a <see cref="Domain.ReportDelivery"/>); the outcome is recorded on the delivery.</summary>
public interface IReportDeliveryJob
{
    // Hangfire reads these from the method it queues, which is this one, not the implementation's.
    // No automatic retry: the job retries within its run and counts each attempt on the delivery; a delivery that
    // failed them all waits for a retry from the Reports page, so a mail server that is down is not hammered.
    // One run per delivery at a time: a delivery queued twice (a report planned again) is sent once.
    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution("report-delivery:{0}", 600)]
    Task RunAsync(long deliveryId, CancellationToken cancellationToken);
}
