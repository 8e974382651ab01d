using Hangfire;
using MigrationTracker.Core.Jobs;
using MigrationTracker.Core.Reports;
using MigrationTracker.Workers.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MigrationTracker.Workers.Reports;

/// <summary>
/// Generates the last finished week's reports and queues their deliveries. Running it twice (a retry, two
/// schedules firing) keeps the first stored reports and creates no second delivery.
/// </summary>
public sealed class WeeklyReportJob(ReportStore store, ReportDeliveryPlanner deliveries, TimeProvider clock, ILogger<WeeklyReportJob> logger) : IWeeklyReportJob
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var week = ReportWeek.LastCompleted(clock.GetUtcNow().UtcDateTime);
        var reports = await store.GenerateAllAsync(week, "schedule", replace: false, cancellationToken);
        logger.LogInformation("Stored {Count} weekly reports for the week of {Week}", reports.Count, ReportWeek.IsoName(week));

        // Planning is idempotent: a second run finds the deliveries made by the first and queues only those not delivered.
        foreach (var report in reports)
        {
            await deliveries.PlanAsync(report.Id, cancellationToken);
        }
    }
}

public static class ReportSchedule
{
    public const string JobId = "weekly-report";

    /// <summary>Adds, moves or removes the recurring weekly report job to match the settings.</summary>
    public static void Apply(IRecurringJobManager recurring, ReportOptions options)
    {
        ArgumentNullException.ThrowIfNull(recurring);
        ArgumentNullException.ThrowIfNull(options);
        if (!options.ScheduleEnabled)
        {
            recurring.RemoveIfExists(JobId);
            return;
        }

        recurring.AddOrUpdate<IWeeklyReportJob>(
            JobId,
            JobQueues.Default,
            job => job.RunAsync(CancellationToken.None),
            options.Schedule,
            new RecurringJobOptions { TimeZone = options.ResolveTimeZone() });
    }

    /// <summary>The weekly report job, its settings and (in the process owning the schema) its schedule.</summary>
    public static IServiceCollection AddWeeklyReports(this IServiceCollection services, SchemaRole schemaRole)
    {
        services.AddOptions<ReportOptions>()
            .BindConfiguration(ReportOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddTransient<IWeeklyReportJob, WeeklyReportJob>();
        if (schemaRole == SchemaRole.Migrate)
        {
            services.AddHostedService<ReportScheduleRegistrar>();
        }

        return services;
    }
}

/// <summary>At start, brings the recurring weekly report in line with the settings.</summary>
internal sealed class ReportScheduleRegistrar(IRecurringJobManager recurring, IOptions<ReportOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        ReportSchedule.Apply(recurring, options.Value);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
