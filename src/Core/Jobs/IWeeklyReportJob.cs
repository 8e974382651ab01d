using Hangfire;

namespace MigrationTracker.Core.Jobs;

/// <summary>
/// Generates and stores the weekly reports (the organisation's and each team's) for the last week that is over,
/// then queues their deliveries. Recurring (Monday 07:00 in the configured time zone by default); safe to run twice.
/// </summary>
public interface IWeeklyReportJob
{
    /// <remarks>Hangfire reads the retry policy from the method it queues: this interface method.</remarks>
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [60, 300, 900])]
    Task RunAsync(CancellationToken cancellationToken);
}
