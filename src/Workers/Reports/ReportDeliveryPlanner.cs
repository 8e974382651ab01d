using Hangfire;
using MigrationTracker.Core.Data;
using MigrationTracker.Core.Domain;
using MigrationTracker.Core.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace MigrationTracker.Workers.Reports;

/// <summary>
/// Records where a stored report goes (one <see cref="ReportDelivery"/> per configured destination of its scope)
/// and queues the sends. Planning twice, or from two processes at once, makes no second delivery: the database
/// keeps one per report, channel and target.
/// </summary>
public sealed class ReportDeliveryPlanner(
    IDbContextFactory<TrackerDbContext> contextFactory,
    IBackgroundJobClient jobs,
    ReportDeliverySettings settings,
    TimeProvider clock,
    ILogger<ReportDeliveryPlanner> logger)
{
    // A conflict means another planner inserted the same rows; reading them back settles it, so a few rounds suffice.
    private const int MaxRounds = 3;

    /// <summary>Creates the report's missing deliveries and queues every one not yet delivered; returns their ids.</summary>
    public async Task<IReadOnlyList<long>> PlanAsync(int reportId, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var report = await context.Reports.AsNoTracking()
            .Where(r => r.Id == reportId)
            .Select(r => new { r.Id, r.Scope })
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw new ArgumentException($"There is no stored report {reportId}.", nameof(reportId));

        var contact = report.Scope.Length == 0
            ? null
            : await context.Teams.AsNoTracking().Where(t => t.Slug == report.Scope).Select(t => t.ContactEmail).SingleOrDefaultAsync(cancellationToken);
        var inForce = await settings.GetAsync(cancellationToken);
        foreach (var problem in inForce.Problems)
        {
            // The destinations that can be read still get the report; the Settings and Reports pages show the same words.
            logger.LogError("Report {ReportId}: {Problem}", reportId, problem);
        }

        var destinations = DeliveryDestinations.For(inForce.Options, report.Scope, contact);
        var deliveries = await EnsureAsync(context, reportId, destinations, cancellationToken);

        foreach (var delivery in deliveries.Where(d => d.Status != DeliveryStatus.Delivered))
        {
            Enqueue(delivery.Id);
        }

        logger.LogInformation(
            "Report {ReportId} ({Scope}) goes to {Destinations} destinations, {Queued} queued",
            reportId, report.Scope.Length == 0 ? ReportDeliveryOptions.OrganisationKey : report.Scope, deliveries.Count, deliveries.Count(d => d.Status != DeliveryStatus.Delivered));
        return [.. deliveries.Select(d => d.Id)];
    }

    /// <summary>Queues a delivery again (the Reports page's retry button). False when it was delivered already: nothing is sent twice.</summary>
    public async Task<bool> RetryAsync(long deliveryId, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var delivery = await context.ReportDeliveries.SingleOrDefaultAsync(d => d.Id == deliveryId, cancellationToken)
            ?? throw new ArgumentException($"There is no report delivery {deliveryId}.", nameof(deliveryId));
        if (delivery.Status == DeliveryStatus.Delivered)
        {
            return false;
        }

        delivery.Status = DeliveryStatus.Pending;
        await context.SaveChangesAsync(cancellationToken);
        Enqueue(delivery.Id);
        logger.LogInformation("Report delivery {DeliveryId} ({Channel} to {Target}) queued again", delivery.Id, delivery.Channel, delivery.Target);
        return true;
    }

    private void Enqueue(long deliveryId) =>
        jobs.Enqueue<IReportDeliveryJob>(JobQueues.Default, job => job.RunAsync(deliveryId, CancellationToken.None));

    private async Task<IReadOnlyList<ReportDelivery>> EnsureAsync(
        TrackerDbContext context, int reportId, IReadOnlyList<DeliveryDestination> destinations, CancellationToken cancellationToken)
    {
        for (var round = 1; ; round++)
        {
            var existing = await context.ReportDeliveries.AsNoTracking().Where(d => d.ReportId == reportId).ToListAsync(cancellationToken);
            var missing = destinations.Where(w => !existing.Exists(e => e.Channel == w.Channel && e.Target == w.Target)).ToList();
            if (missing.Count == 0)
            {
                return [.. destinations.Select(w => existing.First(e => e.Channel == w.Channel && e.Target == w.Target))];
            }

            var now = clock.GetUtcNow().UtcDateTime;
            context.ReportDeliveries.AddRange(missing.Select(w => new ReportDelivery
            {
                ReportId = reportId,
                Channel = w.Channel,
                Target = w.Target,
                Status = DeliveryStatus.Pending,
                CreatedAt = now,
            }));
            try
            {
                await context.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException ex) when (round < MaxRounds)
            {
                logger.LogDebug(ex, "Report {ReportId}: another process planned the same deliveries; reading them back", reportId);
            }

            context.ChangeTracker.Clear();
        }
    }
}
