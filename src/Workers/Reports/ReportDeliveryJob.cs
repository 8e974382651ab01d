using System.Text.Json;
using MigrationTracker.Core.Data;
using MigrationTracker.Core.Domain;
using MigrationTracker.Core.Jobs;
using MigrationTracker.Core.Reports;
using MigrationTracker.Workers.Secrets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace MigrationTracker.Workers.Reports;

/// <summary>
/// Sends one stored report to one destination, trying up to <see cref="ReportDeliveryOptions.Attempts"/> times with a
/// doubling delay, and records each attempt on the delivery. A delivery already delivered is left alone, so a job
/// that runs again never sends twice. The stored report is only read.
/// </summary>
/// <remarks>
/// Hangfire itself does not retry this job (see <see cref="IReportDeliveryJob"/>): the retries happen here, where
/// each is counted on the delivery, and a delivery that failed them all waits for the Reports page's retry button.
/// The job still ends failed, so the job dashboard shows it too.
/// </remarks>
public sealed class ReportDeliveryJob(
    IDbContextFactory<TrackerDbContext> contextFactory,
    ReportMailSender mail,
    ReportWebhookSender webhooks,
    ReportDeliverySettings deliverySettings,
    TimeProvider clock,
    ILogger<ReportDeliveryJob> logger) : IReportDeliveryJob
{
    /// <summary>No wait between attempts grows beyond this, however many attempts are configured.</summary>
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);

    public async Task RunAsync(long deliveryId, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var delivery = await context.ReportDeliveries.SingleOrDefaultAsync(d => d.Id == deliveryId, cancellationToken);
        if (delivery is null)
        {
            // Its report was deleted since the job was queued.
            logger.LogInformation("Report delivery {DeliveryId} skipped: it no longer exists", deliveryId);
            return;
        }

        if (delivery.Status == DeliveryStatus.Delivered)
        {
            logger.LogInformation("Report delivery {DeliveryId} skipped: it was delivered at {DeliveredAt:u}", deliveryId, delivery.DeliveredAt);
            return;
        }

        var settings = await deliverySettings.GetAsync(cancellationToken);
        var modelJson = await context.Reports.AsNoTracking()
            .Where(r => r.Id == delivery.ReportId)
            .Select(r => r.ModelJson)
            .SingleAsync(cancellationToken);

        for (var attempt = 1; ; attempt++)
        {
            delivery.Attempts++;
            delivery.LastAttemptAt = clock.GetUtcNow().UtcDateTime;
            DeliveryFailedException failure;
            try
            {
                await SendAsync(delivery, modelJson, settings, cancellationToken);
                delivery.Status = DeliveryStatus.Delivered;
                delivery.DeliveredAt = clock.GetUtcNow().UtcDateTime;
                delivery.LastError = null;
                await context.SaveChangesAsync(cancellationToken);
                logger.LogInformation(
                    "Report {ReportId} delivered by {Channel} to {Target} (delivery {DeliveryId}, attempt {Attempt})",
                    delivery.ReportId, delivery.Channel, delivery.Target, delivery.Id, delivery.Attempts);
                return;
            }
            catch (DeliveryFailedException ex)
            {
                failure = ex;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // A fault of the program, not of the destination: recorded so the delivery does not look pending forever, then rethrown.
                delivery.Status = DeliveryStatus.Failed;
                delivery.LastError = Fit($"The delivery failed unexpectedly ({ex.GetType().Name}); the job's log has the details.");
                await context.SaveChangesAsync(CancellationToken.None);
                logger.LogError(ex, "Report delivery {DeliveryId} ({Channel} to {Target}) failed unexpectedly", delivery.Id, delivery.Channel, delivery.Target);
                throw;
            }

            var again = failure.Transient && attempt < settings.Options.Attempts;
            delivery.Status = again ? DeliveryStatus.Retrying : DeliveryStatus.Failed;
            delivery.LastError = Fit(failure.Message);
            await context.SaveChangesAsync(CancellationToken.None);
            if (!again)
            {
                logger.LogWarning(
                    "Report delivery {DeliveryId} ({Channel} to {Target}) failed after {Attempts} attempts in all: {Reason}",
                    delivery.Id, delivery.Channel, delivery.Target, delivery.Attempts, failure.Message);
                throw failure;
            }

            var wait = Backoff(settings.Options.RetryDelay, attempt);
            logger.LogInformation(
                "Report delivery {DeliveryId} ({Channel} to {Target}) attempt {Attempt} failed, trying again in {Wait}: {Reason}",
                delivery.Id, delivery.Channel, delivery.Target, attempt, wait, failure.Message);
            await Task.Delay(wait, clock, cancellationToken);
        }
    }

    /// <summary>The wait after failed attempt <paramref name="attempt"/>: the delay, doubled for each attempt before.</summary>
    internal static TimeSpan Backoff(TimeSpan delay, int attempt) =>
        TimeSpan.FromTicks((long)Math.Min(MaxBackoff.Ticks, delay.Ticks * Math.Pow(2, attempt - 1)));

    private async Task SendAsync(ReportDelivery delivery, string modelJson, DeliverySettingsInForce settings, CancellationToken cancellationToken)
    {
        WeeklyReport report;
        try
        {
            report = ReportJson.Deserialize(modelJson);
        }
        catch (JsonException ex)
        {
            throw new DeliveryFailedException($"The stored report {delivery.ReportId} could not be read ({ex.Message}); generate the week's report again.", transient: false, ex);
        }

        switch (delivery.Channel)
        {
            case DeliveryChannel.Email:
                // Saved settings that cannot be decrypted any more: not the configured server in their place, but the reason.
                if (settings.MailProblem is { } mailProblem)
                {
                    throw new DeliveryFailedException(mailProblem, transient: false);
                }

                await mail.SendAsync(report, settings.Options.Email, DeliveryDestinations.Recipients(delivery.Target), cancellationToken);
                break;
            case DeliveryChannel.Webhook:
                var webhook = settings.Options.Webhooks.FirstOrDefault(w => string.Equals(w.Name.Trim(), delivery.Target, StringComparison.OrdinalIgnoreCase))
                    ?? throw new DeliveryFailedException(
                        settings.WebhooksProblem
                            ?? $"The webhook '{delivery.Target}' is no longer in the settings (the Settings page or {ReportDeliveryOptions.SectionName}:{nameof(ReportDeliveryOptions.Webhooks)}).",
                        transient: false);
                await webhooks.SendAsync(report, webhook, cancellationToken);
                break;
            default:
                throw new DeliveryFailedException($"Delivery channel {delivery.Channel} is not known to this version.", transient: false);
        }
    }

    private static string Fit(string message) => message.Length <= 2000 ? message : message[..1999] + "…";
}
