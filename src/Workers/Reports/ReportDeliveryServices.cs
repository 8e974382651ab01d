using MigrationTracker.Core.Jobs;
using MigrationTracker.Core.Reports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MigrationTracker.Workers.Reports;

public static class ReportDeliveryServices
{
    /// <summary>
    /// Report delivery by mail and webhook: settings (checked at start), the planner, the delivery job and its
    /// HTTP client. Uses the registered report writers for the PDF attachment.
    /// </summary>
    public static IServiceCollection AddReportDelivery(this IServiceCollection services)
    {
        services.AddOptions<ReportDeliveryOptions>()
            .BindConfiguration(ReportDeliveryOptions.SectionName)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ReportDeliveryOptions>, ReportDeliveryOptionsValidator>();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ReportRenderer>();
        services.AddSingleton<ReportDeliverySettings>();
        services.AddSingleton<ReportMailSender>();
        services.AddSingleton<ReportWebhookSender>();
        services.AddSingleton<ReportDeliveryPlanner>();
        services.AddTransient<IReportDeliveryJob, ReportDeliveryJob>();

        services.AddHttpClient(ReportWebhookSender.ClientName, client => client.Timeout = ReportWebhookSender.Timeout)

            // A redirect would turn the POST into a GET, or carry the report to another host: it counts as a failure instead.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })

            // The default request logging writes the URL, which may hold the webhook's token; the job logs the webhook's name.
            .RemoveAllLoggers();
        return services;
    }
}
